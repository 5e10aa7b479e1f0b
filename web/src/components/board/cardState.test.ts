import { describe, expect, it } from "vitest";
import { boardCardState, matchesFilter, parseFilter, progressBySession } from "./cardState";
import { brief, PROGRESS, SESSION } from "./testData";

describe("boardCardState", () => {
  it("is idle with no schedule and no run", () => {
    const state = boardCardState(SESSION);
    expect(state).toMatchObject({ activity: "idle", activeExecutionId: null, progress: null, schedule: "none" });
    expect(state.lastRun).toBeNull();
  });

  it("is running with a bar, files and speed from the live progress", () => {
    const session = { ...SESSION, last_execution: brief("e1", "completed") };
    const state = boardCardState(session, PROGRESS);
    expect(state.activity).toBe("running");
    expect(state.activeExecutionId).toBe("e2");
    expect(state.progress).toEqual({
      percent: 25,
      filesText: "10 / 40 files",
      speedText: "200.0 KiB/s",
      etaText: "15 s left",
    });
  });

  it("is running without figures when the list says so before the first event", () => {
    const state = boardCardState({ ...SESSION, last_execution: brief("e3", "running") });
    expect(state.activity).toBe("running");
    expect(state.activeExecutionId).toBe("e3");
    expect(state.progress).toEqual({ percent: null, filesText: null, speedText: null, etaText: null });
  });

  it("is queued while its run waits", () => {
    const state = boardCardState({ ...SESSION, last_execution: brief("e3", "queued") });
    expect(state).toMatchObject({ activity: "queued", activeExecutionId: "e3", progress: null });
  });

  it("ignores the progress of a run the list already shows as ended", () => {
    const state = boardCardState({ ...SESSION, last_execution: brief("e2", "cancelled") }, PROGRESS);
    expect(state.activity).toBe("idle");
    expect(state.lastRun?.status).toBe("cancelled");
  });

  it("shows the next run of an active schedule, none of a paused one", () => {
    const scheduled = { ...SESSION, schedule_enabled: true, schedule_interval: 15, schedule_unit: "minutes" as const };
    const next = "2026-12-01T11:00:00Z";
    expect(boardCardState({ ...scheduled, next_run_at: next })).toMatchObject({ schedule: "active", nextRunAt: next });
    expect(boardCardState({ ...scheduled, schedule_paused: true, next_run_at: null })).toMatchObject({
      schedule: "paused",
      nextRunAt: null,
    });
  });
});

describe("matchesFilter", () => {
  const idle = boardCardState(SESSION);
  const running = boardCardState(SESSION, PROGRESS);
  const failed = boardCardState({ ...SESSION, last_execution: brief("e1", "failed") });
  const interrupted = boardCardState({ ...SESSION, last_execution: brief("e1", "interrupted") });
  const paused = boardCardState({ ...SESSION, schedule_enabled: true, schedule_paused: true });

  it("sorts sessions into the chips", () => {
    expect([idle, running, failed, paused].map((state) => matchesFilter(state, "all"))).toEqual([true, true, true, true]);
    expect([idle, running, failed, paused].map((state) => matchesFilter(state, "running"))).toEqual([false, true, false, false]);
    expect([idle, running, failed, interrupted, paused].map((state) => matchesFilter(state, "failed"))).toEqual([
      false,
      false,
      true,
      true,
      false,
    ]);
    expect([idle, running, failed, paused].map((state) => matchesFilter(state, "paused"))).toEqual([false, false, false, true]);
  });

  it("reads the chip from the URL, all when unknown", () => {
    expect(parseFilter("running")).toBe("running");
    expect(parseFilter("nonsense")).toBe("all");
    expect(parseFilter(null)).toBe("all");
  });
});

describe("progressBySession", () => {
  it("indexes the live runs by their session", () => {
    const map = progressBySession(new Map([["e2", PROGRESS]]));
    expect(map.get("s1")?.execution_id).toBe("e2");
  });
});
