/** The session editor's form: its values, how they become the API's body, and which step owns a field. */
import type { CompareMode, ConflictPolicy, Direction, Session, SessionCreate } from "../../api/sessions";
import { filterFields, filterValue, NO_FILTER, type FilterValue } from "./filters";
import { amountError, amountValue, quantityOf, RATE_UNITS, type Quantity } from "./quantity";
import { NO_SCHEDULE, scheduleFields, scheduleValue, type ScheduleValue } from "./schedule";

export interface SessionForm {
  name: string;
  source_endpoint_id: string;
  source_path: string;
  destination_endpoint_id: string;
  destination_path: string;
  sync_direction: Direction;
  compare_mode: CompareMode;
  conflict_policy: ConflictPolicy;
  delete_extraneous: boolean;
  /** Text until saved: "" is no limit. */
  max_delete: string;
  max_delete_percent: string;
  verify_checksums: boolean;
  force_overwrite: boolean;
  /** Text until saved: "" is the service's setting. */
  transfers: string;
  checkers: string;
  /** "" is no limit. */
  bandwidth: Quantity;
  filters: FilterValue;
  schedule: ScheduleValue;
  auto_start_enabled: boolean;
}

export const NEW_SESSION: SessionForm = {
  name: "",
  source_endpoint_id: "",
  source_path: "",
  destination_endpoint_id: "",
  destination_path: "",
  sync_direction: "source_to_dest",
  compare_mode: "size_mtime",
  conflict_policy: "keep_both",
  delete_extraneous: false,
  max_delete: "",
  max_delete_percent: "",
  verify_checksums: false,
  force_overwrite: false,
  transfers: "",
  checkers: "",
  bandwidth: { amount: "", unit: "MiB/s" },
  filters: NO_FILTER,
  schedule: NO_SCHEDULE,
  auto_start_enabled: false,
};

const text = (value: number | null | undefined) => (value === null || value === undefined ? "" : String(value));

/** The form's values for a stored session. */
export function formOf(session: Session): SessionForm {
  return {
    name: session.name,
    source_endpoint_id: session.source_endpoint_id,
    source_path: session.source_path,
    destination_endpoint_id: session.destination_endpoint_id,
    destination_path: session.destination_path,
    sync_direction: session.sync_direction,
    compare_mode: session.compare_mode,
    conflict_policy: session.conflict_policy,
    delete_extraneous: session.delete_extraneous,
    max_delete: text(session.max_delete),
    max_delete_percent: text(session.max_delete_percent),
    verify_checksums: session.verify_checksums,
    force_overwrite: session.force_overwrite,
    transfers: text(session.transfers),
    checkers: text(session.checkers),
    bandwidth: quantityOf(session.bandwidth_limit, RATE_UNITS, "MiB/s"),
    filters: filterValue(session),
    schedule: scheduleValue(session),
    auto_start_enabled: session.auto_start_enabled,
  };
}

/** A number typed in a field, or null when blank (what is not a number is left to the API to refuse). */
function numberOf(value: string): number | null {
  const trimmed = value.trim();
  return trimmed === "" || Number.isNaN(Number(trimmed)) ? null : Number(trimmed);
}

/** The bandwidth limit in whole bytes per second, or null when blank. */
export function bandwidthOf(form: SessionForm): number | null {
  const rate = amountValue(form.bandwidth, RATE_UNITS);
  return rate === null ? null : Math.round(rate);
}

/** The body of `POST /sessions` (and of `PATCH`: every field is sent). */
export function sessionBody(form: SessionForm): SessionCreate {
  return {
    name: form.name.trim(),
    source_endpoint_id: form.source_endpoint_id,
    source_path: form.source_path,
    destination_endpoint_id: form.destination_endpoint_id,
    destination_path: form.destination_path,
    sync_direction: form.sync_direction,
    compare_mode: form.compare_mode,
    conflict_policy: form.conflict_policy,
    delete_extraneous: form.delete_extraneous,
    max_delete: numberOf(form.max_delete),
    max_delete_percent: numberOf(form.max_delete_percent),
    verify_checksums: form.verify_checksums,
    force_overwrite: form.force_overwrite,
    transfers: numberOf(form.transfers),
    checkers: numberOf(form.checkers),
    bandwidth_limit: bandwidthOf(form),
    ...filterFields(form.filters),
    ...scheduleFields(form.schedule),
    auto_start_enabled: form.auto_start_enabled,
  };
}

