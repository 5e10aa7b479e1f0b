import CloseIcon from "@mui/icons-material/Close";
import FactCheckOutlined from "@mui/icons-material/FactCheckOutlined";
import OpenInNew from "@mui/icons-material/OpenInNew";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Drawer from "@mui/material/Drawer";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Skeleton from "@mui/material/Skeleton";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { ExportButtons } from "../reconciliation/ExportButtons";
import { Link as RouterLink } from "react-router";
import { executionQueries, type Execution } from "../../api/executions";
import { reconciliationQueries } from "../../api/reconciliation";
import { QueryError } from "../common/QueryError";
import { ReconciliationVerdict } from "../reconciliation/ReconciliationVerdict";
import { firstTab } from "../reconciliation/kinds";
import type { ReconciliationTab } from "./historyParams";
import { RunErrors } from "./RunErrors";
import { RunFacts } from "./RunFacts";
import { StatusChip } from "../executions/StatusChip";

const TITLE_ID = "run-detail-title";
const ACTIVE: readonly Execution["status"][] = ["queued", "running"];

interface ExecutionDrawerProps {
  executionId: string;
  /** The run as the current page lists it, shown until its own detail arrives. */
  row?: Execution;
  onClose: () => void;
  /** Open the reconciliation dialog at `tab` (the first kind that has differences). */
  onReconciliation: (tab: ReconciliationTab) => void;
}

/** A run's detail beside the grid: summary, reconciliation verdict, "Open run" and "Reconciliation". */
export function ExecutionDrawer({ executionId, row, onClose, onReconciliation }: ExecutionDrawerProps) {
  const detail = useQuery({ ...executionQueries.detail(executionId), placeholderData: row });
  const run = detail.data;
  const ended = run !== undefined && !ACTIVE.includes(run.status);
  const reconciliation = useQuery({ ...reconciliationQueries.detail(executionId), enabled: ended });
  return (
    <Drawer
      anchor="right"
      open
      onClose={onClose}
      // Above the app bar (which sits over the sidebar): the drawer is modal, its title must show.
      sx={{ zIndex: (theme) => theme.zIndex.modal }}
      slotProps={{ paper: { role: "dialog", "aria-labelledby": TITLE_ID, sx: { width: { xs: "100%", sm: 440 } } } }}
    >
      <Box sx={{ display: "flex", alignItems: "center", gap: 1, px: 2, py: 1.5, borderBottom: 1, borderColor: "divider" }}>
        <Typography id={TITLE_ID} variant="h2" component="h2" sx={{ flexGrow: 1, overflowWrap: "anywhere" }}>
          {run ? `Run of ${run.session_name ?? "a deleted session"}` : "Run"}
        </Typography>
        <IconButton aria-label="Close the run's detail" onClick={onClose} edge="end">
          <CloseIcon />
        </IconButton>
      </Box>
      <Box sx={{ p: 2, display: "grid", gap: 2, alignContent: "start", gridTemplateColumns: "minmax(0, 1fr)" }}>
        {detail.isError && !run ? <QueryError what="The run" error={detail.error} retry={() => void detail.refetch()} /> : null}
        {!run && !detail.isError ? <Skeleton variant="rounded" height={240} aria-label="Loading the run" /> : null}
        {run ? (
          <>
            <Box sx={{ display: "flex", flexWrap: "wrap", alignItems: "center", gap: 1 }}>
              <StatusChip status={run.status} />
              {run.dry_run ? <Typography variant="body2">Dry run</Typography> : null}
              <Link component={RouterLink} to={`/sessions/${run.session_id}`} variant="body2" sx={{ ml: "auto" }}>
                Session
              </Link>
            </Box>
            {run.error_message ? <Alert severity={run.status === "failed" ? "error" : "warning"}>{run.error_message}</Alert> : null}
            <RunFacts run={run} />
            <RunErrors run={run} />
            {ended ? (
              reconciliation.data ? (
                <ReconciliationVerdict report={reconciliation.data} />
              ) : reconciliation.isError ? (
                <QueryError what="The reconciliation" error={reconciliation.error} />
              ) : (
                <Skeleton variant="rounded" height={64} aria-label="Loading the reconciliation" />
              )
            ) : (
              <Typography variant="body2" color="text.secondary">
                Both sides are compared when the run ends.
              </Typography>
            )}
            <Box sx={{ display: "flex", flexWrap: "wrap", gap: 1 }}>
              <Button variant="outlined" component={RouterLink} to={`/executions/${run.id}`} startIcon={<OpenInNew />}>
                Open run
              </Button>
              {ended ? (
                <Button
                  variant="contained"
                  onClick={() => {
                    onReconciliation(firstTab(reconciliation.data));
                  }}
                  startIcon={<FactCheckOutlined />}
                >
                  Reconciliation
                </Button>
              ) : null}
              {ended ? <ExportButtons executionId={run.id} what="report" /> : null}
            </Box>
          </>
        ) : null}
      </Box>
    </Drawer>
  );
}
