import type { paths } from "../../client";

/** The query of `GET /endpoints`: type, connection status, name search, page. */
export type EndpointFilter = NonNullable<paths["/api/v1/endpoints"]["get"]["parameters"]["query"]>;

/** Query keys of endpoints: all → lists → list(filter); details → detail(id). */
export const endpointKeys = {
  all: ["endpoints"] as const,
  lists: () => [...endpointKeys.all, "list"] as const,
  list: (filter: EndpointFilter) => [...endpointKeys.lists(), filter] as const,
  details: () => [...endpointKeys.all, "detail"] as const,
  detail: (id: string) => [...endpointKeys.details(), id] as const,
  /** A folder listing: under the endpoint's detail, so invalidating the endpoint reaches it. */
  browse: (id: string, path: string, page: number, limit: number) =>
    [...endpointKeys.detail(id), "browse", { path, page, limit }] as const,
  /** What is known about one path (a file's attributes or a folder's totals). */
  metadata: (id: string, path: string) => [...endpointKeys.detail(id), "metadata", { path }] as const,
};
