import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { statsKeys } from "./keys";

export type Stats = Schemas["Stats"];

/** Refetch period until live events drive the overview: faster while runs are active. */
export const STATS_POLL_MS = 10_000;
export const STATS_POLL_ACTIVE_MS = 2_000;

export const statsQueries = {
  /** Every figure of the overview over the last `days` UTC days (today included). */
  summary: (days = 30) =>
    queryOptions({
      queryKey: statsKeys.summary(days),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats", { params: { query: { days } }, signal })),
      refetchInterval: (query) =>
        query.state.data?.active_executions.length ? STATS_POLL_ACTIVE_MS : STATS_POLL_MS,
    }),
};
