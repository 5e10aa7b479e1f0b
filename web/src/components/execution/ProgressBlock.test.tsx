import { cleanup, render, screen, within } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Schemas } from "../../client";
import { ProgressBlock } from "./ProgressBlock";
import { progressView } from "./progress";

afterEach(cleanup);

const RUN: Schemas["ExecutionRead"] = {
  id: "e1",
  session_id: "s1",
  session_name: "Photos",
  status: "running",
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
};

const EVENT: Schemas["ExecutionProgress"] = {
  execution_id: "e1",
  session_id: "s1",
  status: "running",
  phase: "transferring",
  progress_percentage: 62.5,
  files_synced: 25,
  total_files: 40,
  bytes_transferred: 5 * 2 ** 20,
  total_bytes: 8 * 2 ** 20,
  files_deleted: 0,
  error_count: 1,
  current_files: ["docs/a.txt", "docs/b.txt"],
  speed_bps: 2 ** 20,
  eta_seconds: 3,
  cancel_requested: false,
};

describe("ProgressBlock", () => {
  it("shows a progress event: bar, percent, files x/y, bytes, speed, time left, phase, files in flight", () => {
    render(<ProgressBlock view={progressView(RUN, EVENT)} queued={false} />);
    const bar = screen.getByRole("progressbar", { name: "63% done" });
    expect(bar.getAttribute("aria-valuenow")).toBe("62.5");
    expect(screen.getByText("25 / 40 files")).toBeTruthy();
    expect(screen.getByText("63%")).toBeTruthy();
    expect(screen.getByText("5.0 MiB of 8.0 MiB")).toBeTruthy();
    const figures = screen.getByLabelText("Progress figures");
    expect(within(figures).getByText("1.0 MiB/s")).toBeTruthy();
    expect(within(figures).getByText("3 s left")).toBeTruthy();
    expect(within(figures).getByText("Transferring")).toBeTruthy();
    expect(within(figures).getByText("1")).toBeTruthy();
    const inFlight = screen.getByRole("list", { name: "Files being transferred now" });
    expect(within(inFlight).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "docs/a.txt",
      "docs/b.txt",
    ]);
  });

  it("shows a queued run as waiting, with no percentage", () => {
    render(<ProgressBlock view={progressView({ ...RUN, status: "queued" })} queued />);
    expect(screen.getByRole("progressbar", { name: "Waiting to start" })).toBeTruthy();
    expect(screen.getByText("Waiting for a free slot")).toBeTruthy();
    expect(screen.getByText("Queued")).toBeTruthy();
  });
});
