import { describe, expect, it } from "vitest";
import { filterFromSearch, isFiltered, matchesFilter, searchWithFilter, type FilterableLine } from "./filter";

const SESSION = "0b6c1a52-7c35-4a57-9a55-2f2a4c6f1d10";
const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";

const LINE: FilterableLine = {
  level: "warning",
  message: "Retrying photos/IMG_0001.JPG after a timeout",
  timestamp: "2026-12-01T10:00:00.250000Z",
  session_id: SESSION,
  execution_id: RUN,
};

describe("the log filter in the URL", () => {
  it("reads the API's parameter names and drops what the API would refuse", () => {
    const params = new URLSearchParams(
      `level=error&min_level=loud&session_id=${SESSION}&execution_id=not-a-run&search=timeout&since=2026-12-01T09:00:00.000Z&until=yesterday&tab=2`,
    );
    expect(filterFromSearch(params)).toEqual({
      level: "error",
      session_id: SESSION,
      search: "timeout",
      since: "2026-12-01T09:00:00.000Z",
    });
  });

  it("writes the filter back, keeping other parameters and removing cleared ones", () => {
    const before = new URLSearchParams("level=error&search=old&tab=2");
    const after = searchWithFilter(before, { min_level: "warning", execution_id: RUN, search: "" });
    expect(after.get("tab")).toBe("2");
    expect(after.get("level")).toBeNull();
    expect(after.get("search")).toBeNull();
    expect(after.get("min_level")).toBe("warning");
    expect(after.get("execution_id")).toBe(RUN);
    expect(before.get("level")).toBe("error"); // the old params are not changed
  });

  it("round-trips every filter", () => {
    const filter = {
      level: "info" as const,
      min_level: "debug" as const,
      session_id: SESSION,
      execution_id: RUN,
      search: "a b&c=d",
      since: "2026-12-01T09:00:00.000Z",
      until: "2026-12-01T11:00:00.000Z",
    };
    expect(filterFromSearch(searchWithFilter(new URLSearchParams(), filter))).toEqual(filter);
    expect(isFiltered(filter)).toBe(true);
    expect(isFiltered({})).toBe(false);
    expect(isFiltered({ search: "" })).toBe(false);
  });
});

describe("matchesFilter (the server's rule for live lines)", () => {
  it("keeps everything without a filter, and an empty search filters nothing", () => {
    expect(matchesFilter(LINE, {})).toBe(true);
    expect(matchesFilter(LINE, { search: "" })).toBe(true);
  });

  it("level is one level; min_level that level and the more severe ones", () => {
    expect(matchesFilter(LINE, { level: "warning" })).toBe(true);
    expect(matchesFilter(LINE, { level: "error" })).toBe(false);
    expect(matchesFilter(LINE, { level: "info" })).toBe(false);
    expect(matchesFilter(LINE, { min_level: "debug" })).toBe(true);
    expect(matchesFilter(LINE, { min_level: "info" })).toBe(true);
    expect(matchesFilter(LINE, { min_level: "warning" })).toBe(true);
    expect(matchesFilter(LINE, { min_level: "error" })).toBe(false);
    // Both set: both must hold, as on the server.
    expect(matchesFilter(LINE, { level: "warning", min_level: "error" })).toBe(false);
  });

  it("search is a substring of the message in any case, with no pattern characters", () => {
    expect(matchesFilter(LINE, { search: "img_0001.jpg" })).toBe(true);
    expect(matchesFilter(LINE, { search: "RETRYING PHOTOS" })).toBe(true);
    expect(matchesFilter(LINE, { search: "img%jpg" })).toBe(false); // the server escapes LIKE wildcards
    expect(matchesFilter(LINE, { search: "IMG_0002" })).toBe(false);
  });

  it("session and run must be the line's own; lines of no run never match a run filter", () => {
    expect(matchesFilter(LINE, { session_id: SESSION, execution_id: RUN })).toBe(true);
    expect(matchesFilter(LINE, { session_id: SESSION.toUpperCase() })).toBe(true);
    expect(matchesFilter(LINE, { execution_id: SESSION })).toBe(false);
    expect(matchesFilter({ ...LINE, execution_id: null, session_id: null }, { execution_id: RUN })).toBe(false);
  });

  it("since is inclusive, until exclusive; a time without a zone is UTC", () => {
    expect(matchesFilter(LINE, { since: "2026-12-01T10:00:00.250Z" })).toBe(true);
    expect(matchesFilter(LINE, { since: "2026-12-01T10:00:00.251Z" })).toBe(false);
    expect(matchesFilter(LINE, { until: "2026-12-01T10:00:00.250Z" })).toBe(false);
    expect(matchesFilter(LINE, { until: "2026-12-01T10:00:00.251Z" })).toBe(true);
    expect(matchesFilter(LINE, { since: "2026-12-01T10:00:00", until: "2026-12-01T10:00:01" })).toBe(true);
    expect(matchesFilter({ ...LINE, timestamp: "2026-12-01T10:00:00.250" }, { until: "2026-12-01T10:00:00.300Z" })).toBe(true);
    expect(matchesFilter(LINE, { since: "2026-12-01T11:00:00+01:00" })).toBe(true);
  });
});
