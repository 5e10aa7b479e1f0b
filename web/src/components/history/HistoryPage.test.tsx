import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createMemoryRouter, RouterProvider, useLocation } from "react-router";
import type { Execution } from "../../api/executions";
import HistoryPage from "../../routes/HistoryPage";

const SESSION = "0b6c1a52-7c35-4a57-9a55-2f2a4c6f1d10";
const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";

const DIFFERENCES: Execution = {
  id: RUN,
  session_id: SESSION,
  session_name: "Photos",
  status: "completed_with_differences",
  trigger: "manual",
  dry_run: false,
  progress_percentage: 100,
  files_synced: 3,
  total_files: 3,
  files_deleted: 0,
  files_skipped: 1,
  files_failed: 0,
  bytes_transferred: 3072,
  total_bytes: 3072,
  conflicts: 0,
  error_count: 0,
  current_file: null,
  speed_bps: null,
  eta_seconds: null,
  cancel_requested: false,
  error_message: null,
  created_at: "2026-12-01T10:00:00Z",
  started_at: "2026-12-01T10:00:01Z",
  finished_at: "2026-12-01T10:00:05Z",
  duration_seconds: 4,
  summary: null,
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The API of the page; `lists` records the query of each `GET /executions`. */
function fakeApi(total = 60) {
  const lists: string[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((request: Request) => {
      const url = new URL(request.url);
      if (url.pathname === "/api/v1/executions") {
        lists.push(url.search);
        const page = Number(url.searchParams.get("page"));
        return Promise.resolve(json({ data: [DIFFERENCES], pagination: { page, limit: 25, total, total_capped: false } }));
      }
      if (url.pathname === `/api/v1/executions/${RUN}`) return Promise.resolve(json(DIFFERENCES));
      if (url.pathname === `/api/v1/executions/${RUN}/reconciliation`) {
        return Promise.resolve(
          json({
            execution_id: RUN,
            available: true,
            in_sync: false,
            matched: 1,
            counts: { missing: 0, extra: 1, size_mismatch: 0, checksum_mismatch: 0, errors: 0 },
            missing: [],
            extra: ["stray.txt"],
            size_mismatch: [],
            checksum_mismatch: [],
            errors: [],
            truncated: false,
            checked_at: "2026-12-01T10:00:05Z",
            message: null,
          }),
        );
      }
      if (url.pathname === `/api/v1/sessions/${SESSION}`) return Promise.resolve(json({ id: SESSION, name: "Photos" }));
      return Promise.resolve(json({ detail: "Not Found" }, 404));
    }),
  );
  return lists;
}

function Location() {
  const location = useLocation();
  return <output aria-label="Location">{location.search}</output>;
}

function show(search: string) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const router = createMemoryRouter(
    [
      {
        path: "/history",
        element: (
          <>
            <HistoryPage />
            <Location />
          </>
        ),
      },
    ],
    { initialEntries: [`/history${search}`] },
  );
  render(
    <QueryClientProvider client={client}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
  return router;
}

function location(): string {
  // hidden: an open drawer or dialog hides the rest of the page from assistive technology.
  return screen.getByRole("status", { name: "Location", hidden: true }).textContent;
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

// The data grid is heavy in jsdom: these take seconds on a busy machine.
describe("HistoryPage", { timeout: 20_000 }, () => {
  it("asks the API for exactly what the URL says", async () => {
    const lists = fakeApi();
    show(`?session=${SESSION}&status=completed_with_differences&sort=-bytes_transferred&page=2&limit=50`);
    expect(await screen.findByText(/60 runs match the filters/)).toBeTruthy();
    const query = new URLSearchParams(lists[0]);
    expect(Object.fromEntries(query)).toEqual({
      page: "2",
      limit: "50",
      sort: "-bytes_transferred",
      session_id: SESSION,
      status: "completed_with_differences",
    });
  });

  it("writes a chosen status into the URL and starts again at page 1", async () => {
    const lists = fakeApi();
    show("?page=2");
    await screen.findByText(/60 runs/);
    fireEvent.mouseDown(screen.getByRole("combobox", { name: "Status" }));
    fireEvent.click(await screen.findByRole("option", { name: "Failed" }));
    await waitFor(() => {
      expect(location()).toBe("?status=failed");
    });
    await waitFor(() => {
      expect(new URLSearchParams(lists.at(-1)).get("status")).toBe("failed");
    });
    expect(new URLSearchParams(lists.at(-1)).get("page")).toBe("1");
  });

  it("writes a day range into the URL and sends it as since/until", async () => {
    const lists = fakeApi();
    show("");
    await screen.findByText(/60 runs/);
    fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-11-01" } });
    await waitFor(() => {
      expect(location()).toBe("?from=2026-11-01");
    });
    await waitFor(() => {
      expect(new URLSearchParams(lists.at(-1)).get("since")).toBe(new Date(2026, 10, 1).toISOString());
    });
    expect(screen.getByRole("button", { name: "Clear filters" })).toBeTruthy();
  });

  it("keeps both ends of a range typed in quick succession", async () => {
    fakeApi();
    show("?from=2026-12-03");
    await screen.findByText(/60 runs/);
    // Both changes before React renders again, as a fast typist (or Playwright) makes them.
    act(() => {
      fireEvent.change(screen.getByLabelText("From"), { target: { value: "2026-11-01" } });
      fireEvent.change(screen.getByLabelText("To"), { target: { value: "2026-11-30" } });
    });
    await waitFor(() => {
      expect(location()).toBe("?from=2026-11-01&to=2026-11-30");
    });
  });

  it("opens a run's detail with its reconciliation verdict from ?execution=", async () => {
    fakeApi();
    show(`?execution=${RUN}`);
    const drawer = await screen.findByRole("dialog", { name: "Run of Photos" });
    expect(await within(drawer).findByText("1 difference")).toBeTruthy();
    expect(within(drawer).getByRole("link", { name: "Open run" }).getAttribute("href")).toBe(`/executions/${RUN}`);
    fireEvent.click(within(drawer).getByRole("button", { name: "Reconciliation" }));
    await waitFor(() => {
      expect(location()).toBe(`?execution=${RUN}&reconciliation=extra`);
    });
    expect(await screen.findByRole("tab", { name: "Extra (1)" })).toBeTruthy();
  });

  it("shows the API's refusal when the runs cannot be listed", async () => {
    vi.stubGlobal("fetch", vi.fn(() => Promise.resolve(json({ detail: "invalid token" }, 401))));
    show("");
    expect(await screen.findByText("The runs could not be loaded: Invalid token.")).toBeTruthy();
  });
});
