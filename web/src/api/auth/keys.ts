/** Query keys of the auth resource. */
export const authKeys = {
  all: ["auth"] as const,
  /** Whether first-run setup is still open. */
  status: () => [...authKeys.all, "status"] as const,
  /** The signed-in user. */
  me: () => [...authKeys.all, "me"] as const,
};
