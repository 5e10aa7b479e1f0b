import type { Role } from "../../api/users";

/** Roles as the settings page names and explains them (the API's rule: each includes the ones below). */
export const ROLES: readonly { role: Role; label: string; help: string }[] = [
  { role: "viewer", label: "Viewer", help: "Sees everything, changes nothing." },
  { role: "operator", label: "Operator", help: "Also adds and edits endpoints and sessions, starts and cancels runs." },
  { role: "admin", label: "Admin", help: "Also manages users and settings." },
];

export const ROLE_LABEL: Record<Role, string> = { viewer: "Viewer", operator: "Operator", admin: "Admin" };
