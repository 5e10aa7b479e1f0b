import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Reconciliation } from "../../api/reconciliation";
import { dismissToast, toastStore } from "../../lib/toasts";
import type { ReconciliationView } from "../history/historyParams";
import { ReconciliationDialog } from "./ReconciliationDialog";

const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";

const DIFFERENT: Reconciliation = {
  execution_id: RUN,
  available: true,
  in_sync: false,
  matched: 40,
  counts: { missing: 0, extra: 2, size_mismatch: 0, checksum_mismatch: 1, errors: 0 },
  missing: [],
  extra: ["old/notes.txt", "stray.bin"],
  size_mismatch: [],
  checksum_mismatch: ["same-size.txt"],
  errors: [],
  truncated: false,
  checked_at: "2026-12-01T12:00:00Z",
  message: null,
};

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

/** The API as far as the dialog uses it; `seen` lists each request's path and query. */
function fakeApi(report: Reconciliation | Response, download: () => Response = () => new Response("difference,path\n")) {
  const seen: string[] = [];
  const fetch = vi.fn((request: Request) => {
    const url = new URL(request.url);
    seen.push(url.pathname + url.search);
    if (url.pathname === `/api/v1/executions/${RUN}/reconciliation`) {
      return Promise.resolve(report instanceof Response ? report : json(report));
    }
    if (url.pathname === `/api/v1/executions/${RUN}/reconciliation/export`) return Promise.resolve(download());
    return Promise.resolve(json({ detail: "Not Found" }, 404));
  });
  vi.stubGlobal("fetch", fetch);
  return seen;
}

function show(tab: ReconciliationView = "missing", onTabChange = vi.fn()) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <ReconciliationDialog executionId={RUN} name="Photos" tab={tab} onTabChange={onTabChange} onClose={vi.fn()} />
    </QueryClientProvider>,
  );
  return onTabChange;
}

beforeEach(() => {
  // jsdom has no blob URLs.
  URL.createObjectURL = vi.fn(() => "blob:report");
  URL.revokeObjectURL = vi.fn();
});

afterEach(() => {
  cleanup();
  for (const toast of toastStore.getQueue()) dismissToast(toast.id);
  vi.unstubAllGlobals();
});

