/**
 * The History page's state in the URL query string (shareable, the back button works):
 * filters, sort, page, and which run's detail and reconciliation are open.
 */
import type { ExecutionFilter, ExecutionStatus } from "../../api/executions";
import { STATUS } from "../executions/status";

export type SortField = NonNullable<ExecutionFilter["sort"]>;

/** The reconciliation dialog's tabs, as the URL names them. */
export type ReconciliationTab = "missing" | "extra" | "size" | "checksum" | "errors";

/** What `reconciliation=` asks for: a tab, or `open` (the first tab that has differences; for links). */
export type ReconciliationView = ReconciliationTab | "open";

export const DEFAULT_SORT: SortField = "-created_at";
export const PAGE_SIZES = [25, 50, 100] as const;
export const DEFAULT_PAGE_SIZE = 25;

/** Every `sort` the API accepts (`GET /executions`), ascending and descending. */
export const SORT_FIELDS: readonly SortField[] = [
  "created_at",
  "-created_at",
  "started_at",
  "-started_at",
  "finished_at",
  "-finished_at",
  "status",
  "-status",
  "bytes_transferred",
  "-bytes_transferred",
];

const VIEWS: readonly ReconciliationView[] = ["missing", "extra", "size", "checksum", "errors", "open"];
const STATUSES = Object.keys(STATUS) as ExecutionStatus[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface HistoryState {
  session: string | null;
  status: ExecutionStatus | null;
  /** First day shown (`YYYY-MM-DD`, the browser's time zone), inclusive. */
  from: string | null;
  /** Last day shown, inclusive. */
  to: string | null;
  sort: SortField;
  /** From 1. */
  page: number;
  limit: number;
  /** The run whose detail is open. */
  execution: string | null;
  /** The open tab of that run's reconciliation dialog (null: the dialog is closed). */
  reconciliation: ReconciliationView | null;
}

export const DEFAULT_STATE: HistoryState = {
  session: null,
  status: null,
  from: null,
  to: null,
  sort: DEFAULT_SORT,
  page: 1,
  limit: DEFAULT_PAGE_SIZE,
  execution: null,
  reconciliation: null,
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[]): T | null {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

function validDay(value: string | null): string | null {
  return value && DAY.test(value) && localMidnight(value) ? value : null;
}

/** The state a query string describes; anything unknown or malformed falls back to the default. */
export function parseHistoryParams(params: URLSearchParams): HistoryState {
  const page = Number(params.get("page"));
  const limit = Number(params.get("limit"));
  const execution = params.get("execution");
  const validExecution = execution && UUID.test(execution) ? execution : null;
  const session = params.get("session");
  return {
    session: session && UUID.test(session) ? session : null,
    status: oneOf(params.get("status"), STATUSES),
    from: validDay(params.get("from")),
    to: validDay(params.get("to")),
    sort: oneOf(params.get("sort"), SORT_FIELDS) ?? DEFAULT_SORT,
    page: Number.isInteger(page) && page >= 1 ? page : 1,
    limit: (PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_PAGE_SIZE,
    execution: validExecution,
    reconciliation: validExecution ? oneOf(params.get("reconciliation"), VIEWS) : null,
  };
}

/** The query string of a state, defaults left out so links stay short; stable order. */
export function historySearch(state: HistoryState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.session) params.set("session", state.session);
  if (state.status) params.set("status", state.status);
  if (state.from) params.set("from", state.from);
  if (state.to) params.set("to", state.to);
  if (state.sort !== DEFAULT_SORT) params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.limit !== DEFAULT_PAGE_SIZE) params.set("limit", String(state.limit));
  if (state.execution) {
    params.set("execution", state.execution);
    if (state.reconciliation) params.set("reconciliation", state.reconciliation);
  }
  return params;
}

/** Fields that choose which runs are listed: changing one goes back to page 1. */
const LISTING_FIELDS: readonly (keyof HistoryState)[] = ["session", "status", "from", "to", "sort", "limit"];

/** `state` with `patch` applied; a new filter, sort or page size starts again at page 1. */
export function patchHistoryState(state: HistoryState, patch: Partial<HistoryState>): HistoryState {
  const next = { ...state, ...patch };
  if (LISTING_FIELDS.some((field) => field in patch && patch[field] !== state[field]) && !("page" in patch)) {
    next.page = 1;
  }
  if (!next.execution) next.reconciliation = null;
  return next;
}

/** Midnight at the start of `day` in the browser's time zone, or null for a date that does not exist. */
function localMidnight(day: string): Date | null {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const time = new Date(year, month - 1, date);
  return time.getFullYear() === year && time.getMonth() === month - 1 && time.getDate() === date ? time : null;
}

/** The `since`/`until` of a day range: from the start of `from` to the end of `to` (local days). */
export function dayRange(from: string | null, to: string | null): { since?: string; until?: string } {
  const range: { since?: string; until?: string } = {};
  const start = from ? localMidnight(from) : null;
  const end = to ? localMidnight(to) : null;
  if (start) range.since = start.toISOString();
  if (end) {
    end.setDate(end.getDate() + 1); // `until` is exclusive: the day after `to`, at midnight
    range.until = end.toISOString();
  }
  return range;
}

/** Whether the range is backwards (the From day after the To day). */
export function rangeReversed(state: Pick<HistoryState, "from" | "to">): boolean {
  return Boolean(state.from && state.to && state.from > state.to);
}

/** The `GET /executions` query of a state. */
export function executionFilter(state: HistoryState): ExecutionFilter {
  const filter: ExecutionFilter = { page: state.page, limit: state.limit, sort: state.sort };
  if (state.session) filter.session_id = state.session;
  if (state.status) filter.status = state.status;
  return { ...filter, ...dayRange(state.from, state.to) };
}
