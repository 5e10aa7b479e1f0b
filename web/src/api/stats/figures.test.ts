import { describe, expect, it } from "vitest";
import type { Stats } from "./queries";
import { overviewFigures } from "./figures";

function day(date: string, total: number, bytes: number): Stats["daily"][number] {
  return {
    date,
    total,
    bytes_transferred: bytes,
    files_transferred: total,
    queued: 0,
    running: 0,
    completed: total,
    completed_with_differences: 0,
    failed: 0,
    cancelled: 0,
    interrupted: 0,
  };
}

function stats(daily: Stats["daily"]): Stats {
  return {
    days: daily.length,
    since: "2026-11-22T00:00:00Z",
    totals: { endpoints: 2, sessions: 3, executions: 9, endpoints_by_type: { local: 2 } },
    success_rate: 0.75,
    bytes_transferred: 0,
    files_transferred: 0,
    daily,
    status_distribution: {},
    recent_executions: [],
    active_executions: [],
  };
}

describe("overviewFigures", () => {
  it("takes today from the last day and the week from the last seven", () => {
    const daily = Array.from({ length: 10 }, (_, n) => day(`2026-11-${String(22 + n).padStart(2, "0")}`, n, 100 * n));
    const figures = overviewFigures(stats(daily));
    expect(figures.runsToday).toBe(9);
    expect(figures.bytesToday).toBe(900);
    expect(figures.bytesThisWeek).toBe(100 * (3 + 4 + 5 + 6 + 7 + 8 + 9));
    expect(figures.sessions).toBe(3);
    expect(figures.successRate).toBe(0.75);
    expect(figures.activeRuns).toBe(0);
  });

  it("copes with a window shorter than a week and with no day at all", () => {
    expect(overviewFigures(stats([day("2026-12-01", 2, 5)])).bytesThisWeek).toBe(5);
    const empty = overviewFigures(stats([]));
    expect(empty.runsToday).toBe(0);
    expect(empty.bytesThisWeek).toBe(0);
  });
});
