/**
 * The lines the logs page holds, as a pure state machine: stored pages and live lines merged
 * newest first without duplicates, new lines held while paused, and a bounded size so hours of
 * streaming never grow the page's memory without limit.
 */
import type { LogLevel, LogRead } from "../../api/logs";
import { timeOf } from "../../api/logs";
import type { Schemas } from "../../client";

type LogEvent = Schemas["LogEvent"];

/** One line as shown: a stored line (`id`) or a live one not yet seen in a page (`id` null). */
export interface LogItem {
  /** Stable React key: `db-<id>` or `live-<event id>` (kept when a live line is later seen stored). */
  key: string;
  id: number | null;
  timestamp: string;
  /** `timestamp` in milliseconds (sorting, matching live lines with stored ones). */
  time: number;
  level: LogLevel;
  message: string;
  session_id: string | null;
  execution_id: string | null;
}

/** Lines the live stream keeps; the oldest go first. */
export const STREAM_CAP = 2000;
/** Lines kept at most, however many older pages are loaded on demand. */
export const HARD_CAP = 10 * STREAM_CAP;

/** Where the next older page comes from: `GET /logs?until=…&page=…` (see `olderRequest`). */
export interface OlderCursor {
  until: string;
  page: number;
}

export interface StreamState {
  /** Shown lines, newest first. */
  lines: readonly LogItem[];
  /** Lines that arrived while paused, newest first (at most `budget`). */
  held: readonly LogItem[];
  /** How many lines arrived while paused (more than `held` holds when it overflowed). */
  heldCount: number;
  paused: boolean;
  /** How many lines may be shown: the stream's cap, raised by pages loaded on demand. */
  budget: number;
  /** The next older page, or null before the first page arrives. */
  older: OlderCursor | null;
  /** No older line matches the filter. */
  exhausted: boolean;
  /** The filter's own end (`until`): older pages never reach past it. */
  filterUntil: string | undefined;
  /** Which filter the lines are for: answers for another one (still in flight when it changed) are dropped. */
  key: string;
}

/** The empty stream of the filter `key`, ending at `filterUntil` (if it has an end). */
export function createStream(key = "", filterUntil?: string): StreamState {
  return {
    key,
    lines: [],
    held: [],
    heldCount: 0,
    paused: false,
    budget: STREAM_CAP,
    older: null,
    exhausted: false,
    filterUntil,
  };
}

export function itemFromRow(row: LogRead): LogItem {
  return {
    key: `db-${String(row.id)}`,
    id: row.id,
    timestamp: row.timestamp,
    time: timeOf(row.timestamp),
    level: row.level,
    message: row.message,
    session_id: row.session_id,
    execution_id: row.execution_id,
  };
}

/** A live line; it carries its stored id, so a page that also lists it merges the two by id. */
export function itemFromEvent(event: LogEvent): LogItem {
  return {
    key: `db-${String(event.data.id)}`,
    id: event.data.id,
    timestamp: event.data.timestamp,
    time: timeOf(event.data.timestamp),
    level: event.data.level,
    message: event.data.message,
    session_id: event.session_id,
    execution_id: event.execution_id,
  };
}

/** What makes a live line the same as a stored one (events carry no line id). */
function signature(item: LogItem): string {
  return `${String(item.time)}|${item.level}|${item.execution_id ?? ""}|${item.message}`;
}

/** Newest first; stored lines of one instant by id, live ones (not stored yet, as far as known) above them. */
function newerFirst(a: LogItem, b: LogItem): number {
  if (a.time !== b.time) return b.time - a.time;
  return (b.id ?? Number.MAX_SAFE_INTEGER) - (a.id ?? Number.MAX_SAFE_INTEGER);
}

/** An ISO time 1 ms after `time`: the exclusive `until` that still includes lines of `time`'s millisecond. */
function justAfter(time: number): string {
  return new Date(time + 1).toISOString();
}

/** The earlier of an ISO time and the filter's own `until` (older pages never pass the filter's end). */
function earliest(until: string, filterUntil: string | undefined): string {
  return filterUntil && timeOf(filterUntil) < timeOf(until) ? filterUntil : until;
}

type Place = { list: "lines" | "held"; at: number };

/**
 * Where each known line sits: stored lines by id; live lines (no id yet) by signature, so a
 * page can give them their id; every signature, so a live line already shown is not added twice.
 */
class Known {
  readonly byId = new Map<number, Place>();
  readonly liveBySignature = new Map<string, Place[]>();
  readonly signatures = new Set<string>();

  add(item: LogItem, place: Place) {
    const sig = signature(item);
    this.signatures.add(sig);
    if (item.id !== null) this.byId.set(item.id, place);
    else this.liveBySignature.set(sig, [...(this.liveBySignature.get(sig) ?? []), place]);
  }

