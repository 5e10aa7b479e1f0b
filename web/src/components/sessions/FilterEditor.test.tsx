/**
 * The filter editor as a user drives it: chips added and removed, patterns, and the live count
 * asked from the (fake) API once typing pauses. Only `fetch`, the network boundary, is replaced.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { act, cleanup, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FilterEditor } from "./FilterEditor";
import { NO_FILTER, type FilterValue } from "./filters";
import type { MatchTarget } from "./MatchCount";

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}

interface Seen {
  url: string;
  body: { path: string; filters: Record<string, unknown> };
}

let seen: Seen[];
let answer: (body: Seen["body"]) => Response;

beforeEach(() => {
  seen = [];
  answer = () => json({ path: "data", matched_files: 3, matched_bytes: 1536, scanned_files: 10, sample: ["a/x.csv", "b/y.csv", "a/z.json"], complete: true });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (request: Request) => {
      const body = (await request.json()) as Seen["body"];
      seen.push({ url: new URL(request.url).pathname, body });
      return answer(body);
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

function Harness({ target, onValue }: { target: MatchTarget | null; onValue?: (value: FilterValue) => void }) {
  const [value, setValue] = useState(NO_FILTER);
  return (
    <FilterEditor
      value={value}
      onChange={(next) => {
        setValue(next);
        onValue?.(next);
      }}
      matchTarget={target}
    />
  );
}

function show(target: MatchTarget | null = { endpointId: "src", path: "data" }, onValue?: (value: FilterValue) => void) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <Harness target={target} onValue={onValue} />
    </QueryClientProvider>,
  );
}

function addChip(label: string, text: string) {
  const input = screen.getByLabelText(label);
  fireEvent.change(input, { target: { value: text } });
  fireEvent.keyDown(input, { key: "Enter" });
}

const pause = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

// jsdom is slow with MUI's DOM on a busy machine; the debounce waits are real (400 ms).
describe("FilterEditor", { timeout: 20_000 }, () => {
  it("adds folder names as chips (Enter, Add, a comma list) and removes them", () => {
    const values: FilterValue[] = [];
    show(null, (value) => values.push(value));
    addChip("Folder names", "a");
    fireEvent.change(screen.getByLabelText("Folder names"), { target: { value: "b, c, a" } });
    fireEvent.click(screen.getByLabelText("Add folder"));
    const list = screen.getByLabelText("Folder names added");
    expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["a", "b", "c"]);
    expect(screen.getByLabelText("Folder names")).toHaveProperty("value", "");
    fireEvent.click(screen.getByLabelText("Remove folder b"));
    expect(within(list).getAllByRole("listitem").map((item) => item.textContent)).toEqual(["a", "c"]);
    expect(values.at(-1)?.folders).toEqual(["a", "c"]);
  });

  it("keeps include and exclude patterns apart, and sets how folder names match", () => {
    const values: FilterValue[] = [];
    show(null, (value) => values.push(value));
    addChip("Include patterns", "*.csv");
    addChip("Include patterns", "*.json");
    addChip("Exclude patterns", "tmp/");
    addChip("Folder names", "rep");
    fireEvent.click(screen.getByLabelText("Contains it"));
    fireEvent.click(screen.getByLabelText("Case sensitive (folder names and patterns)"));
    expect(values.at(-1)).toMatchObject({
      include: ["*.csv", "*.json"],
      exclude: ["tmp/"],
      folders: ["rep"],
      folderMatch: "contains",
      caseSensitive: false,
    });
    expect(screen.getByLabelText("Remove include pattern *.json")).toBeTruthy();
    expect(screen.getByLabelText("Remove exclude pattern tmp/")).toBeTruthy();
  });

  it("counts what matches on the source once typing pauses, with a sample", async () => {
    show();
    await waitFor(() => { expect(seen).toHaveLength(1); });
    expect(seen[0]?.url).toBe("/api/v1/endpoints/src/match");
    const status = screen.getByRole("status");
    await waitFor(() => { expect(status.textContent).toContain("3 files (1.5 KiB) match of 10 scanned"); });
    expect(within(screen.getByLabelText("Sample of matched paths")).getAllByRole("listitem")).toHaveLength(3);

    // Three quick changes: one request, after the pause, with all three.
    addChip("Folder names", "a");
    await pause(100);
    addChip("Folder names", "b");
    await pause(100);
    addChip("Include patterns", "*.csv");
    await pause(200);
    expect(seen).toHaveLength(1);
    await waitFor(() => { expect(seen).toHaveLength(2); });
    expect(seen[1]?.body).toEqual({
      path: "data",
      filters: {
        folders: ["a", "b"],
        folder_match: "exact",
        case_sensitive: true,
        include: ["*.csv"],
        exclude: [],
        min_size: null,
        max_size: null,
        min_age: null,
        max_age: null,
      },
    });
    await pause(600);
    expect(seen).toHaveLength(2);
  });

  it("says 'at least' when the scan stopped at its limit, and sizes go in bytes", async () => {
    answer = () => json({ path: "data", matched_files: 1204, matched_bytes: 3.4 * 2 ** 30, scanned_files: 5310, sample: [], complete: false });
    show();
    fireEvent.change(screen.getByLabelText("Smallest size"), { target: { value: "2" } });
    fireEvent.change(screen.getByLabelText("Smallest size: unit"), { target: { value: "KiB" } });
    await waitFor(() => { expect(seen.at(-1)?.body.filters.min_size).toBe(2048); });
    await waitFor(() => {
      expect(screen.getByRole("status").textContent).toContain(
        "At least 1,204 files (3.4 GiB) match of the first 5,310 scanned",
      );
    });
  });

  it("shows the API's refusal, and does not ask with a malformed size", async () => {
    answer = () => json({ detail: [{ loc: ["body", "filters", "include"], msg: "Value error, pattern '[': bad" }] }, 422);
    show();
    await waitFor(() => { expect(screen.getByRole("status").textContent).toMatch(/The count failed: .*pattern '\['/); });
    const before = seen.length;
    fireEvent.change(screen.getByLabelText("Largest size"), { target: { value: "lots" } });
    expect(screen.getByText("A number (like 10 or 2.5), or nothing.")).toBeTruthy();
    await pause(600);
    expect(seen).toHaveLength(before);
    expect(screen.getByRole("status").textContent).toBe("Fix the marked values to count what matches.");
  });

  it("asks for a source before counting", async () => {
    show(null);
    await pause(500);
    expect(seen).toHaveLength(0);
    expect(screen.getByRole("status").textContent).toContain("Choose the source endpoint");
  });
});
