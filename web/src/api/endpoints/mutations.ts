import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { endpointKeys } from "./keys";
import { unwrapFields } from "../fieldErrors";

export type EndpointCreate = Schemas["EndpointCreate"];
export type EndpointUpdate = Schemas["EndpointUpdate"];
export type ConnectionTest = Schemas["ConnectionTest"];
export type PresignResponse = Schemas["PresignResponse"];
export type Analysis = Schemas["Analysis"];

const path = (id: string) => ({ path: { endpoint_id: id } });

/** Add an endpoint (operator); a refusal naming fields throws a FieldsError. */
export function useCreateEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: EndpointCreate) => unwrapFields(api.POST("/api/v1/endpoints", { body })),
    onSuccess: (endpoint) => {
      queryClient.setQueryData(endpointKeys.detail(endpoint.id), endpoint);
      void queryClient.invalidateQueries({ queryKey: endpointKeys.lists() });
    },
  });
}

/** Change an endpoint (operator): only the fields sent change; an omitted secret is kept. */
export function useUpdateEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: EndpointUpdate }) =>
      unwrapFields(api.PATCH("/api/v1/endpoints/{endpoint_id}", { params: path(id), body })),
    onSuccess: (endpoint) => {
      const detail = endpointKeys.detail(endpoint.id);
      queryClient.setQueryData(detail, endpoint);
      // Its folders may differ now (another bucket or root): listings and metadata under it are refetched.
      void queryClient.invalidateQueries({ queryKey: detail, predicate: (query) => query.queryKey.length > detail.length });
      void queryClient.invalidateQueries({ queryKey: endpointKeys.lists() });
    },
  });
}

/** Delete an endpoint no session uses (operator); a 409 names the session that does. */
export function useDeleteEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE("/api/v1/endpoints/{endpoint_id}", { params: path(id) })),
    onSuccess: (_data, id) => {
      queryClient.removeQueries({ queryKey: endpointKeys.detail(id) });
      void queryClient.invalidateQueries({ queryKey: endpointKeys.lists() });
    },
  });
}

/**
 * Connect to an endpoint and list its root (operator). The answer is the real outcome (a failed
 * login is `success: false` with the server's words, not an error); it becomes the endpoint's
 * status, so the endpoint and every list are refetched.
 */
export function useTestEndpoint() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST("/api/v1/endpoints/{endpoint_id}/test", { params: path(id) })),
    onSettled: (_data, _error, id) => {
      void queryClient.invalidateQueries({ queryKey: endpointKeys.detail(id), exact: true });
      void queryClient.invalidateQueries({ queryKey: endpointKeys.lists() });
    },
  });
}

/** A time-limited download URL for one S3 object (operator; at most 7 days). */
export function usePresign() {
  return useMutation({
    mutationFn: ({ id, path: objectPath, expiresIn }: { id: string; path: string; expiresIn: number }) =>
      unwrap(
        api.POST("/api/v1/endpoints/{endpoint_id}/presign", {
          params: path(id),
          body: { path: objectPath, expires_in: expiresIn },
        }),
      ),
  });
}

/**
 * Walk a folder for its counts, sizes and breakdowns (operator). It may take a while: the caller
 * passes an AbortSignal and aborts it to cancel (leaving the page does).
 */
export function useAnalyzeFolder() {
  return useMutation({
    mutationFn: ({ id, path: folder, signal }: { id: string; path: string; signal: AbortSignal }) =>
      unwrap(api.POST("/api/v1/endpoints/{endpoint_id}/analyze", { params: path(id), body: { path: folder }, signal })),
  });
}
