/**
 * The sign-in's refresh logic through the real client and middleware; only `fetch` (the
 * network boundary) is replaced, by a tiny fake of the API's auth rules.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { bearerAuth, createApiClient, type ApiClient } from "../../client";
import { createAuthSession, type AuthSession, type LockRunner, type SignInHint, type TokenPair } from "./session";

const USER: TokenPair["user"] = {
  id: "u1",
  username: "admin",
  role: "admin",
  is_active: true,
  created_at: "2026-12-01T00:00:00Z",
  last_login_at: null,
};

function pair(access: string): TokenPair {
  return { access_token: access, refresh_token: "in-the-cookie", token_type: "bearer", expires_in: 3600, user: USER };
}

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The fake server: which access token is valid, whether the refresh cookie still works, what it saw. */
interface FakeApi {
  valid: string;
  refreshWorks: boolean;
  refreshes: number;
  seen: { path: string; auth: string | null; body: string }[];
}

function fakeFetch(server: FakeApi) {
  return vi.fn(async (request: Request) => {
    const path = new URL(request.url).pathname;
    server.seen.push({ path, auth: request.headers.get("Authorization"), body: await request.text() });
    if (path === "/api/v1/auth/refresh") {
      server.refreshes += 1;
      if (!server.refreshWorks) return json({ detail: "refresh token revoked: sign in again" }, 401);
      server.valid = `access-${server.refreshes + 1}`;
      return json(pair(server.valid));
    }
    if (path === "/api/v1/auth/login") return json({ detail: "wrong user name or password" }, 401);
    if (request.headers.get("Authorization") !== `Bearer ${server.valid}`) {
      return json({ detail: "invalid token" }, 401);
    }
    return json({ ok: path });
  });
}

const noLock: LockRunner = (_name, task) => task();

function memoryHint(initial = false): SignInHint {
  let value = initial;
  return { get: () => value, set: (next) => { value = next; } };
}

let server: FakeApi;
let api: ApiClient;
let session: AuthSession;

function setUp(hint = memoryHint(), lock = noLock) {
  api = createApiClient("http://localhost");
  session = createAuthSession(async () => {
    const { data, response } = await api.POST("/api/v1/auth/refresh");
    if (response.status === 401) return "rejected";
    if (!data) throw new Error(`refresh answered ${response.status}`);
    return data;
  }, lock, hint);
  api.use(bearerAuth(session));
}

beforeEach(() => {
  server = { valid: "access-1", refreshWorks: true, refreshes: 0, seen: [] };
  vi.stubGlobal("fetch", fakeFetch(server));
  setUp();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("the bearer token and its refresh", () => {
  it("sends the access token of the sign-in", async () => {
    session.signedIn(pair("access-1"));
    const { data } = await api.GET("/api/v1/auth/me");
    expect(data).toEqual({ ok: "/api/v1/auth/me" });
    expect(server.seen[0]?.auth).toBe("Bearer access-1");
    expect(server.refreshes).toBe(0);
  });

  it("refreshes an expired access token silently and repeats the request, body included", async () => {
    session.signedIn(pair("access-0")); // expired: the server wants access-1… after a refresh, access-2
    const { data, response } = await api.POST("/api/v1/sessions/{session_id}/start", {
      params: { path: { session_id: "s1" } },
      body: { dry_run: true },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: "/api/v1/sessions/s1/start" });
    expect(server.refreshes).toBe(1);
    const last = server.seen.at(-1);
    expect(last?.auth).toBe("Bearer access-2");
    expect(JSON.parse(last?.body ?? "{}")).toEqual({ dry_run: true });
    expect(session.accessToken()).toBe("access-2");
    expect(session.getState()).toMatchObject({ status: "authenticated" });
  });

  it("refreshes once for many requests that fail together", async () => {
    session.signedIn(pair("stale"));
    const results = await Promise.all([
      api.GET("/api/v1/auth/me"),
      api.GET("/api/v1/stats"),
      api.GET("/api/v1/endpoints"),
    ]);
    expect(results.map((result) => result.response.status)).toEqual([200, 200, 200]);
    expect(server.refreshes).toBe(1);
  });

  it("uses a token another request already refreshed instead of refreshing again", async () => {
    session.signedIn(pair("stale"));
    server.valid = "fresh";
    const first = api.GET("/api/v1/stats"); // sent with "stale"
    session.signedIn(pair("fresh")); // meanwhile another call got a new pair
    expect((await first).response.status).toBe(200);
    expect(server.seen.map((seen) => seen.auth)).toEqual(["Bearer stale", "Bearer fresh"]);
    expect(server.refreshes).toBe(0);
  });

  it("ends an expired sign-in: the 401 stands and the state says 'expired'", async () => {
    session.signedIn(pair("stale"));
    server.refreshWorks = false;
    const { response } = await api.GET("/api/v1/stats");
    expect(response.status).toBe(401);
    expect(session.getState()).toEqual({ status: "anonymous", reason: "expired" });
    expect(session.accessToken()).toBeNull();
  });

  it("never refreshes on the sign-in flow's own 401s", async () => {
    const { response } = await api.POST("/api/v1/auth/login", { body: { username: "a", password: "b" } });
    expect(response.status).toBe(401);
    expect(server.refreshes).toBe(0);
  });
});

describe("resuming a sign-in at start-up", () => {
  it("resumes from the refresh cookie", async () => {
    await session.restore();
    expect(session.getState()).toEqual({ status: "authenticated", user: USER });
    expect(session.accessToken()).toBe("access-2");
  });

  it("is a plain visitor when there was no sign-in", async () => {
    server.refreshWorks = false;
    await session.restore();
    expect(session.getState()).toEqual({ status: "anonymous", reason: null });
  });

  it("says 'expired' when this browser was signed in last time", async () => {
    setUp(memoryHint(true));
    server.refreshWorks = false;
    await session.restore();
    expect(session.getState()).toEqual({ status: "anonymous", reason: "expired" });
  });

  it("keeps saying 'expired' at the next visit until someone signs in or out", async () => {
    const hint = memoryHint();
    setUp(hint);
    session.signedIn(pair("stale"));
    server.refreshWorks = false;
    await api.GET("/api/v1/stats");
    expect(session.getState()).toEqual({ status: "anonymous", reason: "expired" });
    setUp(hint); // the tab is reloaded
    await session.restore();
    expect(session.getState()).toEqual({ status: "anonymous", reason: "expired" });
  });

  it("keeps the sign-in when the service cannot be reached", async () => {
    session.signedIn(pair("stale"));
    vi.stubGlobal("fetch", vi.fn(() => Promise.reject(new TypeError("Failed to fetch"))));
    await expect(session.refresh()).resolves.toBeNull();
    expect(session.getState()).toMatchObject({ status: "authenticated" });
  });

  it("refreshes under the cross-tab lock", async () => {
    const names: string[] = [];
    setUp(memoryHint(), (name, task) => {
      names.push(name);
      return task();
    });
    await session.restore();
    expect(names).toEqual(["f2l-auth-refresh"]);
  });

  it("signs out: token and user forgotten, the hint cleared", () => {
    const hint = memoryHint();
    setUp(hint);
    session.signedIn(pair("access-1"));
    expect(hint.get()).toBe(true);
    session.signedOut();
    expect(session.getState()).toEqual({ status: "anonymous", reason: "signed_out" });
    expect(hint.get()).toBe(false);
  });
});
