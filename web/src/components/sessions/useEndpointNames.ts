import { useQuery } from "@tanstack/react-query";
import { endpointQueries, type EndpointFilter } from "../../api/endpoints";

/** Every endpoint on one page (the API's largest): sessions name them, the editor offers them. */
export const ALL_ENDPOINTS: EndpointFilter = { limit: 500 };

/** An endpoint's name by id ("an endpoint" while loading or when it is gone). */
export function useEndpointNames(): (id: string) => string {
  const endpoints = useQuery(endpointQueries.list(ALL_ENDPOINTS));
  const names = new Map((endpoints.data?.data ?? []).map((endpoint) => [endpoint.id, endpoint.name]));
  return (id) => names.get(id) ?? (endpoints.isPending ? "…" : "unknown endpoint");
}
