import { lazy, Suspense, type ReactNode } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import { RequireAuth } from "./components/auth/RequireAuth";
import { PageLoader } from "./components/common/PageLoader";
import { RouteError } from "./components/common/RouteError";
import { PAGES } from "./navigation";

// One chunk per page (and one for the shell): the sign-in page does not carry the charts.
const AppShell = lazy(() => import("./components/layout/AppShell"));
const FirstRunPage = lazy(() => import("./routes/FirstRunPage"));
const SignInPage = lazy(() => import("./routes/SignInPage"));
const SignOutPage = lazy(() => import("./routes/SignOutPage"));
const OverviewPage = lazy(() => import("./routes/OverviewPage"));
const PlaceholderPage = lazy(() => import("./routes/PlaceholderPage"));
const NotFoundPage = lazy(() => import("./routes/NotFoundPage"));

function page(element: ReactNode) {
  return <Suspense fallback={<PageLoader />}>{element}</Suspense>;
}

const shellPages: RouteObject[] = PAGES.map((info) =>
  info.path === ""
    ? { index: true, element: page(<OverviewPage />) }
    : { path: info.path, element: page(<PlaceholderPage page={info} />) },
);

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