export const STEPS = ["Source and destination", "How files move", "Filters", "Schedule", "Review"] as const;

export const REVIEW_STEP = STEPS.length - 1;

/** The API's field names each step edits (a 422 on one of them opens that step). */
const STEP_FIELDS: readonly (readonly string[])[] = [
  ["name", "source_endpoint_id", "source_path", "destination_endpoint_id", "destination_path"],
  [
    "sync_direction",
    "compare_mode",
    "conflict_policy",
    "delete_extraneous",
    "max_delete",
    "max_delete_percent",
    "verify_checksums",
    "force_overwrite",
    "transfers",
    "checkers",
    "bandwidth_limit",
  ],
  [
    "folder_filter_enabled",
    "folder_names",
    "folder_match_mode",
    "folder_case_sensitive",
    "file_pattern_enabled",
    "file_patterns",
    "exclude_patterns",
    "min_size",
    "max_size",
    "min_age_seconds",
    "max_age_seconds",
  ],
  ["schedule_enabled", "schedule_interval", "schedule_unit", "schedule_cron", "auto_start_enabled"],
];

/** The step that edits the API's field `field` (the review step for anything else). */
export function stepOf(field: string): number {
  const index = STEP_FIELDS.findIndex((fields) => fields.includes(field));
  return index < 0 ? REVIEW_STEP : index;
}

const WHOLE = /^\s*\d+\s*$/;
const MOST_AT_ONCE = 256;

/** Why a "how many at once" field cannot be used, or null (blank: the service's setting). */
function atOnceProblem(value: string): string | null {
  if (!value.trim()) return null;
  const count = Number(value);
  return WHOLE.test(value) && count >= 1 && count <= MOST_AT_ONCE ? null : `A whole number from 1 to ${MOST_AT_ONCE}, or nothing.`;
}
const NUMBER = /^\s*\d+(\.\d+)?\s*$/;

/** What the editor itself can tell is missing or malformed on a step, by the API's field names. */
export function stepProblems(step: number, form: SessionForm): Record<string, string> {
  const problems: Record<string, string> = {};
  if (step === 0) {
    if (!form.name.trim()) problems.name = "Give the session a name.";
    if (!form.source_endpoint_id) problems.source_endpoint_id = "Choose the source endpoint.";
    if (!form.destination_endpoint_id) problems.destination_endpoint_id = "Choose the destination endpoint.";
  }
  if (step === 1) {
    if (form.max_delete.trim() && !WHOLE.test(form.max_delete)) problems.max_delete = "A whole number, or nothing.";
    const percent = form.max_delete_percent.trim();
    if (percent && (!NUMBER.test(percent) || Number(percent) > 100)) {
      problems.max_delete_percent = "A number from 0 to 100, or nothing.";
    }
    const transfers = atOnceProblem(form.transfers);
    if (transfers) problems.transfers = transfers;
    const checkers = atOnceProblem(form.checkers);
    if (checkers) problems.checkers = checkers;
    const rate = amountError(form.bandwidth) ?? (bandwidthOf(form) === 0 ? "At least 1 B/s, or nothing." : null);
    if (rate) problems.bandwidth_limit = rate;
  }
  if (step === 3) {
    const { schedule } = form;
    if (schedule.mode === "interval" && !/^\s*[1-9]\d*\s*$/.test(schedule.every)) {
      problems.schedule_interval = "A whole number, 1 or more.";
    }
    if (schedule.mode === "cron" && !schedule.cron.trim()) problems.schedule_cron = "Type a cron expression.";
  }
  return problems;
}
