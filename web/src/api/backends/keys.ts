/** Query keys of the endpoint types (`GET /backends`): they change only with a new F2L version. */
export const backendKeys = {
  all: ["backends"] as const,
  list: () => [...backendKeys.all, "list"] as const,
};
