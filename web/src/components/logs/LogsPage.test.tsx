import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LogRead } from "../../api/logs";
import type { Schemas } from "../../client";
import { LiveContext, type LiveListener } from "../../live/LiveEventsProvider";
import { ProgressStore } from "../../live/progressStore";
import LogsPage from "../../routes/LogsPage";

const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";
const SESSION = "0b6c1a52-7c35-4a57-9a55-2f2a4c6f1d10";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

function stored(id: number, message: string, level: LogRead["level"] = "info"): LogRead {
  return { id, timestamp: `2026-12-01T10:00:0${String(id)}.000000Z`, level, message, session_id: SESSION, execution_id: RUN };
}

let eventId = 0;
function logEvent(message: string, level: LogRead["level"] = "info"): Schemas["LogEvent"] {
  eventId += 1;
  return {
    id: eventId,
    type: "log",
    timestamp: new Date().toISOString(),
    execution_id: RUN,
    session_id: SESSION,
    data: { id: 100_000 + eventId, level, message, timestamp: new Date(Date.parse("2026-12-01T10:01:00Z") + eventId).toISOString() },
  };
}

/** The API of the page; `lists` records the query of each `GET /logs`. */
function fakeApi(rows: LogRead[]) {
  const lists: URLSearchParams[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === "/api/v1/logs") {
        lists.push(url.searchParams);
        const level = url.searchParams.get("level");
        const data = rows.filter((line) => !level || line.level === level);
        return Promise.resolve(json({ data, pagination: { page: 1, limit: 200, total: data.length, total_capped: false } }));
      }
      if (url.pathname === "/api/v1/sessions") {
        return Promise.resolve(json({ data: [{ id: SESSION, name: "Photos" }], pagination: { page: 1, limit: 500, total: 1, total_capped: false } }));
      }
      return Promise.resolve(json({ detail: "Not Found" }, 404));
    }),
  );
  return lists;
}

/** The URL's query string, where the test can read it. */
function Location() {
  return <output data-testid="search">{useLocation().search}</output>;
}

/** The page with a fake live connection; `push` sends it an event. */
function renderPage(path = "/logs") {
  const listeners = new Set<LiveListener>();
  const live = {
    status: { state: "live", transport: "websocket" } as const,
    progress: new ProgressStore(),
    listen: (listener: LiveListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const router = createMemoryRouter(
    [{ path: "/logs", element: <><LogsPage /><Location /></> }],
    { initialEntries: [path] },
  );
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <LiveContext.Provider value={live}>
        <RouterProvider router={router} />
      </LiveContext.Provider>
    </QueryClientProvider>,
  );
  return {
    push: (event: Schemas["LogEvent"]) => {
      act(() => {
        for (const listener of listeners) listener(event);
      });
    },
  };
}

const lines = () => within(screen.getByRole("list", { name: "Log lines" })).getAllByRole("listitem");

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe("LogsPage", () => {
  it("shows the stored lines, then live ones as they come", async () => {
    fakeApi([stored(2, "second"), stored(1, "first")]);
    const { push } = renderPage();
    await waitFor(() => { expect(lines()).toHaveLength(2); });
    expect(screen.getByText("Newest first; new lines appear as they are written.")).toBeTruthy();
    expect(within(lines()[0] as HTMLElement).getByRole("link", { name: "Photos" }).getAttribute("href")).toBe(`/sessions/${SESSION}`);
    push(logEvent("live one"));
    await waitFor(() => { expect(lines()).toHaveLength(3); });
    expect(lines()[0]?.textContent).toContain("live one");
  });

  it("holds new lines while paused, with a counter, and shows them on resume", async () => {
    fakeApi([stored(1, "first")]);
    const { push } = renderPage();
    await waitFor(() => { expect(lines()).toHaveLength(1); });
    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    push(logEvent("held one"));
    push(logEvent("held two"));
    await screen.findByText("2 new lines held while paused.");
    expect(lines()).toHaveLength(1);
    fireEvent.click(within(screen.getByRole("alert")).getByRole("button", { name: "Resume" }));
    await waitFor(() => { expect(lines()).toHaveLength(3); });
    expect(screen.queryByText(/held while paused/)).toBeNull();
    expect(screen.getByRole("button", { name: "Pause" }).getAttribute("aria-pressed")).toBe("false");
  });

  it("reads its filter from the URL, sends it, and applies it to live lines", async () => {
    const lists = fakeApi([stored(2, "bad", "error"), stored(1, "fine")]);
    const { push } = renderPage("/logs?level=error");
    await waitFor(() => { expect(lines()).toHaveLength(1); });
    expect(lists[0]?.get("level")).toBe("error");
    push(logEvent("not an error", "info"));
    push(logEvent("another error", "error"));
    await waitFor(() => { expect(lines()).toHaveLength(2); });
    expect(screen.queryByText("not an error")).toBeNull();
  });

  it("writes a search to the URL after a pause in typing", async () => {
    const lists = fakeApi([stored(1, "first")]);
    renderPage();
    await waitFor(() => { expect(lines()).toHaveLength(1); });
    fireEvent.change(screen.getByLabelText("Search messages"), { target: { value: "Timeout" } });
    await waitFor(() => { expect(screen.getByTestId("search").textContent).toBe("?search=Timeout"); });
    await waitFor(() => { expect(lists.at(-1)?.get("search")).toBe("Timeout"); });
  });

  it("says so when nothing matches", async () => {
    fakeApi([]);
    renderPage(`/logs?execution_id=${RUN}`);
    await screen.findByText(/No log line matches these filters/);
    expect(screen.getByRole("button", { name: "Clear filters" })).toBeTruthy();
  });

  it("shows the API's refusal of a filter", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(json({ detail: [{ loc: ["body", "until"], msg: "must be later than since", type: "value_error" }] }, 422))),
    );
    renderPage("/logs?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z");
    await screen.findByText("The log lines could not be loaded: Until: must be later than since.");
  });
});
