import { describe, expect, it } from "vitest";
import { cronEcho } from "./cron";
import { SESSION } from "./fixtures";
import { endpointPath, previewWords, speedWords } from "./describe";
import { filterFields, filterSummary, filterValue, NO_FILTER } from "./filters";
import { formOf, NEW_SESSION, sessionBody, stepOf, stepProblems } from "./form";
import { scheduleFields, scheduleValue, scheduleWords } from "./schedule";
import { nextRunWords } from "./SessionFacts";
import { routeWords } from "./SessionRoute";


const NOW = new Date("2026-12-01T12:00:00Z");

describe("the card's summary strings", () => {
  it("says which folders and patterns pass and how many excludes", () => {
    expect(filterSummary(SESSION)).toBe("folders: a, b · *.csv, *.json · excludes 1");
  });

  it("says how folder names match, and size and age limits", () => {
    expect(
      filterSummary({
        ...SESSION,
        folder_match_mode: "startswith",
        file_pattern_enabled: false,
        exclude_patterns: [],
        min_size: 1024,
        max_size: 10 * 2 ** 20,
        max_age_seconds: 86400,
      }),
    ).toBe("folders starting with: a, b · 1.0 KiB–10.0 MiB · newer than 1 day");
  });

  it("says every file when nothing filters (a disabled list does not count)", () => {
    expect(
      filterSummary({ ...SESSION, folder_filter_enabled: false, file_pattern_enabled: false, exclude_patterns: [] }),
    ).toBe("every file");
  });

  it("words an interval, a cron and no schedule", () => {
    expect(scheduleWords(SESSION)).toBe("every 15 minutes");
    expect(scheduleWords({ ...SESSION, schedule_interval: 1 })).toBe("every minute");
    expect(scheduleWords({ ...SESSION, schedule_interval: 2, schedule_unit: "days" })).toBe("every 2 days");
    expect(scheduleWords({ ...SESSION, schedule_cron: "0 * * * *", schedule_interval: null })).toBe(
      "at minute 0 of every hour (cron 0 * * * *, UTC)",
    );
    expect(scheduleWords({ ...SESSION, schedule_enabled: false })).toBe("manual");
  });

  it("says when the next run is, or that the schedule is paused", () => {
    expect(nextRunWords(SESSION, NOW)).toBe("in 47 minutes");
    expect(nextRunWords({ ...SESSION, schedule_paused: true, next_run_at: null }, NOW)).toBe("paused");
    expect(nextRunWords({ ...SESSION, schedule_enabled: false, next_run_at: null }, NOW)).toBe("—");
  });

  it("shows the route with endpoint names, the arrow the way files flow", () => {
    const name = (id: string) => ({ "e-src": "Local disk", "e-dst": "Bucket" })[id] ?? "?";
    expect(routeWords(SESSION, name)).toBe("Local disk:/data/in ↔ Bucket:/");
    expect(routeWords({ ...SESSION, sync_direction: "source_to_dest" }, name)).toBe("Local disk:/data/in → Bucket:/");
    expect(endpointPath("Bucket", "/x/y")).toBe("Bucket:/x/y");
  });

  it("words a preview's totals", () => {
    const totals = {
      files_to_transfer: 2456,
      bytes_to_transfer: 15.3 * 2 ** 30,
      files_to_delete: 12,
      files_unchanged: 0,
      conflicts: 3,
      errors: 0,
    };
    expect(previewWords(totals)).toBe("2,456 files (15.3 GiB) will be copied; 12 deleted; 3 conflicts");
    expect(previewWords({ ...totals, files_to_transfer: 0, bytes_to_transfer: 0, conflicts: 0, files_unchanged: 40 })).toBe(
      "12 files will be deleted; 40 unchanged",
    );
    expect(
      previewWords({ ...totals, files_to_transfer: 0, bytes_to_transfer: 0, files_to_delete: 0, conflicts: 0, files_unchanged: 7 }),
    ).toBe("Nothing to copy or delete; 7 unchanged");
  });
});

describe("cronEcho", () => {
  it.each([
    ["0 * * * *", "at minute 0 of every hour"],
    ["* * * * *", "every minute"],
    ["*/15 * * * *", "every 15 minutes"],
    ["30 2 * * *", "at 02:30 every day"],
    ["0 9 * * 1-5", "at 09:00 on Monday to Friday"],
    ["0 9,17 * * *", "at 09:00 and 17:00 every day"],
    ["0 0 1 * *", "at 00:00 on day 1 of the month"],
    ["*/10 9-17 * * mon-fri", "every 10 minutes during hours 9 to 17 on Monday to Friday"],
    ["0 */2 * * *", "at minute 0 of every 2 hours"],
    ["15 4 * jan,jul 0", "at 04:15 on Sunday in January and July"],
    ["0 6 1 * 1", "at 06:00 on day 1 of the month or on Monday"],
  ])("%s → %s", (expression, words) => {
    expect(cronEcho(expression)).toBe(words);
  });

  it.each(["", "* * * *", "60 * * * *", "0 24 * * *", "* * * * * *", "@hourly", "a b c d e", "5-1 * * * *"])(
    "cannot read %j",
    (expression) => {
      expect(cronEcho(expression)).toBeNull();
    },
  );
});

