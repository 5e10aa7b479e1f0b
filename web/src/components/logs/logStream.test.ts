import { describe, expect, it } from "vitest";
import type { LogRead } from "../../api/logs";
import type { Schemas } from "../../client";
import {
  canLoadOlder,
  createStream,
  HARD_CAP,
  itemFromEvent,
  STREAM_CAP,
  streamReducer,
  type StreamAction,
  type StreamState,
} from "./logStream";

const RUN = "5f0e7b8a-1d2c-4e3f-8a9b-0c1d2e3f4a5b";
const SESSION = "0b6c1a52-7c35-4a57-9a55-2f2a4c6f1d10";
const BASE = Date.parse("2026-12-01T10:00:00Z");

/** A stored line `n` seconds after BASE, id `n`. */
function row(n: number, message = `line ${String(n)}`): LogRead {
  return {
    id: n,
    timestamp: new Date(BASE + n * 1000).toISOString(),
    level: "info",
    message,
    session_id: SESSION,
    execution_id: RUN,
  };
}

/** The live event of the same line (events carry no line id; their own id differs). */
function event(n: number, message = `line ${String(n)}`, eventId = 1000 + n): Schemas["LogEvent"] {
  return {
    id: eventId,
    type: "log",
    timestamp: new Date(BASE + n * 1000 + 5).toISOString(),
    execution_id: RUN,
    session_id: SESSION,
    data: { id: n, level: "info", message, timestamp: new Date(BASE + n * 1000).toISOString() },
  };
}

function run(state: StreamState, ...actions: StreamAction[]): StreamState {
  return actions.reduce(streamReducer, state);
}

const K = "filter";
const live = (...ns: number[]): StreamAction => ({ type: "live", key: K, items: ns.map((n) => itemFromEvent(event(n))) });
const latest = (rows: LogRead[], complete = false): StreamAction => ({ type: "latest", key: K, rows, complete });
const messages = (state: StreamState) => state.lines.map((item) => item.message);

