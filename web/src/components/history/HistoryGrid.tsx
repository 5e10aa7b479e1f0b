import Box from "@mui/material/Box";
import useMediaQuery from "@mui/material/useMediaQuery";
import { useTheme } from "@mui/material/styles";
import { DataGrid, type GridPaginationModel, type GridSortModel } from "@mui/x-data-grid";
import { useMemo } from "react";
import type { Execution } from "../../api/executions";
import { COLUMNS, NARROW_HIDDEN, sortFieldOf, sortModelOf } from "./columns";
import { PAGE_SIZES, type HistoryState } from "./historyParams";

const DIFFERENCES_CLASS = "f2l-run-differences";

interface HistoryGridProps {
  rows: readonly Execution[];
  /** Every run matching the filters (`pagination.total`), not just this page. */
  total: number;
  loading: boolean;
  state: HistoryState;
  filtered: boolean;
  onChange: (patch: Partial<HistoryState>) => void;
}

/**
 * One page of runs, fetched by the server page by page (it never loads the whole history):
 * paging and sorting are the API's, the grid only shows and asks.
 */
export function HistoryGrid({ rows, total, loading, state, filtered, onChange }: HistoryGridProps) {
  const narrow = useMediaQuery(useTheme().breakpoints.down("sm"));
  const paginationModel = useMemo(() => ({ page: state.page - 1, pageSize: state.limit }), [state.page, state.limit]);
  const sortModel = useMemo(() => sortModelOf(state.sort), [state.sort]);
  const open = (id: string) => {
    onChange({ execution: id, reconciliation: null });
  };
  return (
    <Box sx={{ height: { xs: 560, md: "max(440px, calc(100dvh - 260px))" }, minWidth: 0 }}>
      <DataGrid
        aria-label="Runs"
        rows={rows}
        columns={COLUMNS}
        rowCount={total}
        loading={loading}
        paginationMode="server"
        sortingMode="server"
        filterMode="server"
        paginationModel={paginationModel}
        onPaginationModelChange={(model: GridPaginationModel) => {
          // A new page size starts again at page 1 (the old page number means other runs now).
          onChange(model.pageSize === state.limit ? { page: model.page + 1 } : { limit: model.pageSize });
        }}
        pageSizeOptions={[...PAGE_SIZES]}
        sortModel={sortModel}
        onSortModelChange={(model: GridSortModel) => {
          onChange({ sort: sortFieldOf(model) });
        }}
        sortingOrder={["desc", "asc", null]}
        columnVisibilityModel={narrow ? NARROW_HIDDEN : {}}
        disableColumnMenu
        disableColumnFilter
        disableColumnSelector
        disableRowSelectionOnClick
        onRowClick={({ row }: { row: Execution }) => {
          open(row.id);
        }}
        onCellKeyDown={({ row, field }: { row: Execution; field: string }, event) => {
          // Enter opens the run's detail from any cell but the session's link (which opens the session).
          if (event.key === "Enter" && field !== "session_name") open(row.id);
        }}
        getRowClassName={({ row }: { row: Execution }) =>
          row.status === "completed_with_differences" ? DIFFERENCES_CLASS : ""
        }
        localeText={{
          noRowsLabel: filtered ? "No run matches these filters." : "No run yet. Runs of every session appear here.",
        }}
        density="compact"
        sx={(theme) => ({
          "& .MuiDataGrid-row": { cursor: "pointer" },
          [`& .${DIFFERENCES_CLASS}`]: {
            backgroundColor: theme.alpha((theme.vars ?? theme).palette.warning.main, 0.1),
            boxShadow: `inset 4px 0 0 ${(theme.vars ?? theme).palette.warning.main}`,
          },
          [`& .${DIFFERENCES_CLASS}:hover`]: {
            backgroundColor: theme.alpha((theme.vars ?? theme).palette.warning.main, 0.16),
          },
        })}
      />
    </Box>
  );
}
