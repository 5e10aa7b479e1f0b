import Link from "@mui/material/Link";
import Tooltip from "@mui/material/Tooltip";
import type { GridColDef, GridSortModel } from "@mui/x-data-grid";
import { Link as RouterLink } from "react-router";
import type { Execution } from "../../api/executions";
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelativeTime } from "../../lib/format";
import { DEFAULT_SORT, type SortField } from "./historyParams";
import { StatusChip } from "../executions/StatusChip";
import { TRIGGER_LABEL } from "./trigger";

/** Column field → the API's sort field; columns not listed cannot be sorted (the API cannot). */
const SORTABLE: Partial<Record<string, string>> = {
  status: "status",
  started_at: "started_at",
  bytes_transferred: "bytes_transferred",
};

/** The grid's sort model of an API sort (the default, newest created first, shows no arrow). */
export function sortModelOf(sort: SortField): GridSortModel {
  if (sort === DEFAULT_SORT) return [];
  const field = sort.replace(/^-/, "");
  const column = Object.keys(SORTABLE).find((key) => SORTABLE[key] === field);
  return column ? [{ field: column, sort: sort.startsWith("-") ? "desc" : "asc" }] : [];
}

/** The API sort of the grid's sort model. */
export function sortFieldOf(model: GridSortModel): SortField {
  const first = model[0];
  const field = first ? SORTABLE[first.field] : undefined;
  if (!first?.sort || !field) return DEFAULT_SORT;
  return (first.sort === "desc" ? `-${field}` : field) as SortField;
}

function When({ time }: { time: string | null }) {
  if (!time) return <>—</>;
  return (
    <Tooltip title={formatRelativeTime(time)} describeChild>
      <time dateTime={time}>{formatDateTime(time)}</time>
    </Tooltip>
  );
}

/** The History grid's columns; sortable only where the API sorts. */
export const COLUMNS: GridColDef<Execution>[] = [
  {
    field: "session_name",
    headerName: "Session",
    flex: 1,
    minWidth: 160,
    sortable: false,
    renderCell: ({ row }) => (
      <Link
        component={RouterLink}
        to={`/sessions/${row.session_id}`}
        onClick={(event) => {
          event.stopPropagation(); // the link opens the session, not the run's detail
        }}
      >
        {row.session_name ?? "(deleted session)"}
      </Link>
    ),
  },
  {
    field: "status",
    headerName: "Status",
    width: 150,
    renderCell: ({ row }) => <StatusChip status={row.status} />,
  },
  {
    field: "trigger",
    headerName: "Trigger",
    width: 100,
    sortable: false,
    valueFormatter: (value: Execution["trigger"]) => TRIGGER_LABEL[value],
  },
  {
    field: "started_at",
    headerName: "Started",
    width: 180,
    renderCell: ({ row }) => <When time={row.started_at} />,
  },
  {
    field: "duration_seconds",
    headerName: "Duration",
    width: 110,
    sortable: false,
    valueFormatter: (value: number | null) => (value === null ? "—" : formatDuration(value)),
  },
  {
    field: "files_synced",
    headerName: "Files",
    type: "number",
    width: 110,
    sortable: false,
    valueFormatter: (value: number, row) =>
      row.total_files && row.total_files !== value ? `${formatCount(value)} / ${formatCount(row.total_files)}` : formatCount(value),
  },
  {
    field: "bytes_transferred",
    headerName: "Bytes",
    type: "number",
    width: 110,
    valueFormatter: (value: number) => formatBytes(value),
  },
  {
    field: "error_count",
    headerName: "Errors",
    type: "number",
    width: 90,
    sortable: false,
    valueFormatter: (value: number) => formatCount(value),
  },
];

/** Columns a phone leaves out (the grid scrolls inside its box for the rest). */
export const NARROW_HIDDEN = { trigger: false, duration_seconds: false, files_synced: false, error_count: false };
