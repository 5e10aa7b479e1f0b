import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { STATS_POLL_MS } from "../stats/queries";
import { endpointKeys, type EndpointFilter } from "./keys";

export type Endpoint = Schemas["EndpointRead"];

function listEndpoints(filter: EndpointFilter, signal: AbortSignal) {
  return unwrap(api.GET("/api/v1/endpoints", { params: { query: filter }, signal }));
}

const OFFLINE: EndpointFilter = { status: "offline", limit: 1 };

export const endpointQueries = {
  /** One page of endpoints. */
  list: (filter: EndpointFilter = {}) =>
    queryOptions({
      queryKey: endpointKeys.list(filter),
      queryFn: ({ signal }) => listEndpoints(filter, signal),
    }),
  /** How many endpoints the health monitor found offline (one row fetched; the total counts). */
  offlineCount: () =>
    queryOptions({
      queryKey: endpointKeys.list(OFFLINE),
      queryFn: ({ signal }) => listEndpoints(OFFLINE, signal),
      select: (page) => page.pagination.total,
      refetchInterval: STATS_POLL_MS,
    }),
};
