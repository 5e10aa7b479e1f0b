/** A session's filters as the filter editor holds them, as the API stores them, and in words. */
import type { FolderMatchMode, MatchFilters, Session, SessionCreate } from "../../api/sessions";
import { formatBytes } from "../../lib/format";
import { AGE_UNITS, SIZE_UNITS, amountValue, quantityOf, type Quantity } from "./quantity";

/** The filter editor's value. A folder filter or an include list applies when it names something. */
export interface FilterValue {
  folders: string[];
  folderMatch: FolderMatchMode;
  caseSensitive: boolean;
  include: string[];
  exclude: string[];
  minSize: Quantity;
  maxSize: Quantity;
  minAge: Quantity;
  maxAge: Quantity;
}

type FilterKeys =
  | "folder_filter_enabled"
  | "folder_names"
  | "folder_match_mode"
  | "folder_case_sensitive"
  | "file_pattern_enabled"
  | "file_patterns"
  | "exclude_patterns"
  | "min_size"
  | "max_size"
  | "min_age_seconds"
  | "max_age_seconds";

export type FilterFields = Required<Pick<SessionCreate, FilterKeys>>;

export const NO_FILTER: FilterValue = {
  folders: [],
  folderMatch: "exact",
  caseSensitive: true,
  include: [],
  exclude: [],
  minSize: { amount: "", unit: "MiB" },
  maxSize: { amount: "", unit: "MiB" },
  minAge: { amount: "", unit: "days" },
  maxAge: { amount: "", unit: "days" },
};

/** The API's fields for a filter value. */
export function filterFields(value: FilterValue): FilterFields {
  const size = (quantity: Quantity) => {
    const bytes = amountValue(quantity, SIZE_UNITS);
    return bytes === null ? null : Math.round(bytes);
  };
  return {
    folder_filter_enabled: value.folders.length > 0,
    folder_names: value.folders,
    folder_match_mode: value.folderMatch,
    folder_case_sensitive: value.caseSensitive,
    file_pattern_enabled: value.include.length > 0,
    file_patterns: value.include,
    exclude_patterns: value.exclude,
    min_size: size(value.minSize),
    max_size: size(value.maxSize),
    min_age_seconds: amountValue(value.minAge, AGE_UNITS),
    max_age_seconds: amountValue(value.maxAge, AGE_UNITS),
  };
}

/** The match endpoint's filters (the engine's names) for a filter value. */
export function matchFilters(value: FilterValue): MatchFilters {
  const fields = filterFields(value);
  return {
    folders: fields.folder_names,
    folder_match: fields.folder_match_mode,
    case_sensitive: fields.folder_case_sensitive,
    include: fields.file_patterns,
    exclude: fields.exclude_patterns,
    min_size: fields.min_size,
    max_size: fields.max_size,
    min_age: fields.min_age_seconds,
    max_age: fields.max_age_seconds,
  };
}

/** The editor's value for a stored session (a disabled list shows empty: it does not apply). */
export function filterValue(session: Pick<Session, FilterKeys>): FilterValue {
  return {
    folders: session.folder_filter_enabled ? [...session.folder_names] : [],
    folderMatch: session.folder_match_mode,
    caseSensitive: session.folder_case_sensitive,
    include: session.file_pattern_enabled ? [...session.file_patterns] : [],
    exclude: [...session.exclude_patterns],
    minSize: quantityOf(session.min_size, SIZE_UNITS, "MiB"),
    maxSize: quantityOf(session.max_size, SIZE_UNITS, "MiB"),
    minAge: quantityOf(session.min_age_seconds, AGE_UNITS, "days"),
    maxAge: quantityOf(session.max_age_seconds, AGE_UNITS, "days"),
  };
}

const FOLDER_WORDS: Record<FolderMatchMode, string> = {
  exact: "folders",
  contains: "folders containing",
  startswith: "folders starting with",
};

/** An age in seconds as people say it: "90 minutes", "1 day", "2.5 hours". */
export function ageWords(seconds: number): string {
  const quantity = quantityOf(seconds, AGE_UNITS, "seconds");
  const amount = Number(quantity.amount);
  const unit = amount === 1 ? quantity.unit.replace(/s$/, "") : quantity.unit;
  return `${quantity.amount} ${unit}`;
}

/**
 * The filters of a stored session in one line: "folders: a, b · *.csv, *.json · excludes 1"; sizes
 * and ages when set; "every file" when nothing filters.
 */
export function filterSummary(session: Pick<Session, FilterKeys>): string {
  const parts: string[] = [];
  const folders = session.folder_filter_enabled ? session.folder_names : [];
  if (folders.length) parts.push(`${FOLDER_WORDS[session.folder_match_mode]}: ${folders.join(", ")}`);
  const include = session.file_pattern_enabled ? session.file_patterns : [];
  if (include.length) parts.push(include.join(", "));
  const excludes = session.exclude_patterns.length;
  if (excludes) parts.push(`excludes ${String(excludes)}`);
  const minSize = session.min_size;
  const maxSize = session.max_size;
  if (minSize !== null && maxSize !== null) parts.push(`${formatBytes(minSize)}–${formatBytes(maxSize)}`);
  else if (minSize !== null) parts.push(`≥ ${formatBytes(minSize)}`);
  else if (maxSize !== null) parts.push(`≤ ${formatBytes(maxSize)}`);
  const minAge = session.min_age_seconds;
  const maxAge = session.max_age_seconds;
  if (minAge !== null) parts.push(`older than ${ageWords(minAge)}`);
  if (maxAge !== null) parts.push(`newer than ${ageWords(maxAge)}`);
  return parts.length ? parts.join(" · ") : "every file";
}
