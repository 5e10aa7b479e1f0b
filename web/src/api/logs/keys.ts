import type { LogFilter } from "./filter";

/** One request of `GET /logs`: the filter, the page, and the `until` the older pages are anchored to. */
export type LogPageRequest = LogFilter & { page?: number; limit?: number };

/** Query keys of log lines: all → lists → list(request). */
export const logKeys = {
  all: ["logs"] as const,
  lists: () => [...logKeys.all, "list"] as const,
  list: (request: LogPageRequest) => [...logKeys.lists(), request] as const,
};
