import { cleanup, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import type { Stats } from "../../api/stats";
import { RecentExecutions } from "./RecentExecutions";

const NOW = new Date("2026-12-01T12:00:00Z");

const RUNS: Stats["recent_executions"] = [
  {
    id: "e2",
    session_id: "s2",
    session_name: "Photos",
    status: "completed_with_differences",
    created_at: "2026-12-01T11:57:00Z",
    bytes_transferred: 71_408_435,
  },
  {
    id: "e1",
    session_id: "s1",
    session_name: "Docs",
    status: "failed",
    created_at: "2026-11-30T09:00:00Z",
    bytes_transferred: 0,
  },
];

afterEach(cleanup);

describe("RecentExecutions", () => {
  it("shows each run with its status chip, time and bytes", () => {
    render(<MemoryRouter><RecentExecutions runs={RUNS} now={NOW} /></MemoryRouter>);
    const table = screen.getByRole("table", { name: "Recent runs" });
    const rows = within(table).getAllByRole("row");
    expect(rows).toHaveLength(3);
    const photos = rows[1];
    if (!photos) throw new Error("no row");
    expect(within(photos).getByText("Differences")).toBeTruthy();
    expect(within(photos).getAllByText("3 minutes ago").length).toBeGreaterThan(0);
    expect(within(photos).getAllByText(/68\.1 MiB/).length).toBeGreaterThan(0);
    expect(within(table).getByText("Failed")).toBeTruthy();
    const link = within(photos).getByRole("link", { name: /open this run/ });
    expect(link.getAttribute("href")).toMatch(/^\/executions\//);
  });

  it("says so when there is no run", () => {
    render(<MemoryRouter><RecentExecutions runs={[]} now={NOW} /></MemoryRouter>);
    expect(screen.getByText(/No run yet/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();
  });
});
