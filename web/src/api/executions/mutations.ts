import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../../client";
import { unwrap } from "../errors";
import { statsKeys } from "../stats/keys";
import { executionKeys } from "./keys";

/** Cancel a run (operator): the run's detail is replaced, run lists and the overview refetched. */
export function useCancelExecution() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/v1/executions/{execution_id}/cancel", { params: { path: { execution_id: id } } })),
    onSuccess: (execution) => {
      queryClient.setQueryData(executionKeys.detail(execution.id), execution);
      void queryClient.invalidateQueries({ queryKey: executionKeys.lists() });
      void queryClient.invalidateQueries({ queryKey: statsKeys.all });
    },
  });
}
