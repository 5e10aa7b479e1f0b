/**
 * What live events do to the query cache: progress patches the run's cached detail in place
 * (no refetch per event); a run starting or ending refetches the lists and figures it changes.
 */
import type { QueryClient } from "@tanstack/react-query";
import type { Schemas } from "../client";
import { executionKeys } from "../api/executions/keys";
import { sessionKeys } from "../api/sessions/keys";
import { statsKeys } from "../api/stats/keys";
import type { ExecutionProgress, LiveEvent } from "./protocol";
import type { ProgressStore } from "./progressStore";

type Execution = Schemas["ExecutionRead"];

/** Query keys that runs starting and ending change. */
const RUN_DEPENDENT_KEYS: readonly (readonly string[])[] = [executionKeys.all, statsKeys.all];

/**
 * Sessions' lists and details show their last and next run; their previews (a dry run each) and
 * the editor's live counts do not depend on runs, so they are left alone.
 */
function isSessionSummary(queryKey: readonly unknown[]): boolean {
  const [root, kind] = queryKey;
  if (root !== sessionKeys.all[0]) return false;
  return kind === "list" || (kind === "detail" && queryKey.length === sessionKeys.detail("").length);
}

/** A run's cached detail with the counters of a progress event. */
export function withProgress(execution: Execution, progress: ExecutionProgress): Execution {
  return {
    ...execution,
    status: progress.status,
    progress_percentage: progress.progress_percentage,
    files_synced: progress.files_synced,
    total_files: progress.total_files,
    bytes_transferred: progress.bytes_transferred,
    total_bytes: progress.total_bytes,
    files_deleted: progress.files_deleted,
    error_count: progress.error_count,
    current_file: progress.current_files[0] ?? null,
    speed_bps: progress.speed_bps,
    eta_seconds: progress.eta_seconds,
    cancel_requested: progress.cancel_requested,
  };
}

/** Coalesces refetches: a burst of starts and ends within `ms` refetches each key once. */
export function createInvalidator(client: QueryClient, ms = 300) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return {
    runsChanged() {
      if (timer !== null) return;
      timer = setTimeout(() => {
        timer = null;
        for (const queryKey of RUN_DEPENDENT_KEYS) void client.invalidateQueries({ queryKey });
        void client.invalidateQueries({ predicate: (query) => isSessionSummary(query.queryKey) });
      }, ms);
    },
    /** Everything on screen may be stale (events were lost): refetch every active query. */
    everything() {
      void client.invalidateQueries();
    },
    dispose() {
      if (timer !== null) clearTimeout(timer);
    },
  };
}

export type Invalidator = ReturnType<typeof createInvalidator>;

/** Apply one event to the cache and the progress store. */
export function applyEvent(
  event: LiveEvent,
  client: QueryClient,
  progress: ProgressStore,
  invalidate: Invalidator,
): void {
  switch (event.type) {
    case "execution_progress": {
      const data = event.data;
      if (progress.update(data)) invalidate.runsChanged();
      client.setQueryData<Execution>(executionKeys.detail(data.execution_id), (old) =>
        old ? withProgress(old, data) : old,
      );
      break;
    }
    case "execution_completed":
    case "execution_error":
      progress.remove(event.data.execution_id);
      void client.invalidateQueries({ queryKey: executionKeys.detail(event.data.execution_id) });
      invalidate.runsChanged();
      break;
    case "log":
      break; // log lines are read by the pages that show them (useLiveEvents)
  }
}
