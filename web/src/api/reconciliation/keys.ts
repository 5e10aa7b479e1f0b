import { executionKeys } from "../executions/keys";

/**
 * Query keys of a run's reconciliation, nested under the run's detail key: when the live layer
 * invalidates executions (a run ended), the reconciliation is refetched with the run.
 */
export const reconciliationKeys = {
  detail: (executionId: string) => [...executionKeys.detail(executionId), "reconciliation"] as const,
};
