import { hashKey, keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { sessionKeys, type SessionFilter } from "./keys";

export type Session = Schemas["SessionRead"];
export type SessionCreate = Schemas["SessionCreate"];
export type SessionUpdate = Schemas["SessionUpdate"];
export type Preview = Schemas["Preview"];
export type PreviewTotals = Schemas["PreviewTotals"];
export type PreviewItem = Schemas["PreviewItem"];
export type Direction = Schemas["Direction"];
export type CompareMode = Schemas["CompareMode"];
export type ConflictPolicy = Schemas["ConflictPolicy"];
export type FolderMatchMode = Schemas["FolderMatchMode"];
export type ScheduleUnit = Schemas["ScheduleUnit"];

/**
 * A safety refetch for what changes on the server's own schedule (next run, last result): the
 * live layer invalidates sessions when a run ends; this catches a run that starts by itself.
 */
export const SESSIONS_REFRESH_MS = 30_000;

/** The plan each session's preview pages come from (session id → plan id), until planned again. */
const currentPlans = new Map<string, string>();

/** Forget the session's plan: its next preview page plans again ("Preview again"). */
export function forgetPreviewPlan(id: string): void {
  currentPlans.delete(id);
}

export const sessionQueries = {
  /** One page of sessions, newest first. */
  list: (filter: SessionFilter = {}) =>
    queryOptions({
      queryKey: sessionKeys.list(filter),
      queryFn: ({ signal }) => unwrap(api.GET("/api/v1/sessions", { params: { query: filter }, signal })),
      placeholderData: keepPreviousData,
      refetchInterval: SESSIONS_REFRESH_MS,
    }),
  /** One session with its next scheduled run and last run. */
  detail: (id: string) =>
    queryOptions({
      queryKey: sessionKeys.detail(id),
      queryFn: ({ signal }) =>
        unwrap(api.GET("/api/v1/sessions/{session_id}", { params: { path: { session_id: id } }, signal })),
      refetchInterval: SESSIONS_REFRESH_MS,
    }),
  /**
   * A page of the dry-run plan (it lists both endpoints, so it can take a while): kept for a
   * minute, and the last page stays on screen while the next is computed. The pages after the
   * first name its plan (`plan_id`): the server cuts them from that plan instead of listing
   * again, and all of them show one snapshot. When the server had to plan anew (the plan expired,
   * the session changed), the pages kept from the old plan are dropped.
   */
  preview: (id: string, page: number, limit: number) =>
    queryOptions({
      queryKey: sessionKeys.preview(id, page, limit),
      queryFn: async ({ signal, client, queryKey }) => {
        const known = currentPlans.get(id);
        const data = await unwrap(
          api.POST("/api/v1/sessions/{session_id}/preview", {
            params: { path: { session_id: id }, query: { page, limit, plan_id: known ?? null } },
            signal,
          }),
        );
        if (data.plan_id !== known) {
          currentPlans.set(id, data.plan_id);
          client.removeQueries({
            queryKey: sessionKeys.previews(id),
            predicate: (query) => query.queryHash !== hashKey(queryKey),
          });
        }
        return data;
      },
      staleTime: 60_000,
      placeholderData: keepPreviousData,
    }),
};
