import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { unwrapFields } from "../fieldErrors";
import { executionKeys } from "../executions/keys";
import { statsKeys } from "../stats/keys";
import { sessionKeys } from "./keys";
import { forgetPreviewPlan, type Session, type SessionCreate, type SessionUpdate } from "./queries";

type StartRequest = Schemas["StartRequest"];

/** Store a session's new state and refetch the lists (its card, the board, the overview's count). */
function useSessionChanged() {
  const queryClient = useQueryClient();
  return (session: Session) => {
    queryClient.setQueryData(sessionKeys.detail(session.id), session);
    forgetPreviewPlan(session.id); // the old plan no longer says what a run would do
    queryClient.removeQueries({ queryKey: sessionKeys.previews(session.id) });
    void queryClient.invalidateQueries({ queryKey: sessionKeys.lists() });
    void queryClient.invalidateQueries({ queryKey: statsKeys.all });
  };
}

/** Create a session (operator). */
export function useCreateSession() {
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: (body: SessionCreate) => unwrapFields(api.POST("/api/v1/sessions", { body })),
    onSuccess: changed,
  });
}

/** Change the fields sent (operator); the cached preview of the session is dropped with it. */
export function useUpdateSession() {
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: SessionUpdate }) =>
      unwrapFields(api.PATCH("/api/v1/sessions/{session_id}", { params: { path: { session_id: id } }, body })),
    onSuccess: changed,
  });
}

/** Delete a session and its history (operator; refused while a run is active). */
export function useDeleteSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.DELETE("/api/v1/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: sessionKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: executionKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: statsKeys.all });
    },
  });
}

/** Queue a run of a session (operator) with the options of a run started by hand. */
export function useStartSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, options }: { id: string; options: StartRequest }) =>
      unwrap(
        api.POST("/api/v1/sessions/{session_id}/start", { params: { path: { session_id: id } }, body: options }),
      ),
    onSuccess: (_data, { id }) => {
      void queryClient.invalidateQueries({ queryKey: sessionKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: sessionKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: executionKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: statsKeys.all });
    },
  });
}

/** Pause (`paused: true`) or resume a session's schedule (operator). */
export function useSetSchedulePaused() {
  const changed = useSessionChanged();
  return useMutation({
    mutationFn: ({ id, paused }: { id: string; paused: boolean }) => {
      const params = { params: { path: { session_id: id } } };
      return unwrap(
        paused
          ? api.POST("/api/v1/sessions/{session_id}/schedule/pause", params)
          : api.POST("/api/v1/sessions/{session_id}/schedule/resume", params),
      );
    },
    onSuccess: changed,
  });
}
