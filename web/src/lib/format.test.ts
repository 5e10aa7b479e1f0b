import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDay, formatDuration, formatRate, formatRelativeTime } from "./format";

describe("formatBytes (the CLI's binary units)", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [71_408_435, "68.1 MiB"],
    [5 * 2 ** 30, "5.0 GiB"],
    [3.25 * 2 ** 40, "3.3 TiB"],
  ])("%d → %s", (size, text) => {
    expect(formatBytes(size)).toBe(text);
  });
});

describe("counts and rates", () => {
  it("separates thousands and shows rates as percentages", () => {
    expect(formatCount(2456)).toBe("2,456");
    expect(formatRate(0.9567)).toBe("95.7%");
    expect(formatRate(1)).toBe("100%");
    expect(formatRate(null)).toBe("—");
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2026-12-01T12:00:00Z");
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000);

  it.each([
    [-10, "just now"],
    [30, "just now"],
    [-3 * 60, "3 minutes ago"],
    [47 * 60, "in 47 minutes"],
    [-2 * 3600, "2 hours ago"],
    [-30 * 3600, "yesterday"],
    [-5 * 86400, "5 days ago"],
    [-60 * 86400, "2 months ago"],
    [-800 * 86400, "2 years ago"],
    [59 * 60 + 20, "in 59 minutes"],
    [-(23 * 3600 + 10 * 60), "23 hours ago"],
  ])("%d s → %s", (seconds, text) => {
    expect(formatRelativeTime(at(seconds), now)).toBe(text);
  });

  it("takes ISO strings and says nothing for a bad date", () => {
    expect(formatRelativeTime("2026-12-01T11:00:00Z", now)).toBe("1 hour ago");
    expect(formatRelativeTime("not a date", now)).toBe("—");
  });
});

describe("formatDay", () => {
  it("labels a UTC day of the API whatever the browser's zone", () => {
    expect(formatDay("2026-12-01")).toBe("Dec 1");
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 s"],
    [44.6, "45 s"],
    [185, "3 min 5 s"],
    [600, "10 min"],
    [7620, "2 h 7 min"],
    [7200, "2 h"],
  ])("%d s → %s", (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});
