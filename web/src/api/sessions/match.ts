/**
 * The live count of what a session's filters match: `POST /endpoints/{id}/match` on the source
 * endpoint and folder. It scans up to a limit; `complete: false` says the count is a lower bound.
 */
import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { sessionKeys } from "./keys";

/** The filters as the match endpoint takes them (the engine's names, not the session's), every one sent. */
export type MatchFilters = Required<Schemas["FilterSpec"]>;

export interface MatchRequest {
  path: string;
  filters: MatchFilters;
}

export type MatchResult = Schemas["FilterMatch"];

export const matchQueries = {
  /** What `request`'s filters match under its folder of `endpointId`. */
  count: (endpointId: string, request: MatchRequest) =>
    queryOptions({
      queryKey: sessionKeys.match(endpointId, request),
      queryFn: ({ signal }) =>
        unwrap(
          api.POST("/api/v1/endpoints/{endpoint_id}/match", {
            params: { path: { endpoint_id: endpointId } },
            body: request,
            signal,
          }),
        ),
      staleTime: 30_000,
    }),
};
