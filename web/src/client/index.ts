/**
 * The typed API client. Types come from `schema.d.ts`, generated from the app's OpenAPI
 * document by `npm run gen` (never edited by hand); this file is the only hand-written part.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type { components, paths };
export type Schemas = components["schemas"];

/** Where the access token comes from and how a new one is obtained (see `api/auth/session.ts`). */
export interface BearerTokens {
  accessToken(): string | null;
  /** A new access token, or null when the sign-in is over; concurrent calls share one refresh. */
  refresh(): Promise<string | null>;
}

/** Paths that are the sign-in flow itself: a 401 there is an answer, never a reason to refresh. */
const AUTH_FLOW = new Set<string>([
  "/api/v1/auth/login",
  "/api/v1/auth/refresh",
  "/api/v1/auth/setup",
  "/api/v1/auth/logout",
  "/api/v1/auth/status",
]);

/**
 * Sends `Authorization: Bearer <access token>` and, on a 401, refreshes the token once and
 * repeats the request. The repeat uses a copy taken before sending (a sent body is consumed).
 * When another request already refreshed meanwhile, the newer token is used without a refresh.
 */
export function bearerAuth(tokens: BearerTokens): Middleware {
  const copies = new Map<string, Request>();
  return {
    onRequest({ request, schemaPath, id }) {
      const token = tokens.accessToken();
      if (token) request.headers.set("Authorization", `Bearer ${token}`);
      if (!AUTH_FLOW.has(schemaPath)) copies.set(id, request.clone());
      return request;
    },
    async onResponse({ response, id, options }) {
      const copy = copies.get(id);
      copies.delete(id);
      if (response.status !== 401 || !copy) return undefined;
      const sent = copy.headers.get("Authorization");
      const current = tokens.accessToken();
      const token = current && `Bearer ${current}` !== sent ? current : await tokens.refresh();
      if (!token) return undefined; // the 401 stands; the session says why
      copy.headers.set("Authorization", `Bearer ${token}`);
      return options.fetch(copy);
    },
    onError({ id }) {
      copies.delete(id);
      return undefined;
    },
  };
}

/** A client of the API on `origin` (the page's own, in the browser). */
export function createApiClient(origin: string) {
  return createClient<paths>({
    baseUrl: origin,
    credentials: "same-origin", // the refresh cookie (HTTP-only, path /api/v1/auth) rides along
    // Looked up at each call, so tests can replace `fetch` at the boundary.
    fetch: (request: Request) => globalThis.fetch(request),
  });
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** The app's one client. */
export const api: ApiClient = createApiClient(globalThis.location.origin);
