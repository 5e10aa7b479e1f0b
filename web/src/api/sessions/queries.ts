import { keepPreviousData, queryOptions } from "@tanstack/react-query";
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
   * minute, and the last page stays on screen while the next is computed.
   */
  preview: (id: string, page: number, limit: number) =>
    queryOptions({
      queryKey: sessionKeys.preview(id, page, limit),
      queryFn: ({ signal }) =>
        unwrap(
          api.POST("/api/v1/sessions/{session_id}/preview", {
            params: { path: { session_id: id }, query: { page, limit } },
            signal,
          }),
        ),
      staleTime: 60_000,
      placeholderData: keepPreviousData,
    }),
};
