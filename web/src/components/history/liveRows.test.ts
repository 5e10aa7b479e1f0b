import { describe, expect, it } from "vitest";
import type { Execution } from "../../api/executions";
import type { ExecutionProgress } from "../../live";
import { withLiveProgress } from "./liveRows";

const BASE = {
  session_id: "s1",
  session_name: "Photos",
  trigger: "manual",
  dry_run: false,
  progress_percentage: 0,
  files_synced: 0,
  total_files: 0,
  files_deleted: 0,
  files_skipped: 0,
  files_failed: 0,
  bytes_transferred: 0,
  total_bytes: 0,
  conflicts: 0,
  error_count: 0,
  current_file: null,
  speed_bps: null,
  eta_seconds: null,
  cancel_requested: false,
  error_message: null,
  created_at: "2026-12-01T10:00:00Z",
  started_at: "2026-12-01T10:00:01Z",
  finished_at: null,
  duration_seconds: null,
  summary: null,
} satisfies Omit<Execution, "id" | "status">;

const PROGRESS: ExecutionProgress = {
  execution_id: "run",
  session_id: "s1",
  status: "running",
  phase: "transferring",
  progress_percentage: 40,
  files_synced: 4,
  total_files: 10,
  files_deleted: 0,
  bytes_transferred: 4096,
  total_bytes: 10240,
  error_count: 1,
  speed_bps: 2048,
  eta_seconds: 3,
  cancel_requested: false,
  current_files: ["a.txt"],
};

describe("withLiveProgress", () => {
  it("moves a running row's counters with its progress events, and leaves ended rows alone", () => {
    const running: Execution = { ...BASE, id: "run", status: "running" };
    const ended: Execution = { ...BASE, id: "done", status: "completed", files_synced: 7 };
    const progress = new Map([
      ["run", PROGRESS],
      ["done", { ...PROGRESS, execution_id: "done", files_synced: 1 }],
    ]);
    const [live, still] = withLiveProgress([running, ended], progress);
    expect(live).toMatchObject({ id: "run", files_synced: 4, total_files: 10, bytes_transferred: 4096, error_count: 1 });
    expect(still).toBe(ended);
  });

  it("returns the same rows when nothing runs", () => {
    const rows: Execution[] = [{ ...BASE, id: "run", status: "running" }];
    expect(withLiveProgress(rows, new Map())).toBe(rows);
  });
});