describe("ReconciliationDialog", () => {
  it("shows the verdict and one tab per kind with its count", async () => {
    fakeApi(DIFFERENT);
    show("extra");
    expect(await screen.findByText("3 differences")).toBeTruthy();
    expect(screen.getByText(/40 files match on both sides/)).toBeTruthy();
    const tabs = within(screen.getByRole("tablist", { name: "Kinds of difference" })).getAllByRole("tab");
    expect(tabs.map((tab) => tab.textContent)).toEqual(["Missing (0)", "Extra (2)", "Size (0)", "Checksum (1)"]);
    expect(screen.getByRole("tab", { name: "Extra (2)" }).getAttribute("aria-selected")).toBe("true");
    const list = screen.getByRole("list", { name: "Extra files" });
    expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["old/notes.txt", "stray.bin"]);
  });

  it("opens at the first kind with differences when asked to just open", async () => {
    fakeApi(DIFFERENT);
    show("open");
    expect(await screen.findByRole("tab", { name: "Extra (2)", selected: true })).toBeTruthy();
    expect(screen.getByRole("list", { name: "Extra files" })).toBeTruthy();
  });

  it("says so on a tab without differences, and asks to switch tabs", async () => {
    fakeApi(DIFFERENT);
    const onTabChange = show("size");
    expect(await screen.findByText("No size difference.")).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
    fireEvent.click(screen.getByRole("tab", { name: "Checksum (1)" }));
    expect(onTabChange).toHaveBeenCalledWith("checksum");
  });

  it("says In sync when both sides match", async () => {
    fakeApi({
      ...DIFFERENT,
      in_sync: true,
      counts: { missing: 0, extra: 0, size_mismatch: 0, checksum_mismatch: 0, errors: 0 },
      extra: [],
      checksum_mismatch: [],
    });
    show();
    expect(await screen.findByText("In sync")).toBeTruthy();
    expect(screen.getByText("No file is missing.")).toBeTruthy();
  });

  it("adds a Not compared tab when files could not be compared", async () => {
    fakeApi({
      ...DIFFERENT,
      counts: { ...DIFFERENT.counts, errors: 1 },
      errors: [{ path: "locked.db", message: "permission denied" }],
    });
    show("errors");
    expect(await screen.findByText("3 differences, 1 not compared")).toBeTruthy();
    expect(screen.getByRole("tab", { name: "Not compared (1)" })).toBeTruthy();
    expect(screen.getByText("locked.db")).toBeTruthy();
    expect(screen.getByText("permission denied")).toBeTruthy();
  });

  it("keeps exact counts when the stored lists were cut short", async () => {
    fakeApi({ ...DIFFERENT, counts: { ...DIFFERENT.counts, extra: 12_345 }, truncated: true });
    show("extra");
    expect(await screen.findByRole("tab", { name: "Extra (12,345)" })).toBeTruthy();
    expect(screen.getByText("Only the first 2 of 12,345 paths are kept with the run.")).toBeTruthy();
  });

  it("pages a long list instead of rendering every path", async () => {
    const extra = Array.from({ length: 250 }, (_, index) => `file-${String(index).padStart(3, "0")}.txt`);
    fakeApi({ ...DIFFERENT, counts: { ...DIFFERENT.counts, extra: 250 }, extra });
    show("extra");
    const list = await screen.findByRole("list", { name: "Extra files" });
    expect(within(list).getAllByRole("listitem")).toHaveLength(100);
    expect(screen.getByText("1–100 of 250")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Go to next page" }));
    expect(screen.getByText("file-100.txt")).toBeTruthy();
  });

  it("explains why a run has no reconciliation", async () => {
    fakeApi({ ...DIFFERENT, available: false, in_sync: null, message: "dry runs are not verified" });
    show();
    expect(await screen.findByText("No reconciliation")).toBeTruthy();
    expect(screen.getByText("Dry runs are not verified.")).toBeTruthy();
    expect(screen.queryByRole("tablist")).toBeNull();
  });

  it("shows the API's refusal when the reconciliation cannot be read", async () => {
    fakeApi(json({ detail: "no execution with id x" }, 404));
    show();
    expect(await screen.findByText(/The reconciliation could not be loaded: No execution with id x\./)).toBeTruthy();
  });

  it("exports the differences as CSV and JSON, saved as f2l-reconciliation-<id>.<ext>", async () => {
    const seen = fakeApi(DIFFERENT);
    const names: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(`${this.download} ${this.href}`);
    });
    show();
    await screen.findByText("3 differences");
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await waitFor(() => {
      expect(names).toEqual(["f2l-reconciliation-5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b.csv blob:report"]);
    });
    await waitFor(() => {
      expect(screen.getByRole("button", { name: "Export JSON" }).hasAttribute("disabled")).toBe(false);
    });
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    await waitFor(() => {
      expect(names).toHaveLength(2);
    });
    expect(names[1]).toBe(`f2l-reconciliation-${RUN}.json blob:report`);
    expect(seen.filter((path) => path.includes("/export"))).toEqual([
      `/api/v1/executions/${RUN}/reconciliation/export?format=csv`,
      `/api/v1/executions/${RUN}/reconciliation/export?format=json`,
    ]);
    expect(click).toHaveBeenCalledTimes(2);
  });

  it("says why an export failed and saves nothing", async () => {
    fakeApi(DIFFERENT, () => json({ detail: "no execution with id x" }, 404));
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(() => undefined);
    show();
    await screen.findByText("3 differences");
    fireEvent.click(screen.getByRole("button", { name: "Export JSON" }));
    await waitFor(() => {
      expect(toastStore.getQueue().map((toast) => toast.message)).toEqual([
        "The report could not be downloaded: No execution with id x.",
      ]);
    });
    expect(click).not.toHaveBeenCalled();
  });
});
