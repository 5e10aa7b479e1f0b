import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { statsKeys } from "./keys";

export type Stats = Schemas["Stats"];

/**
 * A safety refetch only: live events move the active runs' bars and refetch the figures when a
 * run starts or ends (see `live/cache.ts`).
 */
export const STATS_POLL_MS = 60_000;

export const statsQueries = {
  /** Every figure of the overview over the last `days` UTC days (today included). */
  summary: (days = 30) =>
    queryOptions({
      queryKey: statsKeys.summary(days),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/stats", { params: { query: { days } }, signal })),
      refetchInterval: STATS_POLL_MS,
    }),
};
