import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it, vi } from "vitest";
import type { Schemas } from "../client";
import { executionKeys } from "../api/executions/keys";
import { sessionKeys } from "../api/sessions/keys";
import { statsKeys } from "../api/stats/keys";
import { applyEvent, createInvalidator } from "./cache";
import { eventMatches } from "./hooks";
import { runEndMessage } from "./notifications";
import { ProgressStore } from "./progressStore";
import type { ExecutionProgress, LiveEvent } from "./protocol";

const RUN = "11111111-1111-1111-1111-111111111111";

function execution(): Schemas["ExecutionRead"] {
  return {
    id: RUN, session_id: "s1", session_name: "Docs", status: "running", trigger: "manual", dry_run: false,
    progress_percentage: 0, files_synced: 0, total_files: 10, files_deleted: 0, files_skipped: 0, files_failed: 0,
    bytes_transferred: 0, total_bytes: 1000, conflicts: 0, error_count: 0, current_file: null, speed_bps: null,
    eta_seconds: null, error_message: null, created_at: "2026-12-02T00:00:00Z", started_at: "2026-12-02T00:00:00Z",
    cancel_requested: false,
    finished_at: null, duration_seconds: null, summary: null,
  };
}

function progress(files: number): ExecutionProgress {
  return {
    execution_id: RUN, session_id: "s1", status: "running", phase: "transferring", progress_percentage: files * 10,
    files_synced: files, total_files: 10, bytes_transferred: files * 100, total_bytes: 1000, files_deleted: 0,
    error_count: 0, current_files: ["docs/a.txt"], speed_bps: 2048, eta_seconds: 3, cancel_requested: false,
  };
}

function event(id: number, data: ExecutionProgress): LiveEvent {
  return { id, type: "execution_progress", data, execution_id: RUN, session_id: "s1", timestamp: "2026-12-02T00:00:01Z" };
}

describe("applyEvent", () => {
  it("patches the cached run from progress without refetching it", () => {
    const client = new QueryClient();
    client.setQueryData(executionKeys.detail(RUN), execution());
    const fetches = vi.spyOn(client, "invalidateQueries");
    const store = new ProgressStore();
    const invalidate = createInvalidator(client, 0);
    applyEvent(event(1, progress(4)), client, store, invalidate);
    const cached = client.getQueryData<Schemas["ExecutionRead"]>(executionKeys.detail(RUN));
    expect(cached?.files_synced).toBe(4);
    expect(cached?.bytes_transferred).toBe(400);
    expect(cached?.current_file).toBe("docs/a.txt");
    expect(store.get(RUN)?.files_synced).toBe(4);
    expect(cached?.cancel_requested).toBe(false);
    // Someone else asked to cancel: the next progress event says so to every open monitor.
    applyEvent(event(2, { ...progress(5), cancel_requested: true }), client, store, invalidate);
    expect(client.getQueryData<Schemas["ExecutionRead"]>(executionKeys.detail(RUN))?.cancel_requested).toBe(true);
    expect(fetches).not.toHaveBeenCalledWith({ queryKey: executionKeys.detail(RUN) });
    invalidate.dispose();
  });

  it("refetches lists and figures once when a run starts, and the run itself when it ends", () => {
    vi.useFakeTimers();
    const client = new QueryClient();
    const fetches = vi.spyOn(client, "invalidateQueries");
    const store = new ProgressStore();
    const invalidate = createInvalidator(client, 300);
    applyEvent(event(1, progress(1)), client, store, invalidate);
    applyEvent(event(2, progress(2)), client, store, invalidate);
    vi.advanceTimersByTime(300);
    expect(fetches).toHaveBeenCalledWith({ queryKey: executionKeys.all });
    expect(fetches).toHaveBeenCalledWith({ queryKey: statsKeys.all });
    const listRefetches = fetches.mock.calls.filter(([filters]) => filters?.queryKey === executionKeys.all);
    expect(listRefetches).toHaveLength(1);
    applyEvent(
      {
        id: 3, type: "execution_completed", execution_id: RUN, session_id: "s1", timestamp: "2026-12-02T00:00:02Z",
        data: { execution_id: RUN, session_id: "s1", status: "completed", error_message: null, finished_at: "2026-12-02T00:00:02Z" },
      },
      client, store, invalidate,
    );
    expect(store.get(RUN)).toBeUndefined();
    expect(fetches).toHaveBeenCalledWith({ queryKey: executionKeys.detail(RUN) });
    vi.useRealTimers();
  });
});

describe("a run starting or ending", () => {
  it("refetches sessions' lists and details, never their previews (each a dry run) or live counts", () => {
    vi.useFakeTimers();
    const client = new QueryClient();
    const keys = {
      list: sessionKeys.list({}),
      detail: sessionKeys.detail("s1"),
      preview: sessionKeys.preview("s1", 1, 50),
      match: sessionKeys.match("e1", { path: "" }),
    };
    for (const key of Object.values(keys)) client.setQueryData(key, {});
    const invalidate = createInvalidator(client, 10);
    applyEvent(event(1, progress(1)), client, new ProgressStore(), invalidate);
    vi.advanceTimersByTime(10);
    const invalidated = (key: readonly unknown[]) => client.getQueryState(key)?.isInvalidated;
    expect(invalidated(keys.list)).toBe(true);
    expect(invalidated(keys.detail)).toBe(true);
    expect(invalidated(keys.preview)).toBe(false);
    expect(invalidated(keys.match)).toBe(false);
    vi.useRealTimers();
  });
});

describe("eventMatches", () => {
  const log: LiveEvent = {
    id: 1, type: "log", execution_id: RUN, session_id: "s1", timestamp: "t",
    data: { id: 1, level: "info", message: "x", timestamp: "t" },
  };
  it("filters by run and by type", () => {
    expect(eventMatches(log, undefined)).toBe(true);
    expect(eventMatches(log, { executionId: RUN, types: ["log"] })).toBe(true);
    expect(eventMatches(log, { executionId: "other" })).toBe(false);
    expect(eventMatches(log, { types: ["execution_progress"] })).toBe(false);
  });
});

describe("runEndMessage", () => {
  const base = { execution_id: RUN, session_id: "s1", error_message: null, finished_at: "t" };
  it("says what happened, loud when it failed", () => {
    expect(runEndMessage("Docs", { ...base, status: "completed", files_synced: 1 })).toEqual({
      text: "“Docs” completed · 1 file transferred",
      severity: "success",
    });
    expect(runEndMessage("Docs", { ...base, status: "completed_with_differences", files_synced: 3 }).severity).toBe(
      "warning",
    );
    expect(runEndMessage(null, { ...base, status: "failed", error_message: "disk full" })).toEqual({
      text: "A run failed: disk full",
      severity: "error",
    });
  });
});
