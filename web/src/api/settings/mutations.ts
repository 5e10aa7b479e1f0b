import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../client";
import { unwrapFields } from "../fieldErrors";
import { settingsKeys } from "./keys";
import type { AppSettingsUpdate } from "./queries";

/** Save some settings (admin); the answer (every setting) replaces the cached one. A 422 names its fields. */
export function useUpdateSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: AppSettingsUpdate) => unwrapFields(api.PATCH("/api/v1/settings", { body: change })),
    onSuccess: (settings) => {
      queryClient.setQueryData(settingsKeys.detail(), settings);
    },
  });
}
