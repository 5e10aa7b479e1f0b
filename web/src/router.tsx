import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { RequireAuth } from "./components/auth/RequireAuth";
import { PageLoader } from "./components/common/PageLoader";
import { RouteError } from "./components/common/RouteError";
import { PAGES, type PageInfo } from "./navigation";
import { pageComponent } from "./pages";

// One chunk per page (and one for the shell): the sign-in page does not carry the charts.
const AppShell = lazy(() => import("./components/layout/AppShell"));
const FirstRunPage = lazy(() => import("./routes/FirstRunPage"));
const SignInPage = lazy(() => import("./routes/SignInPage"));
const SignOutPage = lazy(() => import("./routes/SignOutPage"));
const PlaceholderPage = lazy(() => import("./routes/PlaceholderPage"));
const NotFoundPage = lazy(() => import("./routes/NotFoundPage"));

function page(element: ReactNode) {
  return <Suspense fallback={<PageLoader />}>{element}</Suspense>;
}

/** The route of `path` showing `routes/<file>.tsx`, or the section's placeholder when not built. */
function sectionRoute(path: string, file: string, info: PageInfo): RouteObject {
  const Component = pageComponent(file);
  const element = page(Component ? <Component /> : <PlaceholderPage page={info} />);
  return path === "" ? { index: true, element } : { path, element };
}

const shellPages: RouteObject[] = PAGES.flatMap((info) => [
  sectionRoute(info.path, info.page, info),
  ...Object.entries(info.subroutes ?? {}).map(([path, file]) => sectionRoute(path, file, info)),
]);

export const routes: RouteObject[] = [
  {
    errorElement: <RouteError />,
    children: [
      { path: "setup", element: page(<FirstRunPage />) },
      { path: "login", element: page(<SignInPage />) },
      { path: "logout", element: page(<SignOutPage />) },
      {
        path: "/",
        element: <RequireAuth>{page(<AppShell />)}</RequireAuth>,
        children: [...shellPages, { path: "*", element: page(<NotFoundPage />) }],
      },
    ],
  },
];

export const router = createBrowserRouter(routes);
