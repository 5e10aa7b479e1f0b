import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Stats } from "../../api/stats";
import { ActiveRuns } from "./ActiveRuns";

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
    render(<ActiveRuns runs={[RUNNING]} />);
    const bar = screen.getByRole("progressbar", { name: "Photos: 42% done" });
    expect(bar.getAttribute("aria-valuenow")).toBe("42.4");
    expect(screen.getByText("1,234 / 2,456 files · 68.1 MiB of 5.0 GiB · 12.0 MiB/s · 3 min 5 s left")).toBeTruthy();
    expect(screen.getByText("Running")).toBeTruthy();
  });

  it("says when nothing is active", () => {
    render(<ActiveRuns runs={[]} />);
    expect(screen.getByText("No run is queued or running.")).toBeTruthy();
  });
});
