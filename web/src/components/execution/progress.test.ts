import { describe, expect, it } from "vitest";
import type { Schemas } from "../../client";
import { finalSummary, progressView, verificationView } from "./progress";

type Execution = Schemas["ExecutionRead"];
type Progress = Schemas["ExecutionProgress"];
type Reconciliation = Schemas["Reconciliation"];

const RUN: Execution = {
  id: "e1",
  session_id: "s1",
  session_name: "Photos",
  status: "running",
  trigger: "manual",
  dry_run: false,
  progress_percentage: 10,
  files_synced: 4,
  total_files: 40,
  files_deleted: 0,
  files_skipped: 0,
  files_failed: 0,
  bytes_transferred: 1024,
  total_bytes: 10240,
  conflicts: 0,
  error_count: 0,
  current_file: "a/one.txt",
  speed_bps: null,
  eta_seconds: null,
  cancel_requested: false,
  error_message: null,
  created_at: "2026-12-01T10:00:00Z",
  started_at: "2026-12-01T10:00:01Z",
  finished_at: null,
  duration_seconds: null,
  summary: null,
};

const EVENT: Progress = {
  execution_id: "e1",
  session_id: "s1",
  status: "running",
  phase: "transferring",
  progress_percentage: 42.4,
  files_synced: 1234,
  total_files: 2456,
  bytes_transferred: 71_408_435,
  total_bytes: 5 * 2 ** 30,
  files_deleted: 0,
  error_count: 2,
  current_files: ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt", "f.txt", "g.txt", "h.txt", "i.txt"],
  speed_bps: 200 * 1024,
  eta_seconds: 185,
  cancel_requested: false,
};

describe("progressView", () => {
  it("reads a progress event: percent, files x/y, bytes, speed, time left, phase, current files", () => {
    const view = progressView(RUN, EVENT);
    expect(view.percent).toBe(42.4);
    expect(view.filesText).toBe("1,234 / 2,456 files");
    expect(view.bytesText).toBe("68.1 MiB of 5.0 GiB");
    expect(view.speedText).toBe("200.0 KiB/s");
    expect(view.etaText).toBe("3 min 5 s left");
    expect(view.phase).toBe("transferring");
    expect(view.currentFiles).toHaveLength(8);
    expect(view.errorCount).toBe(2);
  });

  it("says nothing of time left or speed while they are unknown", () => {
    const view = progressView(RUN, { ...EVENT, eta_seconds: null, speed_bps: 0 });
    expect(view.etaText).toBeNull();
    expect(view.speedText).toBeNull();
  });

  it("falls back to the run as the API answered it before the first event", () => {
    const view = progressView(RUN);
    expect(view.filesText).toBe("4 / 40 files");
    expect(view.percent).toBe(10);
    expect(view.currentFiles).toEqual(["a/one.txt"]);
    expect(view.phase).toBeNull();
  });

  it("ignores the last event once the run ended, and another run's event", () => {
    const ended: Execution = { ...RUN, status: "completed", files_synced: 40, progress_percentage: 100 };
    expect(progressView(ended, EVENT).filesText).toBe("40 / 40 files");
    expect(progressView(ended, EVENT).currentFiles).toEqual([]);
    expect(progressView(RUN, { ...EVENT, execution_id: "other" }).filesText).toBe("4 / 40 files");
  });

  it("keeps the bar between 0 and 100", () => {
    expect(progressView(RUN, { ...EVENT, progress_percentage: 140 }).percent).toBe(100);
    expect(progressView(RUN, { ...EVENT, progress_percentage: Number.NaN }).percent).toBe(0);
  });
});

describe("finalSummary", () => {
  it("lists what moved, how long it took and the average speed", () => {
    const done: Execution = {
      ...RUN,
      status: "completed",
      files_synced: 40,
      files_deleted: 2,
      files_skipped: 3,
      files_failed: 1,
      bytes_transferred: 10 * 2 ** 20,
      duration_seconds: 5,
    };
    const figures = Object.fromEntries(finalSummary(done).map((item) => [item.label, item.value]));
    expect(figures).toEqual({
      "Files transferred": "40",
      "Files deleted": "2",
      "Files skipped": "3",
      "Files failed": "1",
      "Bytes transferred": "10.0 MiB",
      Duration: "5 s",
      "Average speed": "2.0 MiB/s",
    });
  });

  it("shows no speed without a duration", () => {
    const figures = Object.fromEntries(finalSummary(RUN).map((item) => [item.label, item.value]));
    expect(figures.Duration).toBe("—");
    expect(figures["Average speed"]).toBe("—");
  });
});

describe("verificationView", () => {
  const base: Reconciliation = {
    execution_id: "e1",
    available: true,
    in_sync: true,
    matched: 1234,
    counts: {},
    missing: [],
    extra: [],
    size_mismatch: [],
    checksum_mismatch: [],
    errors: [],
    truncated: false,
    checked_at: null,
    message: null,
  };

  it("says in sync with the count of matching files", () => {
    expect(verificationView(base)).toEqual({ severity: "success", text: "In sync: 1,234 files match on both sides." });
  });

  it("lists the differences by kind", () => {
    const view = verificationView({ ...base, in_sync: false, counts: { missing: 3, extra: 1, size_mismatch: 0 } });
    expect(view).toEqual({ severity: "warning", text: "Differences: 3 missing, 1 extra." });
  });

  it("says why there was no check", () => {
    const view = verificationView({ ...base, available: false, in_sync: null, message: "dry runs are not verified" });
    expect(view).toEqual({ severity: "info", text: "Not verified: dry runs are not verified." });
  });
});
