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
};
