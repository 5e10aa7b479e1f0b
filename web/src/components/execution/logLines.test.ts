import { describe, expect, it } from "vitest";
import { isAtEnd, mergeLines, tailLine } from "./logLines";

describe("mergeLines", () => {
  const started = tailLine("info", "run started (manual): Photos", "2026-12-01T10:00:00.100000Z");
  const failed = tailLine("error", "copy a.txt: denied", "2026-12-01T10:00:01.200000Z");
  const ended = tailLine("info", "run completed", "2026-12-01T10:00:05Z");

  it("drops the line that arrived both from the API and live, and orders by time", () => {
    const sameLineLive = tailLine("error", "copy a.txt: denied", "2026-12-01T10:00:01.200000+00:00");
    const merged = mergeLines([started, failed], [ended, sameLineLive]);
    expect(merged.map((line) => line.message)).toEqual([
      "run started (manual): Photos",
      "copy a.txt: denied",
      "run completed",
    ]);
  });

  it("reads a time without a zone as UTC", () => {
    expect(tailLine("info", "x", "2026-12-01T10:00:00").time).toBe(Date.parse("2026-12-01T10:00:00Z"));
  });

  it("keeps the newest lines when there are too many", () => {
    const live = Array.from({ length: 10 }, (_, n) =>
      tailLine("info", `line ${n}`, `2026-12-01T10:00:${String(n).padStart(2, "0")}Z`),
    );
    expect(mergeLines([], live, 3).map((line) => line.message)).toEqual(["line 7", "line 8", "line 9"]);
  });
});

describe("isAtEnd", () => {
  it("is true at the end and a few pixels above it, false further up", () => {
    expect(isAtEnd({ scrollTop: 700, scrollHeight: 1000, clientHeight: 300 })).toBe(true);
    expect(isAtEnd({ scrollTop: 680, scrollHeight: 1000, clientHeight: 300 })).toBe(true);
    expect(isAtEnd({ scrollTop: 400, scrollHeight: 1000, clientHeight: 300 })).toBe(false);
  });

  it("is true when everything fits", () => {
    expect(isAtEnd({ scrollTop: 0, scrollHeight: 200, clientHeight: 300 })).toBe(true);
  });
});
