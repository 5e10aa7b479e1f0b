import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { executionKeys, type ExecutionFilter, type OperationFilter } from "./keys";

export type Execution = Schemas["ExecutionRead"];
export type ExecutionStatus = Schemas["ExecutionStatus"];
export type Operation = Schemas["OperationRead"];
export type LogRead = Schemas["LogRead"];

/** Whether a run of this status may still change (it is waiting or working). */
export function isActive(status: ExecutionStatus): boolean {
  return status === "queued" || status === "running";
}

export const executionQueries = {
  /** One page of runs, newest first unless `sort` says otherwise. */
  list: (filter: ExecutionFilter = {}) =>
    queryOptions({
      queryKey: executionKeys.list(filter),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/executions", { params: { query: filter }, signal })),
      placeholderData: keepPreviousData, // paging keeps the last page on screen until the next arrives
    }),
  /** One run with its progress and summary. */
  detail: (id: string) =>
    queryOptions({
      queryKey: executionKeys.detail(id),
      queryFn: ({ signal }) =>
        unwrap(api.GET("/api/v1/executions/{execution_id}", { params: { path: { execution_id: id } }, signal })),
    }),
  /** One page of a run's file operations, in the order they finished (e.g. `{ status: "failed" }`). */
  operations: (id: string, filter: OperationFilter = {}) =>
    queryOptions({
      queryKey: executionKeys.operations(id, filter),
      queryFn: ({ signal }) =>
        unwrap(
          api.GET("/api/v1/executions/{execution_id}/operations", {
            params: { path: { execution_id: id }, query: filter },
            signal,
          }),
        ),
      placeholderData: keepPreviousData,
    }),
  /** The run's last `limit` log lines, oldest first (the API answers newest first). */
  logs: (id: string, limit = 500) =>
    queryOptions({
      queryKey: executionKeys.logs(id, limit),
      queryFn: async ({ signal }) => {
        const page = await unwrap(api.GET("/api/v1/logs", { params: { query: { execution_id: id, limit } }, signal }));
        return [...page.data].reverse();
      },
    }),
};
