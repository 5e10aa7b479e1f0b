/** Formatters shared by every page: bytes, counts, rates, times. English, like the CLI. */

const BINARY_UNITS: readonly (readonly [string, number])[] = [
  ["TiB", 2 ** 40],
  ["GiB", 2 ** 30],
  ["MiB", 2 ** 20],
  ["KiB", 2 ** 10],
];

/** A byte count in the binary units of the CLI: `68.1 MiB`, `1.0 KiB`, `512 B`. */
export function formatBytes(size: number): string {
  for (const [unit, factor] of BINARY_UNITS) {
    if (size >= factor) return `${(size / factor).toFixed(1)} ${unit}`;
  }
  return `${size} B`;
}

const COUNT = new Intl.NumberFormat("en");

/** A count with separators: `2,456`. */
export function formatCount(count: number): string {
  return COUNT.format(count);
}

const PERCENT = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

/** A 0–1 rate as a percentage (`95.7%`); `—` when there is none. */
export function formatRate(rate: number | null): string {
  return rate === null ? "—" : PERCENT.format(rate);
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** Below `limit` seconds, count in `unit`s of `seconds` (limits sit where rounding would reach the next unit). */
const STEPS: readonly { limit: number; unit: Intl.RelativeTimeFormatUnit; seconds: number }[] = [
  { limit: 3600 - 30, unit: "minute", seconds: 60 },
  { limit: 86400 - 1800, unit: "hour", seconds: 3600 },
  { limit: 30 * 86400 - 43200, unit: "day", seconds: 86400 },
  { limit: 365 * 86400 - 15 * 86400, unit: "month", seconds: 30 * 86400 },
];

/** `time` relative to `now`: "just now", "3 minutes ago", "in 47 minutes", "yesterday", "2 years ago". */
export function formatRelativeTime(time: Date | string, now: Date = new Date()): string {
  const seconds = (new Date(time).getTime() - now.getTime()) / 1000;
  const size = Math.abs(seconds);
  if (Number.isNaN(size)) return "—";
  if (size < 45) return "just now";
  for (const step of STEPS) {
    if (size < step.limit) return RELATIVE.format(Math.round(seconds / step.seconds), step.unit);
  }
  return RELATIVE.format(Math.round(seconds / (365 * 86400)), "year");
}

const DATE_TIME = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/** A date and time for a tooltip or a table: `Dec 1, 2026, 10:42 PM` (the browser's time zone). */
export function formatDateTime(time: Date | string): string {
  return DATE_TIME.format(new Date(time));
}

const DAY = new Intl.DateTimeFormat("en", { month: "short", day: "numeric", timeZone: "UTC" });

/** A UTC day of the API (`2026-12-01`) as a chart label: `Dec 1`. */
export function formatDay(day: string): string {
  return DAY.format(new Date(`${day}T00:00:00Z`));
}

/** A duration in seconds for people: `45 s`, `3 min 5 s`, `2 h 7 min`. */
export function formatDuration(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  if (total < 60) return `${total} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return total % 60 ? `${minutes} min ${total % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}
