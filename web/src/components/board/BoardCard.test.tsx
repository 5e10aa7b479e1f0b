import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { dismissToast, toastStore } from "../../lib/toasts";
import { BoardCard } from "./BoardCard";
import { boardCardState } from "./cardState";
import { brief, PROGRESS, SESSION } from "./testData";

const NAMES = new Map([
  ["ep-src", "Docs source"],
  ["ep-dst", "Backup disk"],
]);
const NOW = new Date("2026-12-01T10:30:00Z");
const SCHEDULED = {
  ...SESSION,
  schedule_enabled: true,
  schedule_interval: 15,
  schedule_unit: "minutes" as const,
  next_run_at: "2026-12-01T11:17:00Z",
  last_execution: brief("e1", "completed"),
};

afterEach(() => {
  cleanup();
  for (const toast of toastStore.getQueue()) dismissToast(toast.id);
});

function renderCard(session: typeof SESSION, canOperate: boolean, progress?: typeof PROGRESS) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <MemoryRouter>
        <BoardCard
          session={session}
          state={boardCardState(session, progress)}
          endpointNames={NAMES}
          canOperate={canOperate}
          now={NOW}
        />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  return screen.getByRole("article", { name: session.name });
}

/** `fetch` answering every call with `status` and `body`; the calls are recorded. */
function answer(status: number, body: unknown) {
  const calls: { method: string; url: string }[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((request: Request) => {
      calls.push({ method: request.method, url: request.url });
      return Promise.resolve(
        new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }),
      );
    }),
  );
  return calls;
}

describe("BoardCard", () => {
  it("shows where the session copies, its next run and its last result", () => {
    const card = renderCard(SCHEDULED, false);
    expect(within(card).getByText("Docs source:/ → Backup disk:/docs")).toBeTruthy();
    expect(within(card).getByText("in 47 minutes")).toBeTruthy();
    expect(within(card).getByText("Completed")).toBeTruthy();
    expect(within(card).getByRole("link", { name: "29 minutes ago" }).getAttribute("href")).toBe("/executions/e1");
    expect(within(card).getByText("Idle")).toBeTruthy();
  });

  it("shows a viewer no control, only the way to watch a running run", () => {
    const card = renderCard({ ...SCHEDULED, last_execution: brief("e2", "running") }, false, PROGRESS);
    expect(within(card).getByRole("progressbar", { name: "Docs backup: 25% done" })).toBeTruthy();
    expect(within(card).getAllByText("Running")).toHaveLength(1); // the card's chip, not the last run's too
    expect(within(card).getByText(/^This run started/)).toBeTruthy();
    expect(within(card).getByText("10 / 40 files · 200.0 KiB/s · 15 s left")).toBeTruthy();
    expect(within(card).queryAllByRole("button")).toHaveLength(0);
    expect(within(card).getByRole("link", { name: "Watch run of Docs backup" }).getAttribute("href")).toBe(
      "/executions/e2",
    );
  });

  it("gives an operator Start and Pause on an idle session, Cancel and Pause on a running one", () => {
    const idle = renderCard(SCHEDULED, true);
    expect(within(idle).getByRole("button", { name: "Start Docs backup" })).toBeTruthy();
    expect(within(idle).getByRole("button", { name: "Pause schedule of Docs backup" })).toBeTruthy();
    expect(within(idle).queryByRole("button", { name: "Cancel run of Docs backup" })).toBeNull();
    cleanup();
    const running = renderCard({ ...SCHEDULED, schedule_paused: true, next_run_at: null }, true, PROGRESS);
    expect(within(running).queryByRole("button", { name: "Start Docs backup" })).toBeNull();
    expect(within(running).getByRole("button", { name: "Cancel run of Docs backup" })).toBeTruthy();
    expect(within(running).getByRole("button", { name: "Resume schedule of Docs backup" })).toBeTruthy();
  });

  it("starts a run and offers to watch it", async () => {
    const calls = answer(202, { execution_id: "e9", status: "queued" });
    const card = renderCard(SESSION, true);
    fireEvent.click(within(card).getByRole("button", { name: "Start Docs backup" }));
    await waitFor(() => {
      expect(toastStore.getQueue()[0]).toMatchObject({
        message: "Docs backup started.",
        severity: "success",
        link: { label: "Watch", to: "/executions/e9" },
      });
    });
    expect(calls[0]).toMatchObject({ method: "POST" });
    expect(calls[0]?.url).toMatch(/\/api\/v1\/sessions\/s1\/start$/);
  });

  it("says why the server refused a start, in its words", async () => {
    answer(409, { detail: "a run of this session is already active" });
    const card = renderCard(SESSION, true);
    fireEvent.click(within(card).getByRole("button", { name: "Start Docs backup" }));
    await waitFor(() => {
      expect(toastStore.getQueue()[0]).toMatchObject({
        message: "Docs backup could not start: A run of this session is already active.",
        severity: "error",
      });
    });
  });

  it("cancels only after confirmation, and shows a refusal in the dialog", async () => {
    const calls = answer(409, { detail: "execution already ended (completed)" });
    const card = renderCard(SESSION, true, PROGRESS);
    fireEvent.click(within(card).getByRole("button", { name: "Cancel run of Docs backup" }));
    const dialog = screen.getByRole("dialog", { name: "Cancel this run of Docs backup?" });
    expect(calls).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel run" }));
    expect(await within(dialog).findByText("Execution already ended (completed)")).toBeTruthy();
    expect(calls[0]?.url).toMatch(/\/api\/v1\/executions\/e2\/cancel$/);
  });
});
