/**
 * The log filter: what `GET /logs` and `/logs/export` take, how it sits in the page's URL, and
 * the same rule applied in the browser to live lines (so the stream shows what a reload would).
 */
import type { paths, Schemas } from "../../client";

export type LogLevel = Schemas["LogLevel"];

type ListQuery = Omit<NonNullable<paths["/api/v1/logs"]["get"]["parameters"]["query"]>, "page" | "limit">;

/** The filter parameters of `GET /logs` (paging aside); an unset filter is absent, never null. */
export type LogFilter = { [K in keyof ListQuery]?: NonNullable<ListQuery[K]> };

/** Levels from the least to the most severe (the server's `LEVELS`). */
export const LEVELS: readonly LogLevel[] = ["debug", "info", "warning", "error"];

/** The URL query keys, named as the API names them so a link reads like the API call. */
const KEYS = ["level", "min_level", "session_id", "execution_id", "search", "since", "until"] as const;
type FilterKey = (typeof KEYS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isLevel(value: string): value is LogLevel {
  return (LEVELS as readonly string[]).includes(value);
}

function validTime(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

/** Whether `value` may stand for `key`; anything else in a hand-edited URL is dropped, not sent. */
function accepts(key: FilterKey, value: string): boolean {
  switch (key) {
    case "level":
    case "min_level":
      return isLevel(value);
    case "session_id":
    case "execution_id":
      return UUID.test(value);
    case "search":
      return value.length > 0 && value.length <= 1000;
    case "since":
    case "until":
      return validTime(value);
  }
}

/** The filter a URL's query string holds (unknown or invalid values ignored). */
export function filterFromSearch(params: URLSearchParams): LogFilter {
  const filter: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value !== null && accepts(key, value)) filter[key] = value;
  }
  return filter;
}

/** `params` with the filter's keys replaced by `filter` (other keys kept); empty values removed. */
export function searchWithFilter(params: URLSearchParams, filter: LogFilter): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of KEYS) {
    const value = filter[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

/** Whether any filter is set. */
export function isFiltered(filter: LogFilter): boolean {
  return KEYS.some((key) => Boolean(filter[key]));
}

/** The fields of a line the filter looks at (a stored `LogRead` or a live `log` event). */
export interface FilterableLine {
  level: LogLevel;
  message: string;
  timestamp: string;
  session_id: string | null;
  execution_id: string | null;
}

/** A time of the API as milliseconds; a time without a zone is UTC, as the server reads it. */
export function timeOf(value: string): number {
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(value) ? value : `${value}Z`;
  return Date.parse(zoned);
}

/**
 * Whether the server's filter keeps `line` (`services/logs.py` `filtered`): every filter set
 * must match; `level` is one level, `min_level` that level and the more severe ones; `search`
 * is a substring of the message in any case; `since` ≤ time < `until`. An empty value filters
 * nothing, as on the server.
 */
export function matchesFilter(line: FilterableLine, filter: LogFilter): boolean {
  if (filter.level && line.level !== filter.level) return false;
  if (filter.min_level && LEVELS.indexOf(line.level) < LEVELS.indexOf(filter.min_level)) return false;
  if (filter.session_id && line.session_id?.toLowerCase() !== filter.session_id.toLowerCase()) return false;
  if (filter.execution_id && line.execution_id?.toLowerCase() !== filter.execution_id.toLowerCase()) return false;
  if (filter.search && !line.message.toLowerCase().includes(filter.search.toLowerCase())) return false;
  const time = timeOf(line.timestamp);
  if (filter.since && !(time >= timeOf(filter.since))) return false;
  if (filter.until && !(time < timeOf(filter.until))) return false;
  return true;
}
