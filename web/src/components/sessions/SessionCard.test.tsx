import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, render, screen, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Role } from "../../api/auth";
import type { Session } from "../../api/sessions";
import { SessionCard } from "./SessionCard";
import { SESSION } from "./fixtures";

const auth = vi.hoisted((): { role: Role } => ({ role: "operator" }));

vi.mock("../../api/auth", async (original) => {
  const real = await original<typeof import("../../api/auth")>();
  return { ...real, useCan: (needed: Role) => real.roleAllows(auth.role, needed) };
});

afterEach(cleanup);

const NOW = new Date("2026-12-01T12:00:00Z");
const NAMES: Record<string, string> = { "e-src": "Local disk", "e-dst": "Bucket" };

function show(session: Session, role: Role) {
  auth.role = role;
  render(
    <QueryClientProvider client={new QueryClient()}>
      <MemoryRouter>
        <SessionCard session={session} endpointName={(id) => NAMES[id] ?? "?"} now={NOW} />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return screen.getByRole("article", { name: session.name });
}

describe("SessionCard", { timeout: 20_000 }, () => {
  it("shows the session's facts in words", () => {
    const card = show(SESSION, "operator");
    expect(within(card).getByRole("link", { name: "Reports" }).getAttribute("href")).toBe("/sessions/s1");
    const text = card.textContent;
    expect(text).toContain("Local disk:/data/in ↔ Bucket:/");
    expect(text).toContain("Bidirectional");
    expect(text).toContain("folders: a, b · *.csv, *.json · excludes 1");
    expect(text).toContain("every 15 minutes");
    expect(text).toContain("in 47 minutes");
    const last = within(card).getByRole("link", { name: /Completed/ });
    expect(last.getAttribute("href")).toBe("/executions/x1");
    expect(last.textContent).toContain("3 minutes ago");
    expect(within(card).queryByText("Schedule paused")).toBeNull();
  });

  it("gives an operator every action, Resume when paused", () => {
    const card = show({ ...SESSION, schedule_paused: true, next_run_at: null }, "operator");
    for (const name of ["Start", "Preview", "Edit", "Resume schedule", "Delete"]) {
      expect(within(card).getByText(name)).toBeTruthy();
    }
    expect(within(card).getByText("Schedule paused")).toBeTruthy();
    expect(card.textContent).toContain("Next runpaused");
    expect(within(card).getByText("Edit").closest("a")?.getAttribute("href")).toBe("/sessions/s1/edit");
  });

  it("offers no pause to a session without a schedule", () => {
    const card = show({ ...SESSION, schedule_enabled: false, next_run_at: null, last_execution: null }, "admin");
    expect(within(card).queryByText("Pause schedule")).toBeNull();
    expect(card.textContent).toContain("manual");
    expect(card.textContent).toContain("Last runnever");
  });

  it("shows a viewer no control but Preview", () => {
    const card = show(SESSION, "viewer");
    expect(within(card).queryAllByRole("button")).toHaveLength(0);
    for (const name of ["Start", "Edit", "Pause schedule", "Delete"]) {
      expect(within(card).queryByText(name)).toBeNull();
    }
    // Links to read: the session, its last run, and its preview (viewers may preview a plan).
    expect(within(card).getAllByRole("link").map((link) => link.getAttribute("href"))).toEqual([
      "/sessions/s1",
      "/executions/x1",
      "/sessions/s1?preview=1",
    ]);
  });
});
