/**
 * The sign-in of this tab: the access token lives in memory only; the refresh token stays in
 * the HTTP-only cookie the API sets (path /api/v1/auth), so scripts never see it.
 *
 * Each refresh token works once, and presenting a used one revokes the whole sign-in. So
 * refreshes are single-flight within the tab and serialized across tabs (Web Locks): a second
 * tab waits, then sends the cookie the first refresh replaced.
 */
import type { Schemas } from "../../client";

export type User = Schemas["UserRead"];
export type TokenPair = Schemas["TokenPair"];

/** Why a user is signed out: the sign-in expired (say so on the login page) or they left. */
export type SignedOutReason = "expired" | "signed_out";

export type AuthState =
  | { status: "unknown" }
  | { status: "anonymous"; reason: SignedOutReason | null }
  | { status: "authenticated"; user: User };

/** The refresh call: a new pair, "rejected" (401: the sign-in is over), or a thrown error. */
export type RefreshCall = () => Promise<TokenPair | "rejected">;

/** Runs `task` holding the named cross-tab lock (Web Locks API), or directly where there is none. */
export type LockRunner = <T>(name: string, task: () => Promise<T>) => Promise<T>;

export const REFRESH_LOCK = "f2l-auth-refresh";

export const webLock: LockRunner = async <T>(name: string, task: () => Promise<T>): Promise<T> => {
  const locks = globalThis.navigator.locks as LockManager | undefined;
  if (!locks) return task();
  let result: T | undefined;
  await locks.request(name, async () => {
    result = await task();
  });
  return result as T;
}

/** Functions rather than methods: each may be passed around on its own (useSyncExternalStore). */
export interface AuthSession {
  getState: () => AuthState;
  subscribe: (listener: () => void) => () => void;
  accessToken: () => string | null;
  /** After login or setup: keep the access token, remember the user. */
  signedIn: (pair: TokenPair) => void;
  /** A new access token, or null when the sign-in is over (then the state says why). */
  refresh: () => Promise<string | null>;
  /** At start-up: resume the sign-in from the refresh cookie, if there is one. */
  restore: () => Promise<void>;
  /** After logout: forget the token and the user. */
  signedOut: () => void;
}

/**
 * Whether this browser was signed in when it last ran (no secret: a flag in localStorage), so
 * that a sign-in that expired while the tab was closed is reported as expired at the next visit.
 */
export interface SignInHint {
  get(): boolean;
  set(signedIn: boolean): void;
}

const HINT_KEY = "f2l.signedIn";

export const localHint: SignInHint = {
  get: () => {
    try {
      return globalThis.localStorage.getItem(HINT_KEY) === "1";
    } catch {
      return false; // storage disabled: no hint, nothing breaks
    }
  },
  set: (signedIn) => {
    try {
      if (signedIn) globalThis.localStorage.setItem(HINT_KEY, "1");
      else globalThis.localStorage.removeItem(HINT_KEY);
    } catch {
      // storage disabled: the hint only improves a message
    }
  },
};

export function createAuthSession(
  refreshCall: RefreshCall,
  lock: LockRunner = webLock,
  hint: SignInHint = localHint,
): AuthSession {
  let state: AuthState = { status: "unknown" };
  let token: string | null = null;
  let inFlight: Promise<string | null> | null = null;
  const listeners = new Set<() => void>();

  const set = (next: AuthState, nextToken: string | null) => {
    state = next;
    token = nextToken;
    // The hint survives an expiry (the next visit says "expired" too); signing out clears it.
    if (next.status === "authenticated") hint.set(true);
    else if (next.status === "anonymous" && next.reason !== "expired") hint.set(false);
    listeners.forEach((listener) => {
      listener();
    });
  };

  const runRefresh = async (): Promise<string | null> => {
    let outcome: TokenPair | "rejected";
    try {
      outcome = await lock(REFRESH_LOCK, refreshCall);
    } catch {
      // The service could not be reached: keep the sign-in as it is; the caller's error stands.
      if (state.status === "unknown") set({ status: "anonymous", reason: null }, null);
      return null;
    }
    if (outcome === "rejected") {
      const wasSignedIn = state.status === "authenticated" || (state.status === "unknown" && hint.get());
      set({ status: "anonymous", reason: wasSignedIn ? "expired" : null }, null);
      return null;
    }
    set({ status: "authenticated", user: outcome.user }, outcome.access_token);
    return outcome.access_token;
  };

  const refresh = (): Promise<string | null> => {
    inFlight ??= runRefresh().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };

  return {
    getState: () => state,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    accessToken: () => token,
    signedIn: (pair) => {
      set({ status: "authenticated", user: pair.user }, pair.access_token);
    },
    refresh,
    restore: async () => {
      if (state.status === "unknown") await refresh();
    },
    signedOut: () => {
      set({ status: "anonymous", reason: "signed_out" }, null);
    },
  };
}
