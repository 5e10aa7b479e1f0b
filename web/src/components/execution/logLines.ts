/** The log tail's lines: the stored ones and the live ones merged, and when to follow the end. */
import type { Schemas } from "../../client";

export type LogLevel = Schemas["LogLevel"];

export interface TailLine {
  /** The same line from `GET /logs` and from a live `log` event has the same key. */
  key: string;
  level: LogLevel;
  message: string;
  timestamp: string;
  /** Milliseconds since the epoch, for ordering. */
  time: number;
}

/** Most lines kept on screen; older ones drop off the top. */
export const MAX_TAIL_LINES = 1000;

/** A line from its level, words and time (ISO 8601; UTC when the text names no zone). */
export function tailLine(level: LogLevel, message: string, timestamp: string): TailLine {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/i.test(timestamp) ? timestamp : `${timestamp}Z`;
  const time = Date.parse(zoned);
  return { key: `${time}|${level}|${message}`, level, message, timestamp, time };
}

/**
 * The lines of `stored` (the API's page, oldest first) and `live` (events in arrival order)
 * without duplicates — a line published while the page loaded arrives both ways — oldest
 * first, the last `max` of them.
 */
export function mergeLines(
  stored: readonly TailLine[],
  live: readonly TailLine[],
  max = MAX_TAIL_LINES,
): TailLine[] {
  const seen = new Set<string>();
  const merged: TailLine[] = [];
  for (const line of [...stored, ...live]) {
    if (seen.has(line.key)) continue;
    seen.add(line.key);
    merged.push(line);
  }
  merged.sort((a, b) => a.time - b.time); // stable: lines of one instant keep their order
  return merged.length > max ? merged.slice(merged.length - max) : merged;
}

/** How far from the end (px) still counts as "at the end" (sub-pixel rounding, a last half line). */
export const FOLLOW_SLACK_PX = 24;

/** Whether a scrolled box shows its end, so new lines should keep it there. */
export function isAtEnd(box: { scrollTop: number; scrollHeight: number; clientHeight: number }): boolean {
  return box.scrollHeight - box.clientHeight - box.scrollTop <= FOLLOW_SLACK_PX;
}
