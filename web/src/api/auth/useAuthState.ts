import { useEffect, useSyncExternalStore } from "react";
import { authSession } from "./instance";
import type { AuthState } from "./session";

/** The sign-in state of this tab; the first use resumes a sign-in from the refresh cookie. */
export function useAuthState(): AuthState {
  const state = useSyncExternalStore(authSession.subscribe, authSession.getState);
  useEffect(() => {
    if (state.status === "unknown") void authSession.restore();
  }, [state.status]);
  return state;
}
