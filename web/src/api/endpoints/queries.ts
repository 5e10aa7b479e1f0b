import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { STATS_POLL_MS } from "../stats/queries";
import { endpointKeys, type EndpointFilter } from "./keys";

export type Endpoint = Schemas["EndpointRead"];
export type BrowsePage = Schemas["BrowsePage"];
export type BrowseItem = Schemas["BrowseItem"];
export type PathMetadata = Schemas["PathMetadata"];

/** Rows per page of a folder listing. */
export const BROWSE_LIMIT = 100;

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
  /** One endpoint. */
  detail: (id: string) =>
    queryOptions({
      queryKey: endpointKeys.detail(id),
      queryFn: ({ signal }) =>
        unwrap(api.GET("/api/v1/endpoints/{endpoint_id}", { params: { path: { endpoint_id: id } }, signal })),
    }),
  /** One page of a folder of an endpoint (folders and files, with size and time). */
  browse: (id: string, path: string, page = 1, limit = BROWSE_LIMIT) =>
    queryOptions({
      queryKey: endpointKeys.browse(id, path, page, limit),
      queryFn: ({ signal }) =>
        unwrap(
          api.GET("/api/v1/endpoints/{endpoint_id}/browse", {
            params: { path: { endpoint_id: id }, query: { path, page, limit } },
            signal,
          }),
        ),
      staleTime: 30_000,
    }),
  /** A file's attributes (size, time, ETag, storage class, type), or a folder's totals. */
  metadata: (id: string, path: string) =>
    queryOptions({
      queryKey: endpointKeys.metadata(id, path),
      queryFn: ({ signal }) =>
        unwrap(
          api.GET("/api/v1/endpoints/{endpoint_id}/metadata", {
            params: { path: { endpoint_id: id }, query: { path } },
            signal,
          }),
        ),
      staleTime: 30_000,
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
