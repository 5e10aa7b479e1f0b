import type { Execution } from "../../api/executions";
import type { ExecutionProgress } from "../../live";

/**
 * The page's runs with the live counters of those still going: a running row's files and bytes
 * move with the run's progress events, without refetching the page (the live layer refetches
 * the list when a run ends, which brings its final status).
 */
export function withLiveProgress(
  runs: readonly Execution[],
  progress: ReadonlyMap<string, ExecutionProgress>,
): readonly Execution[] {
  if (!progress.size) return runs;
  return runs.map((run) => {
    const live = progress.get(run.id);
    if (!live || (run.status !== "queued" && run.status !== "running")) return run;
    return {
      ...run,
      status: live.status,
      files_synced: live.files_synced,
      total_files: live.total_files,
      bytes_transferred: live.bytes_transferred,
      total_bytes: live.total_bytes,
      files_deleted: live.files_deleted,
      error_count: live.error_count,
      progress_percentage: live.progress_percentage,
      speed_bps: live.speed_bps,
      eta_seconds: live.eta_seconds,
    };
  });
}
