import type { paths } from "../../client";

/** The query of `GET /users`: page and size. */
export type UserPaging = NonNullable<paths["/api/v1/users"]["get"]["parameters"]["query"]>;

/** Query keys of accounts: all → lists → list(paging). */
export const userKeys = {
  all: ["users"] as const,
  lists: () => [...userKeys.all, "list"] as const,
  list: (paging: UserPaging) => [...userKeys.lists(), paging] as const,
};
