import Box from "@mui/material/Box";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { executionQueries, type Execution } from "../api/executions";
import { PageHeader } from "../components/common/PageHeader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { ExecutionDrawer } from "../components/history/ExecutionDrawer";
import { hasFilters, HistoryFilters } from "../components/history/HistoryFilters";
import { HistoryGrid } from "../components/history/HistoryGrid";
import { executionFilter } from "../components/history/historyParams";
import { useHistoryParams } from "../components/history/useHistoryParams";
import { withLiveProgress } from "../components/history/liveRows";
import { ReconciliationDialog } from "../components/reconciliation/ReconciliationDialog";
import { formatCount } from "../lib/format";
import { useActiveProgress } from "../live";

/** A slow safety refetch while listed runs are still going (live events do the rest). */
const ACTIVE_REFETCH_MS = 30_000;

function hasActive(runs: readonly Execution[] | undefined): boolean {
  return Boolean(runs?.some((run) => run.status === "queued" || run.status === "running"));
}

/** Every run, filtered, sorted and paged by the server; a run's detail and reconciliation on top. */
export default function HistoryPage() {
  useDocumentTitle("History");
  const [state, update] = useHistoryParams();
  const runs = useQuery({
    ...executionQueries.list(executionFilter(state)),
    refetchInterval: (query) => (hasActive(query.state.data?.data) ? ACTIVE_REFETCH_MS : false),
  });
  const page = runs.data;
  const progress = useActiveProgress();
  const rows = useMemo(() => withLiveProgress(page?.data ?? [], progress), [page, progress]);
  const total = page?.pagination.total ?? 0;
  const lastPage = Math.max(1, Math.ceil(total / state.limit));

  // A page past the end (a shared link after runs were deleted): go to the last page instead.
  const pastEnd = page !== undefined && !runs.isPlaceholderData && state.page > lastPage;
  useEffect(() => {
    if (pastEnd) update({ page: lastPage }, true);
  }, [pastEnd, lastPage, update]);

  const row = rows.find((run) => run.id === state.execution);
  // The open run's own detail (shared with the drawer): it names the dialog when the run is on another page.
  const opened = useQuery({ ...executionQueries.detail(state.execution ?? ""), enabled: state.execution !== null });
  const subtitle = page
    ? `${formatCount(total)}${page.pagination.total_capped ? "+" : ""} ${total === 1 ? "run" : "runs"}${
        hasFilters(state) ? (total === 1 ? " matches the filters" : " match the filters") : ""
      } · select a run for its detail and reconciliation`
    : "Every run of every session.";
  return (
    <Box sx={{ display: "grid", gap: 2, minWidth: 0 }}>
      <PageHeader title="History" subtitle={<span aria-live="polite">{subtitle}</span>} />
      <HistoryFilters state={state} onChange={update} />
      {runs.isError ? <QueryError what="The runs" error={runs.error} retry={() => void runs.refetch()} /> : null}
      <HistoryGrid
        rows={rows}
        total={total}
        loading={runs.isFetching && (runs.isPlaceholderData || !page)}
        state={state}
        filtered={hasFilters(state)}
        onChange={update}
      />
      {state.execution ? (
        <ExecutionDrawer
          key={state.execution}
          executionId={state.execution}
          row={row}
          onClose={() => {
            update({ execution: null });
          }}
          onReconciliation={(tab) => {
            update({ reconciliation: tab });
          }}
        />
      ) : null}
      {state.execution && state.reconciliation ? (
        <ReconciliationDialog
          executionId={state.execution}
          name={opened.data?.session_name ?? row?.session_name}
          tab={state.reconciliation}
          onTabChange={(tab) => {
            update({ reconciliation: tab }, true);
          }}
          onClose={() => {
            update({ reconciliation: null });
          }}
        />
      ) : null}
    </Box>
  );
}
