import { queryOptions } from "@tanstack/react-query";
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";
import { reconciliationKeys } from "./keys";

export type Reconciliation = Schemas["Reconciliation"];

export const reconciliationQueries = {
  /** Both sides of a run compared after it ended (`available: false` with a reason otherwise). */
  detail: (executionId: string) =>
    queryOptions({
      queryKey: reconciliationKeys.detail(executionId),
      queryFn: ({ signal }) =>
        unwrap(
          api.GET("/api/v1/executions/{execution_id}/reconciliation", {
            params: { path: { execution_id: executionId } },
            signal,
          }),
        ),
    }),
};
