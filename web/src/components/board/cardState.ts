/** What a board card shows of a session, from the session and its run's live progress. */
import type { Schemas } from "../../client";
import { isActive } from "../../api/executions";
import { formatBytes, formatCount, formatDuration } from "../../lib/format";

type Session = Schemas["SessionRead"];
type Progress = Schemas["ExecutionProgress"];
type LastRun = NonNullable<Session["last_execution"]>;

/** The board's filter chips. */
export const BOARD_FILTERS = ["all", "running", "failed", "paused"] as const;
export type BoardFilter = (typeof BOARD_FILTERS)[number];

export const FILTER_LABEL: Record<BoardFilter, string> = {
  all: "All",
  running: "Running",
  failed: "Failed last",
  paused: "Paused",
};

/** The live figures of a running card; null fields until the first progress event. */
export interface CardProgress {
  /** 0–100, or null when not known yet (an indeterminate bar). */
  percent: number | null;
  filesText: string | null;
  speedText: string | null;
  etaText: string | null;
}

export interface BoardCardState {
  /** Running (or queued) now, or idle between runs. */
  activity: "running" | "queued" | "idle";
  /** The active run: to watch or cancel. */
  activeExecutionId: string | null;
  progress: CardProgress | null;
  /** The session's schedule: none, on, or paused. */
  schedule: "none" | "active" | "paused";
  /** ISO time of the next scheduled run, when one is due. */
  nextRunAt: string | null;
  /** The last run (the active one while a run goes on). */
  lastRun: LastRun | null;
  /** The last run ended failed or interrupted. */
  failedLast: boolean;
}

function figures(progress: Progress): CardProgress {
  const percent = Number.isFinite(progress.progress_percentage)
    ? Math.min(100, Math.max(0, progress.progress_percentage))
    : 0;
  return {
    percent,
    filesText: `${formatCount(progress.files_synced)} / ${formatCount(progress.total_files)} files`,
    speedText: progress.speed_bps ? `${formatBytes(progress.speed_bps)}/s` : null,
    etaText: progress.eta_seconds === null ? null : `${formatDuration(progress.eta_seconds)} left`,
  };
}

/**
 * The card of `session`. Live progress of its run wins over the session's last run (the list
 * refreshes only when runs start and end), except when that last run is the same and ended.
 */
export function boardCardState(session: Session, progress?: Progress): BoardCardState {
  const last = session.last_execution ?? null;
  const endedRun = last !== null && !isActive(last.status) ? last.id : null;
  const live = progress && progress.session_id === session.id && progress.execution_id !== endedRun ? progress : null;

  let activity: BoardCardState["activity"] = "idle";
  let activeExecutionId: string | null = null;
  if (live) {
    activity = "running";
    activeExecutionId = live.execution_id;
  } else if (last && isActive(last.status)) {
    activity = last.status === "queued" ? "queued" : "running";
    activeExecutionId = last.id;
  }

  let schedule: BoardCardState["schedule"] = "none";
  if (session.schedule_enabled) schedule = session.schedule_paused ? "paused" : "active";

  let cardProgress: CardProgress | null = null;
  if (live) cardProgress = figures(live);
  else if (activity === "running") cardProgress = { percent: null, filesText: null, speedText: null, etaText: null };

  return {
    activity,
    activeExecutionId,
    progress: cardProgress,
    schedule,
    nextRunAt: schedule === "active" ? session.next_run_at : null,
    lastRun: last,
    failedLast: last !== null && (last.status === "failed" || last.status === "interrupted"),
  };
}

/** Whether a card passes a filter chip. */
export function matchesFilter(state: BoardCardState, filter: BoardFilter): boolean {
  switch (filter) {
    case "all":
      return true;
    case "running":
      return state.activity !== "idle";
    case "failed":
      return state.failedLast;
    case "paused":
      return state.schedule === "paused";
  }
}

/** The filter named by the URL (`?show=`), or "all". */
export function parseFilter(value: string | null): BoardFilter {
  return BOARD_FILTERS.find((filter) => filter === value) ?? "all";
}

/** The live progress of each session's run, by session id (one run per session at a time). */
export function progressBySession(runs: ReadonlyMap<string, Progress>): Map<string, Progress> {
  const bySession = new Map<string, Progress>();
  for (const progress of runs.values()) bySession.set(progress.session_id, progress);
  return bySession;
}
