import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Skeleton from "@mui/material/Skeleton";
import { useQuery } from "@tanstack/react-query";
import { Link as RouterLink } from "react-router";
import type { Execution } from "../../api/executions";
import { reconciliationQueries } from "../../api/reconciliation";
import { errorMessage } from "../../api/errors";
import { Figures } from "./Figures";
import { finalSummary, verificationView } from "./progress";

/** Where the History page opens a run's reconciliation dialog. */
export function reconciliationLink(executionId: string): string {
  return `/history?execution=${encodeURIComponent(executionId)}&reconciliation=open`;
}

/** The verification after the run: in sync, the differences, or why there was none. */
function Verification({ execution }: { execution: Execution }) {
  const query = useQuery(reconciliationQueries.detail(execution.id));
  if (query.isPending) return <Skeleton variant="rounded" height={48} aria-label="Loading the verification" />;
  if (query.isError) {
    return <Alert severity="error">The verification could not be loaded: {errorMessage(query.error)}</Alert>;
  }
  const view = verificationView(query.data);
  return (
    <Alert
      severity={view.severity}
      action={
        query.data.available ? (
          <Button color="inherit" size="small" component={RouterLink} to={reconciliationLink(execution.id)}>
            Reconciliation
          </Button>
        ) : undefined
      }
    >
      {view.text}
    </Alert>
  );
}

/** A finished run's final figures and its verification outcome. */
export function RunSummary({ execution }: { execution: Execution }) {
  return (
    <Box sx={{ display: "grid", gap: 2 }}>
      <Figures label="Final summary" items={finalSummary(execution)} />
      <Verification execution={execution} />
    </Box>
  );
}
