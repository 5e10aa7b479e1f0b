import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { authQueries, useAuthState } from "../../api/auth";
import { PageLoader } from "../common/PageLoader";
import { loginPath } from "./nextPath";

/**
 * Shows `children` to a signed-in user. Otherwise: first run goes to /setup; a visitor goes to
 * the sign-in page, which brings them back here (and says so when their sign-in expired).
 */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const setup = useQuery(authQueries.status());
  const auth = useAuthState();
  if (setup.data?.setup_required) return <Navigate to="/setup" replace />;
  if (setup.isPending || auth.status === "unknown") return <PageLoader label="Signing in…" />;
  if (auth.status === "anonymous") {
    const here = `${location.pathname}${location.search}${location.hash}`;
    return <Navigate to={loginPath(here, auth.reason === "expired" ? "expired" : null)} replace />;
  }
  return children;
}
