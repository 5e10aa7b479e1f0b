import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import Link from "@mui/material/Link";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link as RouterLink, useParams } from "react-router";
import { useCan } from "../api/auth";
import { ApiError } from "../api/errors";
import { executionQueries, isActive, type Execution } from "../api/executions";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { CancelRunButton } from "../components/execution/CancelRunButton";
import { FileErrors } from "../components/execution/FileErrors";
import { useExecutionProgress } from "../live";
import { LogTail } from "../components/execution/LogTail";
import { ProgressBlock } from "../components/execution/ProgressBlock";
import { progressView } from "../components/execution/progress";
import { reconciliationLink, RunSummary } from "../components/execution/RunSummary";
import { RunFacts } from "../components/execution/RunFacts";
import { StatusChip } from "../components/executions/StatusChip";
import { Panel } from "../components/overview/Panel";

/** A safety refetch of an active run; live progress events keep the page current meanwhile. */
const ACTIVE_REFETCH_MS = 30_000;

/** How a finished run's closing message stands out. */
function endSeverity(status: Execution["status"]): "error" | "warning" | "info" {
  if (status === "failed") return "error";
  if (status === "interrupted" || status === "completed_with_differences") return "warning";
  return "info";
}

function Monitor({ execution }: { execution: Execution }) {
  const canOperate = useCan("operator");
  const live = useExecutionProgress(execution.id);
  const [cancelAsked, setCancelAsked] = useState(false);
  const active = isActive(execution.status);
  // Asked here, or by anyone (the run's own record, kept current by the live progress events).
  const cancelRequested = active && (cancelAsked || execution.cancel_requested);
  const view = progressView(execution, live);
  const name = execution.session_name ?? "a deleted session";
  const message = execution.error_message ?? execution.summary?.message;

  let actions = null;
  if (active && canOperate) {
    actions = cancelRequested ? (
      <Button variant="outlined" disabled>
        Cancelling…
      </Button>
    ) : (
      <CancelRunButton
        executionId={execution.id}
        sessionName={name}
        onRequested={() => {
          setCancelAsked(true);
        }}
      />
    );
  } else if (!active) {
    actions = (
      <Button variant="outlined" component={RouterLink} to={reconciliationLink(execution.id)}>
        Open in History
      </Button>
    );
  }

  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title={`Run of ${name}`}
        subtitle={
          <Box sx={{ display: "flex", flexWrap: "wrap", gap: 1, alignItems: "center", mt: 0.5 }}>
            <Box aria-live="polite" sx={{ display: "inline-flex", gap: 1 }}>
              <StatusChip status={execution.status} />
              {execution.dry_run ? <Chip size="small" variant="outlined" label="Dry run" /> : null}
              {cancelRequested ? <Chip size="small" color="warning" variant="outlined" label="Cancel requested" /> : null}
            </Box>
            {execution.session_name ? (
              <span>
                Session{" "}
                <Link component={RouterLink} to={`/sessions/${execution.session_id}`}>
                  {execution.session_name}
                </Link>
              </span>
            ) : null}
          </Box>
        }
        actions={actions}
      />
      <RunFacts execution={execution} />
      {!active && message && execution.status !== "completed" ? (
        <Alert severity={endSeverity(execution.status)}>{message}</Alert>
      ) : null}
      {active ? (
        <Panel title="Progress">
          <ProgressBlock view={view} queued={execution.status === "queued"} />
        </Panel>
      ) : (
        <Panel title="Summary">
          <RunSummary execution={execution} />
        </Panel>
      )}
      <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "3fr 2fr" } }}>
        <Panel title="Log">
          <LogTail key={execution.id} executionId={execution.id} />
        </Panel>
        <Panel title="File errors">
          <FileErrors executionId={execution.id} errorCount={view.errorCount} active={active} />
        </Panel>
      </Box>
    </Box>
  );
}

/** The execution monitor: one run, live while it runs, its final summary once it ended. */
export default function ExecutionPage() {
  const { executionId = "" } = useParams();
  const query = useQuery({
    ...executionQueries.detail(executionId),
    refetchInterval: (current) => {
      const status = current.state.data?.status;
      return status && isActive(status) ? ACTIVE_REFETCH_MS : false;
    },
  });
  const name = query.data?.session_name;
  useDocumentTitle(name ? `Run of ${name}` : "Run");

  if (query.data) return <Monitor execution={query.data} />;
  if (query.isPending) return <PageLoader label="Loading the run…" />;
  const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 422);
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader title="Run" />
      {missing ? (
        <Alert
          severity="warning"
          action={
            <Button color="inherit" size="small" component={RouterLink} to="/history">
              History
            </Button>
          }
        >
          There is no such run. It may have been removed by the retention policy.
        </Alert>
      ) : (
        <QueryError what="The run" error={query.error} retry={() => void query.refetch()} />
      )}
    </Box>
  );
}
