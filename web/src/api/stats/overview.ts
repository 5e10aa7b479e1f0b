/** What the overview page shows first, as query options shared by the page and its prefetch. */
import type { QueryClient } from "@tanstack/react-query";
import { endpointQueries } from "../endpoints";
import { statsQueries } from "./queries";

/** The overview's window: its cards and charts cover the last 30 days. */
export const OVERVIEW_DAYS = 30;

/** Starts the overview's first requests (the stats and the offline-endpoint count). */
export function prefetchOverview(client: QueryClient): void {
  void client.query(statsQueries.summary(OVERVIEW_DAYS)).catch(() => undefined);
  void client.query(endpointQueries.offlineCount()).catch(() => undefined);
}
