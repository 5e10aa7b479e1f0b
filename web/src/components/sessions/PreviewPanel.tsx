import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import useMediaQuery from "@mui/material/useMediaQuery";
import type { Theme } from "@mui/material/styles";
import { DataGrid, type GridColDef, type GridPaginationModel } from "@mui/x-data-grid";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { errorMessage } from "../../api/errors";
import { forgetPreviewPlan, sessionKeys, sessionQueries, type PreviewItem } from "../../api/sessions";
import { formatBytes, formatDateTime } from "../../lib/format";
import { actionWords, previewWords } from "./describe";

type Row = PreviewItem & { id: number };

const columns = (narrow: boolean): GridColDef<Row>[] => [
  { field: "action", headerName: "Action", width: narrow ? 130 : 240, sortable: false, valueFormatter: (value: string) => actionWords(value) },
  { field: "path", headerName: "Path", flex: 1, minWidth: 160, sortable: false },
  {
    field: "size",
    headerName: "Size",
    width: 110,
    align: "right",
    headerAlign: "right",
    sortable: false,
    valueFormatter: (value: number) => (value ? formatBytes(value) : "—"),
  },
  { field: "reason", headerName: "Reason", width: 220, sortable: false },
];

const PAGE_SIZES = [25, 50, 100];

/**
 * The session's dry-run plan: totals in words and the operations, a page at a time (the server
 * plans once and cuts the next pages from that plan; nothing changes). Asked for on demand: a
 * plan lists both endpoints. "Preview again" plans anew.
 */
export function PreviewPanel({ sessionId, requested, onRequest }: { sessionId: string; requested: boolean; onRequest: () => void }) {
  const narrow = useMediaQuery((theme: Theme) => theme.breakpoints.down("sm"));
  const [paging, setPaging] = useState<GridPaginationModel>({ page: 0, pageSize: 50 });
  const queryClient = useQueryClient();
  const planAgain = () => {
    forgetPreviewPlan(sessionId);
    void queryClient.resetQueries({ queryKey: sessionKeys.previews(sessionId) });
  };
  const preview = useQuery({
    ...sessionQueries.preview(sessionId, paging.page + 1, paging.pageSize),
    enabled: requested,
    placeholderData: keepPreviousData,
  });
  if (!requested) {
    return (
      <Box sx={{ display: "grid", gap: 1.5, justifyItems: "start" }}>
        <Typography color="text.secondary">
          See what a run would copy and delete now, without changing anything.
        </Typography>
        <Button variant="outlined" onClick={onRequest}>
          Preview the plan
        </Button>
      </Box>
    );
  }
  const data = preview.data;
  const offset = data ? (data.pagination.page - 1) * data.pagination.limit : 0;
  const rows: Row[] = (data?.data ?? []).map((item, index) => ({ ...item, id: offset + index }));
  return (
    <Box sx={{ display: "grid", gap: 2, minWidth: 0 }}>
      <Box sx={{ height: 4 }}>{preview.isFetching ? <LinearProgress aria-label="Planning" /> : null}</Box>
      <Box role="status" aria-live="polite" sx={{ display: "grid", gap: 1 }}>
        {preview.isError ? (
          <Alert severity="error" action={<Button color="inherit" size="small" onClick={planAgain}>Retry</Button>}>
            The preview failed: {errorMessage(preview.error)}
          </Alert>
        ) : null}
        {!data && preview.isPending ? (
          <Typography color="text.secondary">Planning: listing both endpoints…</Typography>
        ) : null}
        {data ? (
          <>
            <Typography sx={{ fontWeight: 600 }} data-testid="preview-totals">
              {previewWords(data.totals)}.
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Planned <time dateTime={data.planned_at}>{formatDateTime(data.planned_at)}</time>; every page shows this plan.
            </Typography>
            {data.status === "would_fail" ? (
              <Alert severity="warning">A run would stop here: {data.message}</Alert>
            ) : null}
          </>
        ) : null}
      </Box>
      {data ? (
        <>
          <DataGrid
            aria-label="Planned operations"
            rows={rows}
            columns={columns(narrow)}
            // A phone shows what happens to which file; size and reason need the width.
            columnVisibilityModel={narrow ? { size: false, reason: false } : {}}
            rowCount={data.pagination.total}
            paginationMode="server"
            paginationModel={paging}
            onPaginationModelChange={setPaging}
            pageSizeOptions={PAGE_SIZES}
            loading={preview.isFetching}
            disableColumnMenu
            disableRowSelectionOnClick
            autoHeight
            density="compact"
            localeText={{ noRowsLabel: "Nothing to do: the sides are in step." }}
            sx={{ minWidth: 0 }}
          />
          <Box>
            <Button size="small" onClick={planAgain} disabled={preview.isFetching}>
              Preview again
            </Button>
          </Box>
        </>
      ) : null}
    </Box>
  );
}
