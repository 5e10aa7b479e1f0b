import { describe, expect, it } from "vitest";
import { cleanPath, crumbs, pagerState, parentOf } from "./browsePaths";

describe("crumbs", () => {
  it("is the root alone at the root", () => {
    expect(crumbs("", "photos-bucket")).toEqual([{ label: "photos-bucket", path: "" }]);
  });

  it("adds each folder down to the path, each with the path that opens it", () => {
    expect(crumbs("2026/holidays/beach", "Root")).toEqual([
      { label: "Root", path: "" },
      { label: "2026", path: "2026" },
      { label: "holidays", path: "2026/holidays" },
      { label: "beach", path: "2026/holidays/beach" },
    ]);
  });

  it("ignores stray slashes", () => {
    expect(crumbs("/a//b/", "Root").map((crumb) => crumb.path)).toEqual(["", "a", "a/b"]);
    expect(cleanPath("/a/./b/")).toBe("a/b");
  });
});

describe("parentOf", () => {
  it("walks up one folder", () => {
    expect(parentOf("a/b/c")).toBe("a/b");
    expect(parentOf("a")).toBe("");
    expect(parentOf("")).toBeNull();
  });
});

describe("pagerState", () => {
  it("counts the first page of a long folder without a total", () => {
    expect(pagerState({ page: 1, limit: 100, total: null, has_more: true }, 100)).toEqual({
      from: 1,
      to: 100,
      label: "1–100 of more than 100",
      hasPrevious: false,
      hasNext: true,
    });
  });

  it("knows the total on the last page", () => {
    expect(pagerState({ page: 2, limit: 100, total: 120, has_more: false }, 20)).toEqual({
      from: 101,
      to: 120,
      label: "101–120 of 120",
      hasPrevious: true,
      hasNext: false,
    });
  });

  it("says so when a folder is empty", () => {
    const state = pagerState({ page: 1, limit: 100, total: 0, has_more: false }, 0);
    expect(state.label).toBe("No entries");
    expect(state.hasNext || state.hasPrevious).toBe(false);
  });

  it("separates thousands", () => {
    expect(pagerState({ page: 11, limit: 100, total: 1020, has_more: false }, 20).label).toBe("1,001–1,020 of 1,020");
  });
});
