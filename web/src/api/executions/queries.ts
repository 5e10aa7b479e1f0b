import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { executionKeys, type ExecutionFilter } from "./keys";

export type Execution = Schemas["ExecutionRead"];
export type ExecutionStatus = Schemas["ExecutionStatus"];

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
};
