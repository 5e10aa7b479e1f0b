import type { Schemas } from "../../client";

type Stats = Schemas["Stats"];

/** The overview's card figures, derived from one `GET /stats` answer. */
export interface OverviewFigures {
  sessions: number;
  activeRuns: number;
  runsToday: number;
  /** Completed over finished runs in the window, 0–1; null when no run finished. */
  successRate: number | null;
  bytesToday: number;
  bytesThisWeek: number;
}

/**
 * `daily` runs oldest to newest over UTC days and ends with today (the server's today), so
 * "today" is its last row and "this week" its last seven (fewer when the window is shorter).
 */
export function overviewFigures(stats: Stats): OverviewFigures {
  const today = stats.daily.at(-1);
  const week = stats.daily.slice(-7);
  return {
    sessions: stats.totals.sessions,
    activeRuns: stats.active_executions.length,
    runsToday: today?.total ?? 0,
    successRate: stats.success_rate,
    bytesToday: today?.bytes_transferred ?? 0,
    bytesThisWeek: week.reduce((sum, day) => sum + day.bytes_transferred, 0),
  };
}