describe("the editor's values and the API's fields", () => {
  it("turns a schedule into exclusive interval or cron fields", () => {
    expect(scheduleFields({ mode: "interval", every: "15", unit: "minutes", cron: "0 * * * *" })).toEqual({
      schedule_enabled: true,
      schedule_interval: 15,
      schedule_unit: "minutes",
      schedule_cron: null,
    });
    expect(scheduleFields({ mode: "cron", every: "15", unit: "hours", cron: "  0  *  * * * " })).toEqual({
      schedule_enabled: true,
      schedule_interval: null,
      schedule_unit: null,
      schedule_cron: "0 * * * *",
    });
    expect(scheduleFields({ mode: "off", every: "15", unit: "hours", cron: "0 * * * *" })).toEqual({
      schedule_enabled: false,
      schedule_interval: null,
      schedule_unit: null,
      schedule_cron: null,
    });
    expect(scheduleValue(SESSION)).toMatchObject({ mode: "interval", every: "15", unit: "minutes" });
  });

  it("turns filters into the session's fields and back, sizes in the largest exact unit", () => {
    const value = { ...NO_FILTER, folders: ["a"], include: ["*.csv"], minSize: { amount: "1.5", unit: "KiB" } };
    const fields = filterFields(value);
    expect(fields).toMatchObject({
      folder_filter_enabled: true,
      folder_names: ["a"],
      file_pattern_enabled: true,
      file_patterns: ["*.csv"],
      min_size: 1536,
      max_size: null,
    });
    expect(filterValue({ ...SESSION, ...fields, max_age_seconds: 7200 })).toMatchObject({
      minSize: { amount: "1.5", unit: "KiB" },
      maxAge: { amount: "2", unit: "hours" },
    });
    expect(filterFields(NO_FILTER)).toMatchObject({ folder_filter_enabled: false, file_pattern_enabled: false });
  });

  it("sends a stored session back unchanged", () => {
    const body = sessionBody(formOf(SESSION));
    expect(body).toMatchObject({
      name: "Reports",
      source_path: "data/in",
      sync_direction: "bidirectional",
      folder_names: ["a", "b"],
      file_patterns: ["*.csv", "*.json"],
      exclude_patterns: ["*.tmp"],
      schedule_enabled: true,
      schedule_interval: 15,
      schedule_unit: "minutes",
      schedule_cron: null,
      max_delete: null,
    });
  });

  it("keeps a session's own speed settings, the bandwidth in the largest exact unit", () => {
    const stored = { ...SESSION, transfers: 16, checkers: 32, bandwidth_limit: 10 * 2 ** 20, force_overwrite: true };
    const form = formOf(stored);
    expect(form).toMatchObject({ transfers: "16", checkers: "32", bandwidth: { amount: "10", unit: "MiB/s" }, force_overwrite: true });
    expect(sessionBody(form)).toMatchObject({ transfers: 16, checkers: 32, bandwidth_limit: 10485760, force_overwrite: true });
    expect(sessionBody({ ...form, bandwidth: { amount: "1.5", unit: "KiB/s" } }).bandwidth_limit).toBe(1536);
    // Blank: the service's settings, no limit — sent as null, not as 0.
    expect(sessionBody(NEW_SESSION)).toMatchObject({ transfers: null, checkers: null, bandwidth_limit: null, force_overwrite: false });
  });

  it("refuses speed settings the engine cannot use, before the API does", () => {
    expect(stepProblems(1, NEW_SESSION)).toEqual({});
    expect(stepProblems(1, { ...NEW_SESSION, transfers: "0", checkers: "300" })).toEqual({
      transfers: "A whole number from 1 to 256, or nothing.",
      checkers: "A whole number from 1 to 256, or nothing.",
    });
    expect(stepProblems(1, { ...NEW_SESSION, transfers: "2.5" })).toHaveProperty("transfers");
    expect(stepProblems(1, { ...NEW_SESSION, bandwidth: { amount: "fast", unit: "MiB/s" } })).toHaveProperty("bandwidth_limit");
    expect(stepProblems(1, { ...NEW_SESSION, bandwidth: { amount: "0", unit: "MiB/s" } })).toEqual({
      bandwidth_limit: "At least 1 B/s, or nothing.",
    });
    expect(stepProblems(1, { ...NEW_SESSION, transfers: "256", checkers: "1", bandwidth: { amount: "0.5", unit: "KiB/s" } })).toEqual({});
    expect(stepOf("bandwidth_limit")).toBe(1);
  });

  it("words the speed settings, or says there are none of its own", () => {
    expect(speedWords({ transfers: 8, checkers: 1, bandwidth_limit: 10 * 2 ** 20 })).toBe(
      "8 transfers and 1 checker at once, at most 10.0 MiB/s",
    );
    expect(speedWords({ bandwidth_limit: 512 })).toBe("at most 512 B/s");
    expect(speedWords({ transfers: null, checkers: null, bandwidth_limit: null })).toBeNull();
  });

  it("checks each step, and maps the API's fields to their step", () => {
    expect(stepProblems(0, NEW_SESSION)).toEqual({
      name: "Give the session a name.",
      source_endpoint_id: "Choose the source endpoint.",
      destination_endpoint_id: "Choose the destination endpoint.",
    });
    expect(stepProblems(1, { ...NEW_SESSION, max_delete: "ten", max_delete_percent: "150" })).toHaveProperty("max_delete");
    expect(stepProblems(3, { ...NEW_SESSION, schedule: { ...NEW_SESSION.schedule, mode: "cron", cron: " " } })).toEqual({
      schedule_cron: "Type a cron expression.",
    });
    expect(stepOf("destination_path")).toBe(0);
    expect(stepOf("max_delete_percent")).toBe(1);
    expect(stepOf("folder_names")).toBe(2);
    expect(stepOf("schedule_cron")).toBe(3);
    expect(stepOf("something_else")).toBe(4);
  });
});
