/** A session's schedule as the editor holds it, as the API stores it, and in words. */
import type { ScheduleUnit, Session, SessionCreate } from "../../api/sessions";
import { cronEcho } from "./cron";

export type ScheduleMode = "off" | "interval" | "cron";

/** The schedule editor's value: text fields stay text until saved. */
export interface ScheduleValue {
  mode: ScheduleMode;
  every: string;
  unit: ScheduleUnit;
  cron: string;
}

export type ScheduleFields = Required<
  Pick<SessionCreate, "schedule_enabled" | "schedule_interval" | "schedule_unit" | "schedule_cron">
>;

type StoredSchedule = Pick<
  Session,
  "schedule_enabled" | "schedule_interval" | "schedule_unit" | "schedule_cron" | "schedule_paused"
>;

export const NO_SCHEDULE: ScheduleValue = { mode: "off", every: "15", unit: "minutes", cron: "0 * * * *" };

/** The API's fields for a schedule value: off clears every field; interval and cron exclude each other. */
export function scheduleFields(value: ScheduleValue): ScheduleFields {
  if (value.mode === "interval") {
    const every = value.every.trim();
    // A number the API accepts or refuses in its own words; anything else is sent as missing.
    const interval = /^\d+$/.test(every) ? Number(every) : null;
    return { schedule_enabled: true, schedule_interval: interval, schedule_unit: value.unit, schedule_cron: null };
  }
  if (value.mode === "cron") {
    const cron = value.cron.trim().replace(/\s+/g, " ");
    return { schedule_enabled: true, schedule_interval: null, schedule_unit: null, schedule_cron: cron || null };
  }
  return { schedule_enabled: false, schedule_interval: null, schedule_unit: null, schedule_cron: null };
}

/** The editor's value for a stored schedule. */
export function scheduleValue(session: Omit<StoredSchedule, "schedule_paused">): ScheduleValue {
  if (!session.schedule_enabled) return NO_SCHEDULE;
  if (session.schedule_cron) return { ...NO_SCHEDULE, mode: "cron", cron: session.schedule_cron };
  return {
    ...NO_SCHEDULE,
    mode: "interval",
    every: String(session.schedule_interval ?? 15),
    unit: session.schedule_unit ?? "minutes",
  };
}

const UNIT_WORD: Record<ScheduleUnit, string> = { minutes: "minute", hours: "hour", days: "day" };

/** "every minute", "every 15 minutes", "every 2 days". */
export function intervalWords(every: number, unit: ScheduleUnit): string {
  return every === 1 ? `every ${UNIT_WORD[unit]}` : `every ${String(every)} ${unit}`;
}

/** "0 * * * *" → "at minute 0 of every hour"; the expression itself when the echo cannot read it. */
export function cronWords(cron: string): string {
  const echo = cronEcho(cron);
  return echo ? `${echo} (cron ${cron}, UTC)` : `cron ${cron}`;
}

/** A stored schedule in words: "every 15 minutes", a cron in words, or "manual". */
export function scheduleWords(session: Omit<StoredSchedule, "schedule_paused">): string {
  if (!session.schedule_enabled) return "manual";
  if (session.schedule_cron) return cronWords(session.schedule_cron);
  if (session.schedule_interval && session.schedule_unit) return intervalWords(session.schedule_interval, session.schedule_unit);
  return "manual";
}
