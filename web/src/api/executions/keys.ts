import type { paths } from "../../client";

/** The query of `GET /executions`: session, status, time window, sort, page. */
export type ExecutionFilter = NonNullable<paths["/api/v1/executions"]["get"]["parameters"]["query"]>;

/** The query of `GET /executions/{id}/operations`: action, status, path text, page. */
export type OperationFilter = NonNullable<
  paths["/api/v1/executions/{execution_id}/operations"]["get"]["parameters"]["query"]
>;

/**
 * Query keys of runs: all → lists → list(filter); details → detail(id). A run's operations
 * and log lines sit under its detail, so invalidating the run reaches them.
 */
export const executionKeys = {
  all: ["executions"] as const,
  lists: () => [...executionKeys.all, "list"] as const,
  list: (filter: ExecutionFilter) => [...executionKeys.lists(), filter] as const,
  details: () => [...executionKeys.all, "detail"] as const,
  detail: (id: string) => [...executionKeys.details(), id] as const,
  operations: (id: string, filter: OperationFilter) => [...executionKeys.detail(id), "operations", filter] as const,
  logs: (id: string, limit: number) => [...executionKeys.detail(id), "logs", { limit }] as const,
};
