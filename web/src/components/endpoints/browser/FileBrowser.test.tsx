/**
 * The file browser against a fake of `GET /endpoints/{id}/browse` (only `fetch` is replaced): the
 * server pages, the breadcrumb walks back up, a folder opens, a file is selected.
 */
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { useState } from "react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BrowseItem } from "../../../api/endpoints";
import { FileBrowser } from "./FileBrowser";

const ID = "0f6c1c3e-0000-4000-8000-000000000002";

function file(folder: string, name: string, size: number): BrowseItem {
  const path = folder ? `${folder}/${name}` : name;
  return { name, path, is_dir: false, size, modified: "2026-12-01T10:00:00Z", etag: null, storage_class: null, content_type: null };
}

function folder(parent: string, name: string): BrowseItem {
  const path = parent ? `${parent}/${name}` : name;
  return { name, path, is_dir: true, size: null, modified: null, etag: null, storage_class: null, content_type: null };
}

/** The fake bucket: `logs/` holds 120 files (two pages of 100), `photos/2026/` one file. */
const TREE: Record<string, BrowseItem[]> = {
  "": [folder("", "logs"), folder("", "photos"), file("", "readme.txt", 12)],
  logs: Array.from({ length: 120 }, (_, n) => file("logs", `log-${String(n).padStart(3, "0")}.txt`, 1000 + n)),
  photos: [folder("photos", "2026")],
  "photos/2026": [file("photos/2026", "beach.jpg", 3_145_728)],
};

let asked: string[];

beforeEach(() => {
  asked = [];
  vi.stubGlobal(
    "fetch",
    vi.fn((request: Request) => {
      const url = new URL(request.url);
      const path = url.searchParams.get("path") ?? "";
      const page = Number(url.searchParams.get("page") ?? "1");
      const limit = Number(url.searchParams.get("limit") ?? "100");
      asked.push(`${path}#${String(page)}`);
      const all = TREE[path];
      if (!all) {
        return Promise.resolve(
          new Response(JSON.stringify({ detail: `not found: ${path}` }), {
            status: 404,
            headers: { "Content-Type": "application/json" },
          }),
        );
      }
      const data = all.slice((page - 1) * limit, page * limit);
      const hasMore = all.length > page * limit;
      const body = { data, pagination: { page, limit, total: hasMore ? null : all.length, has_more: hasMore } };
      return Promise.resolve(new Response(JSON.stringify(body), { headers: { "Content-Type": "application/json" } }));
    }),
  );
});

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

/** The browser with its folder and page held as the page holds them (in state here). */
function Harness({ onSelect }: { onSelect: (item: BrowseItem) => void }) {
  const [where, setWhere] = useState({ path: "", page: 1 });
  return (
    <FileBrowser
      endpointId={ID}
      rootLabel="test-bucket"
      path={where.path}
      page={where.page}
      onNavigate={(path, page) => { setWhere({ path, page }); }}
      selected={null}
      onSelect={onSelect}
    />
  );
}

function renderBrowser() {
  const onSelect = vi.fn();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <Harness onSelect={onSelect} />
    </QueryClientProvider>,
  );
  return { onSelect };
}

function crumbTrail(): string[] {
  const nav = screen.getByRole("navigation", { name: "Folder path" });
  return within(nav)
    .getAllByRole("listitem")
    .map((item) => item.textContent);
}

describe("FileBrowser", { timeout: 30_000 }, () => {
  it("lists the root with folders and files, the breadcrumb at the root", async () => {
    renderBrowser();
    expect(await screen.findByRole("button", { name: "Open folder logs" })).toBeTruthy();
    expect(screen.getByRole("button", { name: "readme.txt" })).toBeTruthy();
    expect(crumbTrail()).toEqual(["test-bucket"]);
    expect(screen.queryByRole("navigation", { name: "Pages of this folder" })).toBeNull(); // one page only
    expect(screen.getByText("1–3 of 3")).toBeTruthy();
  });

  it("opens a folder, pages it on the server and says where it is", async () => {
    renderBrowser();
    fireEvent.click(await screen.findByRole("button", { name: "Open folder logs" }));
    expect(await screen.findByText("log-000.txt")).toBeTruthy();
    expect(crumbTrail()).toEqual(["test-bucket", "logs"]);
    const pages = screen.getByRole("navigation", { name: "Pages of this folder" });
    expect(within(pages).getByText("1–100 of more than 100")).toBeTruthy(); // the total is not known yet
    expect(within(pages).getByRole("button", { name: "Previous" }).hasAttribute("disabled")).toBe(true);
    expect(screen.getAllByRole("row")).toHaveLength(101); // header + 100
    fireEvent.click(within(pages).getByRole("button", { name: "Next" }));
    expect(await screen.findByText("log-119.txt")).toBeTruthy();
    expect(within(pages).getByText("101–120 of 120")).toBeTruthy();
    expect(within(pages).getByRole("button", { name: "Next" }).hasAttribute("disabled")).toBe(true);
    expect(screen.queryByText("log-000.txt")).toBeNull();
    expect(asked).toEqual(["#1", "logs#1", "logs#2"]);
    fireEvent.click(within(pages).getByRole("button", { name: "Previous" }));
    expect(await screen.findByText("log-000.txt")).toBeTruthy();
  });

  it("walks back up with the breadcrumb and the up button", async () => {
    renderBrowser();
    fireEvent.click(await screen.findByRole("button", { name: "Open folder photos" }));
    fireEvent.click(await screen.findByRole("button", { name: "Open folder 2026" }));
    expect(await screen.findByRole("button", { name: "beach.jpg" })).toBeTruthy();
    expect(crumbTrail()).toEqual(["test-bucket", "photos", "2026"]);
    const nav = screen.getByRole("navigation", { name: "Folder path" });
    expect(within(nav).getByText("2026").getAttribute("aria-current")).toBe("location");
    fireEvent.click(within(nav).getByRole("button", { name: "photos" }));
    expect(await screen.findByRole("button", { name: "Open folder 2026" })).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Up one folder" }));
    expect(await screen.findByRole("button", { name: "readme.txt" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Up one folder" })).toBeNull(); // at the root
  });

  it("selects a file (its name or its details button) without leaving the folder", async () => {
    const { onSelect } = renderBrowser();
    fireEvent.click(await screen.findByRole("button", { name: "readme.txt" }));
    expect(onSelect).toHaveBeenLastCalledWith(expect.objectContaining({ path: "readme.txt", is_dir: false }));
    fireEvent.click(screen.getByRole("button", { name: "Details of logs" }));
    expect(onSelect).toHaveBeenLastCalledWith(expect.objectContaining({ path: "logs", is_dir: true }));
    expect(crumbTrail()).toEqual(["test-bucket"]);
  });
});
