/**
 * The `next` query parameter of the sign-in page: where to go after signing in. Only a path of
 * this app is accepted ("/…", not "//host" or "https://…"), so a link cannot send a user away.
 */
export function safeNextPath(next: string | null): string {
  if (!next?.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  if (next.startsWith("/login") || next.startsWith("/logout") || next.startsWith("/setup")) return "/";
  return next;
}

/** The sign-in page's address that returns to `here` (and says why, when the sign-in expired). */
export function loginPath(here: string, reason: "expired" | "signed_out" | null): string {
  const params = new URLSearchParams();
  if (here !== "/") params.set("next", here);
  if (reason) params.set("reason", reason);
  const query = params.toString();
  return query ? `/login?${query}` : "/login";
}
