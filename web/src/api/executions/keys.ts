import type { paths } from "../../client";

/** The query of `GET /executions`: session, status, time window, sort, page. */
export type ExecutionFilter = NonNullable<paths["/api/v1/executions"]["get"]["parameters"]["query"]>;

/** Query keys of runs: all → lists → list(filter); details → detail(id). */
export const executionKeys = {
  all: ["executions"] as const,
  lists: () => [...executionKeys.all, "list"] as const,
  list: (filter: ExecutionFilter) => [...executionKeys.lists(), filter] as const,
  details: () => [...executionKeys.all, "detail"] as const,
  detail: (id: string) => [...executionKeys.details(), id] as const,
};
