export { authKeys } from "./keys";
export { authQueries } from "./queries";
export { useLogin, useLogout, useSetupAdmin, type Credentials } from "./mutations";
export { authSession } from "./instance";
export { useAuthState } from "./useAuthState";
export type { AuthState, SignedOutReason, User } from "./session";
export { roleAllows, useCan, useRole, type Role } from "./role";
