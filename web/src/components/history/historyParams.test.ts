import { describe, expect, it } from "vitest";
import {
  DEFAULT_STATE,
  dayRange,
  executionFilter,
  historySearch,
  parseHistoryParams,
  patchHistoryState,
  rangeReversed,
} from "./historyParams";
import { sortFieldOf, sortModelOf } from "./columns";

const SESSION = "0b6c1a52-7c35-4a57-9a55-2f2a4c6f1d10";
const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";

describe("History URL state", () => {
  it("reads every filter, the sort, the page and the open run from the query string", () => {
    const state = parseHistoryParams(
      new URLSearchParams(
        `session=${SESSION}&status=completed_with_differences&from=2026-11-01&to=2026-11-30` +
          `&sort=-bytes_transferred&page=3&limit=50&execution=${RUN}&reconciliation=checksum`,
      ),
    );
    expect(state).toEqual({
      session: SESSION,
      status: "completed_with_differences",
      from: "2026-11-01",
      to: "2026-11-30",
      sort: "-bytes_transferred",
      page: 3,
      limit: 50,
      execution: RUN,
      reconciliation: "checksum",
    });
  });

  it("writes the same query string back, and a round trip changes nothing", () => {
    const search = `session=${SESSION}&status=failed&from=2026-11-01&to=2026-11-30&sort=started_at&page=2&limit=100&execution=${RUN}&reconciliation=extra`;
    const state = parseHistoryParams(new URLSearchParams(search));
    expect(historySearch(state).toString()).toBe(search);
  });

  it("leaves defaults out of the URL", () => {
    expect(historySearch(DEFAULT_STATE).toString()).toBe("");
    expect(parseHistoryParams(new URLSearchParams(""))).toEqual(DEFAULT_STATE);
  });

  it("ignores values the API would refuse instead of failing the page", () => {
    const state = parseHistoryParams(
      new URLSearchParams(
        "session=nope&status=exploded&from=2026-02-30&to=yesterday&sort=name&page=-2&limit=7&execution=x&reconciliation=checksum",
      ),
    );
    expect(state).toEqual(DEFAULT_STATE);
  });

  it("reads reconciliation=open, the link that opens the dialog at its first tab with differences", () => {
    const state = parseHistoryParams(new URLSearchParams(`execution=${RUN}&reconciliation=open`));
    expect(state.reconciliation).toBe("open");
    expect(historySearch(state).toString()).toBe(`execution=${RUN}&reconciliation=open`);
  });

  it("keeps no reconciliation tab without a run", () => {
    expect(parseHistoryParams(new URLSearchParams("reconciliation=missing")).reconciliation).toBeNull();
    expect(patchHistoryState({ ...DEFAULT_STATE, execution: RUN, reconciliation: "extra" }, { execution: null })).toEqual(
      DEFAULT_STATE,
    );
  });

  it("goes back to page 1 when a filter, the sort or the page size changes, not when a run opens", () => {
    const onPage4 = { ...DEFAULT_STATE, page: 4 };
    expect(patchHistoryState(onPage4, { status: "failed" }).page).toBe(1);
    expect(patchHistoryState(onPage4, { sort: "status" }).page).toBe(1);
    expect(patchHistoryState(onPage4, { limit: 100 }).page).toBe(1);
    expect(patchHistoryState(onPage4, { from: "2026-11-01" }).page).toBe(1);
    expect(patchHistoryState(onPage4, { execution: RUN }).page).toBe(4);
    expect(patchHistoryState(onPage4, { status: null }).page).toBe(4); // unchanged filter
    expect(patchHistoryState(onPage4, { page: 5 }).page).toBe(5);
  });

  it("turns a day range into the API's since (inclusive) and until (exclusive) in the browser's days", () => {
    const range = dayRange("2026-11-01", "2026-11-30");
    expect(range.since).toBe(new Date(2026, 10, 1).toISOString());
    expect(range.until).toBe(new Date(2026, 11, 1).toISOString());
    expect(dayRange(null, "2026-12-31").until).toBe(new Date(2027, 0, 1).toISOString());
    expect(dayRange(null, null)).toEqual({});
    expect(rangeReversed({ from: "2026-11-02", to: "2026-11-01" })).toBe(true);
    expect(rangeReversed({ from: "2026-11-01", to: "2026-11-01" })).toBe(false);
  });

  it("makes the GET /executions query of a state", () => {
    expect(executionFilter(DEFAULT_STATE)).toEqual({ page: 1, limit: 25, sort: "-created_at" });
    const filter = executionFilter({
      ...DEFAULT_STATE,
      session: SESSION,
      status: "failed",
      from: "2026-11-01",
      page: 2,
      execution: RUN,
    });
    expect(filter).toEqual({
      page: 2,
      limit: 25,
      sort: "-created_at",
      session_id: SESSION,
      status: "failed",
      since: new Date(2026, 10, 1).toISOString(),
    });
  });
});

describe("grid sort ↔ API sort", () => {
  it("maps sortable columns both ways and shows no arrow for the default", () => {
    expect(sortModelOf("-created_at")).toEqual([]);
    expect(sortModelOf("-bytes_transferred")).toEqual([{ field: "bytes_transferred", sort: "desc" }]);
    expect(sortModelOf("started_at")).toEqual([{ field: "started_at", sort: "asc" }]);
    expect(sortFieldOf([{ field: "status", sort: "desc" }])).toBe("-status");
    expect(sortFieldOf([{ field: "started_at", sort: "asc" }])).toBe("started_at");
    expect(sortFieldOf([])).toBe("-created_at");
    expect(sortFieldOf([{ field: "session_name", sort: "asc" }])).toBe("-created_at"); // not sortable by the API
  });
});
