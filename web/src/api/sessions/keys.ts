import type { paths } from "../../client";

/** The query of `GET /sessions`: name search, an endpoint they use, page. */
export type SessionFilter = NonNullable<paths["/api/v1/sessions"]["get"]["parameters"]["query"]>;

/** Query keys of sessions: all → lists → list(filter); details → detail(id) → preview(page). */
export const sessionKeys = {
  all: ["sessions"] as const,
  lists: () => [...sessionKeys.all, "list"] as const,
  list: (filter: SessionFilter) => [...sessionKeys.lists(), filter] as const,
  details: () => [...sessionKeys.all, "detail"] as const,
  detail: (id: string) => [...sessionKeys.details(), id] as const,
  /** Every page of the session's dry-run plan: under the detail, so a change of the session drops them. */
  previews: (id: string) => [...sessionKeys.detail(id), "preview"] as const,
  /** A page of the dry-run plan. */
  preview: (id: string, page: number, limit: number) => [...sessionKeys.previews(id), { page, limit }] as const,
  /** The live count of what a filter matches on an endpoint's folder (the session editor). */
  match: (endpointId: string, request: unknown) => [...sessionKeys.all, "match", endpointId, request] as const,
};
