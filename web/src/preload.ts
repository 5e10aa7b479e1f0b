/**
 * A head start for a returning user. Without it, a cold load is a waterfall: the main bundle
 * renders, then resumes the sign-in, then fetches the shell's code, then the page's code, then
 * the page's data. Here, before the first render, the sign-in is resumed and — when this browser
 * was signed in last time — the shell's and the page's code download at the same time; the
 * page's first data follows as soon as the access token is back. The lazy components and the
 * queries later find all of it under the same module URLs and query keys.
 */
import type { QueryClient } from "@tanstack/react-query";
import { matchPath } from "react-router";
import { authQueries, authSession } from "./api/auth";
import { localHint } from "./api/auth/session";
import { PAGES } from "./navigation";
import { loadPage } from "./pages";

/** Paths served outside the signed-in shell. */
const OUTSIDE_SHELL = ["/setup", "/login", "/logout"];

/** Pages whose first data can be fetched before their code has arrived. */
const FIRST_DATA: Readonly<Record<string, () => Promise<(client: QueryClient) => void>>> = {
  OverviewPage: async () => (await import("./api/stats/overview")).prefetchOverview,
};

/** The component file (`routes/<file>.tsx`) that shows `pathname` in the shell, if any. */
export function pageFileFor(pathname: string): string | null {
  for (const info of PAGES) {
    const routes: [string, string][] = [[info.path, info.page], ...Object.entries(info.subroutes ?? {})];
    for (const [path, file] of routes) {
      if (matchPath({ path: `/${path}`, end: true }, pathname)) return file;
    }
  }
  return null;
}

/** Starts what the page at `pathname` will need; returns at once (nothing here can fail the app). */
export function preloadFor(pathname: string, client: QueryClient): void {
  if (OUTSIDE_SHELL.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return;
  void client.query(authQueries.status()).catch(() => undefined);
  const restored = authSession.restore();
  // A first-time visitor is sent to the sign-in page: no shell code for them.
  if (!localHint.get()) return;
  void import("./components/layout/AppShell").catch(() => undefined);
  const file = pageFileFor(pathname);
  if (!file) return;
  void loadPage(file)?.catch(() => undefined);
  const data = FIRST_DATA[file];
  if (!data) return;
  void Promise.all([data(), restored])
    .then(([prefetch]) => {
      if (authSession.accessToken()) prefetch(client);
    })
    .catch(() => undefined); // the page asks again and reports its own errors
}