  /** The place of a line already held: a stored one by id, or the live copy it was pushed as. */
  find(item: LogItem): Place | undefined {
    if (item.id === null) return this.signatures.has(signature(item)) ? { list: "lines", at: -1 } : undefined;
    const stored = this.byId.get(item.id);
    if (stored) return stored;
    // Each live copy pairs with one stored line: two identical lines in one millisecond stay two.
    const copies = this.liveBySignature.get(signature(item));
    return copies?.shift();
  }
}

/** `state` with `items` added (or stored copies replacing live ones), sorted newest first. */
function merge(state: StreamState, items: readonly LogItem[], live: boolean) {
  const known = new Known();
  state.lines.forEach((item, at) => { known.add(item, { list: "lines", at }); });
  state.held.forEach((item, at) => { known.add(item, { list: "held", at }); });
  const lines = [...state.lines];
  const held = [...state.held];
  const newest = state.lines[0]?.time ?? Number.NEGATIVE_INFINITY;
  const fresh: LogItem[] = [];
  const freshHeld: LogItem[] = [];
  for (const item of items) {
    const place = known.find(item);
    if (place) {
      const list = place.list === "lines" ? lines : held;
      const existing = list[place.at];
      // A live line seen again in a page: keep its key (no re-render jump), learn its id.
      if (existing && existing.id === null && item.id !== null) list[place.at] = { ...item, key: existing.key };
      continue;
    }
    const toHeld = state.paused && (live || item.time > newest);
    known.add(item, { list: toHeld ? "held" : "lines", at: -1 });
    (toHeld ? freshHeld : fresh).push(item);
  }
  return {
    lines: fresh.length ? [...lines, ...fresh].sort(newerFirst) : lines,
    held: freshHeld.length ? [...held, ...freshHeld].sort(newerFirst) : held,
    heldCount: state.heldCount + freshHeld.length,
  };
}

/** `lines` cut to `budget`, dropping the oldest; the older cursor then restarts below the oldest kept line. */
function trimmed(state: StreamState, lines: LogItem[] | readonly LogItem[]): StreamState {
  if (lines.length <= state.budget) return { ...state, lines };
  const kept = lines.slice(0, state.budget);
  const oldest = kept[kept.length - 1];
  const older = oldest ? { until: earliest(justAfter(oldest.time), state.filterUntil), page: 1 } : state.older;
  return { ...state, lines: kept, older, exhausted: false };
}

export type StreamAction =
  /** Another filter: start over. */
  | { type: "reset"; key: string; filterUntil?: string }
  /** The newest page (first load or a refetch); `complete`: it holds every matching line. */
  | { type: "latest"; key: string; rows: readonly LogRead[]; complete: boolean }
  /** The page `state.older` pointed to; `full`: more may follow. */
  | { type: "older"; key: string; rows: readonly LogRead[]; full: boolean }
  /** Live lines that match the filter. */
  | { type: "live"; key: string; items: readonly LogItem[] }
  | { type: "pause" }
  | { type: "resume" };

export function streamReducer(state: StreamState, action: StreamAction): StreamState {
  if ("key" in action && action.type !== "reset" && action.key !== state.key) return state;
  switch (action.type) {
    case "reset":
      return createStream(action.key, action.filterUntil);
    case "latest": {
      const merged = merge(state, action.rows.map(itemFromRow), false);
      let next: StreamState = { ...state, held: merged.held, heldCount: merged.heldCount };
      if (state.older === null) {
        // Older pages count from a fixed end, so lines arriving meanwhile do not shift them.
        const newest = action.rows[0];
        next = {
          ...next,
          older: newest ? { until: earliest(justAfter(timeOf(newest.timestamp)), state.filterUntil), page: 2 } : null,
          exhausted: action.complete,
        };
      }
      return trimmed(next, merged.lines);
    }
    case "older": {
      if (!state.older) return state;
      const merged = merge({ ...state, paused: false }, action.rows.map(itemFromRow), false);
      const budget = Math.min(HARD_CAP, Math.max(state.budget, merged.lines.length));
      const next: StreamState = {
        ...state,
        budget,
        older: { ...state.older, page: state.older.page + 1 },
        exhausted: !action.full,
      };
      return trimmed(next, merged.lines);
    }
    case "live": {
      const merged = merge(state, action.items, true);
      const held = merged.held.slice(0, state.budget);
      return trimmed({ ...state, held, heldCount: merged.heldCount }, merged.lines);
    }
    case "pause":
      return { ...state, paused: true };
    case "resume": {
      const lines = [...state.held, ...state.lines].sort(newerFirst);
      return trimmed({ ...state, paused: false, held: [], heldCount: 0 }, lines);
    }
  }
}

/** Whether more lines can be loaded on demand (a page left, and room for it under the hard cap). */
export function canLoadOlder(state: StreamState): boolean {
  return state.older !== null && !state.exhausted && state.lines.length < HARD_CAP;
}
