import Link from "@mui/material/Link";
import useMediaQuery from "@mui/material/useMediaQuery";
import type { Theme } from "@mui/material/styles";
import { DataGrid, type GridColDef, type GridPaginationModel } from "@mui/x-data-grid";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link as RouterLink, useNavigate } from "react-router";
import { executionQueries, type Execution } from "../../api/executions";
import { SESSIONS_REFRESH_MS } from "../../api/sessions";
import { QueryError } from "../common/QueryError";
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelativeTime } from "../../lib/format";
import { StatusChip } from "../executions/StatusChip";

const TRIGGER_WORDS: Record<Execution["trigger"], string> = { manual: "By hand", schedule: "Schedule", startup: "Service start" };

function columns(now: Date, narrow: boolean): GridColDef<Execution>[] {
  return [
    {
      field: "created_at",
      headerName: "Run",
      flex: 1,
      minWidth: narrow ? 96 : 140,
      sortable: false,
      renderCell: ({ row }) => (
        <Link component={RouterLink} to={`/executions/${row.id}`} title={formatDateTime(row.created_at)}>
          {formatRelativeTime(row.created_at, now)}
        </Link>
      ),
    },
    { field: "status", headerName: "Status", width: narrow ? 118 : 140, sortable: false, renderCell: ({ row }) => <StatusChip status={row.status} /> },
    {
      field: "trigger",
      headerName: "Started by",
      width: 130,
      sortable: false,
      valueFormatter: (value: Execution["trigger"]) => TRIGGER_WORDS[value],
    },
    {
      field: "files_synced",
      headerName: "Files",
      width: narrow ? 96 : 120,
      sortable: false,
      align: "right",
      headerAlign: "right",
      valueGetter: (_value, row) => `${formatCount(row.files_synced)} / ${formatCount(row.total_files)}`,
    },
    {
      field: "bytes_transferred",
      headerName: "Moved",
      width: 110,
      sortable: false,
      align: "right",
      headerAlign: "right",
      valueFormatter: (value: number) => formatBytes(value),
    },
    {
      field: "duration_seconds",
      headerName: "Took",
      width: 110,
      sortable: false,
      valueFormatter: (value: number | null) => (value === null ? "—" : formatDuration(value)),
    },
    {
      field: "dry_run",
      headerName: "Kind",
      width: 100,
      sortable: false,
      valueFormatter: (value: boolean) => (value ? "Dry run" : "Run"),
    },
  ];
}

/** A session's runs, newest first, a page at a time from the server; each row opens its run. */
export function RunHistory({ sessionId, now }: { sessionId: string; now: Date }) {
  const navigate = useNavigate();
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down("sm"));
  const [paging, setPaging] = useState<GridPaginationModel>({ page: 0, pageSize: 10 });
  const runs = useQuery({
    ...executionQueries.list({ session_id: sessionId, page: paging.page + 1, limit: paging.pageSize, sort: "-created_at" }),
    refetchInterval: SESSIONS_REFRESH_MS, // a scheduled run appears even without live events
  });
  if (runs.isError && !runs.data) return <QueryError what="The run history" error={runs.error} retry={() => void runs.refetch()} />;
  return (
    <DataGrid
      aria-label="Run history"
      rows={runs.data?.data ?? []}
      columns={columns(now, narrow)}
      rowCount={runs.data?.pagination.total ?? 0}
      paginationMode="server"
      paginationModel={paging}
      onPaginationModelChange={setPaging}
      pageSizeOptions={[10, 25, 50]}
      loading={runs.isFetching && !runs.data}
      columnVisibilityModel={narrow ? { trigger: false, bytes_transferred: false, duration_seconds: false, dry_run: false } : {}}
      onRowClick={({ id }) => void navigate(`/executions/${String(id)}`)}
      disableColumnMenu
      disableRowSelectionOnClick
      autoHeight
      density="compact"
      localeText={{ noRowsLabel: "No run yet." }}
      sx={{ minWidth: 0, "& .MuiDataGrid-row": { cursor: "pointer" } }}
    />
  );
}