describe("the log stream", () => {
  it("shows the newest page newest first, then live lines on top", () => {
    const state = run(createStream(K), latest([row(3), row(2), row(1)]), live(4, 5));
    expect(messages(state)).toEqual(["line 5", "line 4", "line 3", "line 2", "line 1"]);
  });

  it("never shows a line twice when it arrives both live and in a page", () => {
    // The line was published while the page loaded: live first, then stored…
    let state = run(createStream(K), live(3), latest([row(3), row(2)]));
    expect(messages(state)).toEqual(["line 3", "line 2"]);
    expect(state.lines[0]?.id).toBe(3); // the live line carries its stored id…
    expect(state.lines[0]?.key).toBe("db-3"); // …so it is the same row as the page's
    // …and stored first, then live.
    state = run(createStream(K), latest([row(3), row(2)]), live(3));
    expect(messages(state)).toEqual(["line 3", "line 2"]);
  });

  it("keeps two identical stored lines of one instant apart", () => {
    const twin = { ...row(2), id: 99 };
    const state = run(createStream(K), latest([twin, row(2), row(1)]), latest([twin, row(2), row(1)]));
    expect(state.lines.map((item) => item.id)).toEqual([99, 2, 1]);
  });

  it("holds new lines while paused, counts them, and shows them on resume", () => {
    let state = run(createStream(K), latest([row(2), row(1)]), { type: "pause" }, live(3, 4, 5));
    expect(messages(state)).toEqual(["line 2", "line 1"]);
    expect(state.heldCount).toBe(3);
    // A refetched page while paused: its new lines are held too, the known ones are not counted again.
    state = run(state, latest([row(6), row(5), row(4)]));
    expect(state.heldCount).toBe(4);
    expect(messages(state)).toEqual(["line 2", "line 1"]);
    state = run(state, { type: "resume" });
    expect(messages(state)).toEqual(["line 6", "line 5", "line 4", "line 3", "line 2", "line 1"]);
    expect(state.heldCount).toBe(0);
    expect(state.held).toEqual([]);
    expect(state.paused).toBe(false);
  });

  it("caps what the stream keeps: the oldest lines go", () => {
    const many = Array.from({ length: STREAM_CAP + 500 }, (_, n) => n + 1);
    let state = run(createStream(K), latest([row(0)]));
    for (let start = 0; start < many.length; start += 100) state = run(state, live(...many.slice(start, start + 100)));
    expect(state.lines).toHaveLength(STREAM_CAP);
    expect(state.lines[0]?.message).toBe(`line ${String(STREAM_CAP + 500)}`);
    expect(state.lines.at(-1)?.message).toBe("line 501");
    // The next older page starts below the oldest line kept.
    expect(state.older).toEqual({ until: new Date(BASE + 501 * 1000 + 1).toISOString(), page: 1 });
    expect(canLoadOlder(state)).toBe(true);
  });

  it("caps what a pause holds, while counting every line", () => {
    let state = run(createStream(K), { type: "pause" });
    const many = Array.from({ length: STREAM_CAP + 10 }, (_, n) => n + 1);
    state = run(state, live(...many));
    expect(state.held).toHaveLength(STREAM_CAP);
    expect(state.heldCount).toBe(STREAM_CAP + 10);
    state = run(state, { type: "resume" });
    expect(state.lines).toHaveLength(STREAM_CAP);
    expect(state.lines[0]?.message).toBe(`line ${String(STREAM_CAP + 10)}`);
  });

  it("loads older pages from a fixed end, so new lines do not shift them", () => {
    let state = run(createStream(K), latest([row(10), row(9)]));
    expect(state.older).toEqual({ until: new Date(BASE + 10_000 + 1).toISOString(), page: 2 });
    state = run(state, live(11));
    expect(state.older?.page).toBe(2);
    state = run(state, { type: "older", key: K, rows: [row(8), row(7)], full: true });
    expect(messages(state)).toEqual(["line 11", "line 10", "line 9", "line 8", "line 7"]);
    expect(state.older?.page).toBe(3);
    state = run(state, { type: "older", key: K, rows: [row(6)], full: false });
    expect(state.exhausted).toBe(true);
    expect(canLoadOlder(state)).toBe(false);
  });

  it("never anchors older pages past the filter's own end", () => {
    const until = new Date(BASE + 5000).toISOString();
    const state = run(createStream(K, until), latest([row(4)]));
    expect(state.older?.until).toBe(new Date(BASE + 4001).toISOString());
    const earlier = run(createStream(K, new Date(BASE + 4000.5).toISOString()), latest([row(4)]));
    expect(earlier.older?.until).toBe(new Date(BASE + 4000.5).toISOString());
  });

  it("lets pages loaded on demand stay, up to the hard cap", () => {
    let state = run(createStream(K), latest(Array.from({ length: 200 }, (_, n) => row(100_000 - n))));
    for (let page = 0; state.lines.length < STREAM_CAP + 400; page += 1) {
      const rows = Array.from({ length: 200 }, (_, n) => row(99_800 - page * 200 - n));
      state = run(state, { type: "older", key: K, rows, full: true });
    }
    expect(state.lines).toHaveLength(STREAM_CAP + 400);
    expect(state.budget).toBe(STREAM_CAP + 400);
    state = run(state, live(100_001));
    expect(state.lines).toHaveLength(STREAM_CAP + 400); // the newest line in, the oldest out
    expect(state.lines[0]?.message).toBe("line 100001");
    expect(HARD_CAP).toBeGreaterThan(STREAM_CAP);
  });

  it("drops answers for a filter that was replaced, and starts over on reset", () => {
    let state = run(createStream(K), latest([row(1)]), { type: "reset", key: "other" });
    expect(state.lines).toEqual([]);
    state = run(state, live(2), latest([row(3)]));
    expect(state.lines).toEqual([]);
    expect(state.key).toBe("other");
  });

  it("knows when the first page held every matching line", () => {
    const state = run(createStream(K), latest([row(1)], true));
    expect(state.exhausted).toBe(true);
    expect(canLoadOlder(state)).toBe(false);
    expect(canLoadOlder(createStream(K))).toBe(false); // nothing to go on before the first page
  });
});
