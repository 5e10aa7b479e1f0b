import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { Stats } from "../../api/stats";
import { ActiveRuns, withLiveProgress } from "./ActiveRuns";

type Active = Stats["active_executions"][number];

const RUNNING: Active = {
  id: "e1",
  session_id: "s1",
  session_name: "Photos",
  status: "running",
  progress_percentage: 42.4,
  files_synced: 1234,
  total_files: 2456,
  bytes_transferred: 71_408_435,
  total_bytes: 5 * 2 ** 30,
  current_file: "2026/img_0001.jpg",
  speed_bps: 12 * 2 ** 20,
  eta_seconds: 185,
  created_at: "2026-12-01T11:00:00Z",
  started_at: "2026-12-01T11:00:01Z",
};

afterEach(cleanup);

describe("ActiveRuns", () => {
  it("shows a labelled progress bar and the run's figures", () => {
    render(<MemoryRouter><ActiveRuns runs={[RUNNING]} /></MemoryRouter>);
    const bar = screen.getByRole("progressbar", { name: "Photos: 42% done" });
    expect(bar.getAttribute("aria-valuenow")).toBe("42.4");
    expect(screen.getByText("1,234 / 2,456 files · 68.1 MiB of 5.0 GiB · 12.0 MiB/s · 3 min 5 s left")).toBeTruthy();
    expect(screen.getByText("Running")).toBeTruthy();
  });

  it("says when nothing is active", () => {
    render(<MemoryRouter><ActiveRuns runs={[]} /></MemoryRouter>);
    expect(screen.getByText("No run is queued or running.")).toBeTruthy();
  });

  it("moves with the run's latest progress event", () => {
    const live = withLiveProgress(RUNNING, {
      execution_id: "e1", session_id: "s1", status: "running", phase: "transferring", progress_percentage: 90,
      files_synced: 2400, total_files: 2456, bytes_transferred: 100, total_bytes: 200, files_deleted: 0,
      error_count: 0, current_files: ["b.jpg"], speed_bps: 1, eta_seconds: null, cancel_requested: false,
    });
    expect(live.files_synced).toBe(2400);
    expect(live.progress_percentage).toBe(90);
    expect(live.current_file).toBe("b.jpg");
    expect(withLiveProgress(RUNNING, undefined)).toBe(RUNNING);
  });
});
