import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { logKeys, type LogPageRequest } from "./keys";

export type LogRead = Schemas["LogRead"];
export type LogPage = Schemas["Page_LogRead_"];

/** Lines per request of the logs page (the API allows up to 500). */
export const LOG_PAGE_SIZE = 200;

/** One page of `GET /logs`, newest first. */
export function fetchLogPage(request: LogPageRequest, signal?: AbortSignal): Promise<LogPage> {
  return unwrap(api.GET("/api/v1/logs", { params: { query: { limit: LOG_PAGE_SIZE, ...request } }, signal }));
}

export const logQueries = {
  /**
   * The newest lines matching a filter. Live `log` events add to it between fetches; the live
   * layer invalidates `logKeys` when a run ends, and the slow refetch catches lines that are
   * never pushed (scheduler and audit lines belong to no run).
   */
  latest: (request: LogPageRequest) =>
    queryOptions({
      queryKey: logKeys.list({ ...request, page: 1 }),
      queryFn: ({ signal }) => fetchLogPage({ ...request, page: 1 }, signal),
      refetchInterval: 30_000,
    }),
};
