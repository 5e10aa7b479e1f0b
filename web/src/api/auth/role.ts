import type { Schemas } from "../../client";
import { useAuthState } from "./useAuthState";

export type Role = Schemas["Role"];

/** Roles from least to most allowed; each may do what the ones before it may. */
const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** Whether `role` may do what `needed` may (the API's rule: a higher role includes the lower). */
export function roleAllows(role: Role | null, needed: Role): boolean {
  return role !== null && RANK[role] >= RANK[needed];
}

/** The signed-in user's role, or null while unknown or signed out. */
export function useRole(): Role | null {
  const auth = useAuthState();
  return auth.status === "authenticated" ? auth.user.role : null;
}

/**
 * Whether the signed-in user may act at `needed`: operators start, cancel and edit; admins
 * manage users and settings. Pages hide the controls a user cannot use rather than disable them.
 */
export function useCan(needed: Role): boolean {
  return roleAllows(useRole(), needed);
}
