import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import { sentence } from "../../api/errors";
import type { Reconciliation } from "../../api/reconciliation";
import { formatCount, formatDateTime } from "../../lib/format";
import { differenceCount, errorCount, verdictText } from "./kinds";

/** The overall verdict of a reconciliation: in sync, N differences, or why there is none. */
export function ReconciliationVerdict({ report }: { report: Reconciliation }) {
  if (!report.available) {
    return (
      <Alert severity="info">
        <AlertTitle>No reconciliation</AlertTitle>
        {sentence(report.message ?? "this run was not reconciled")}
      </Alert>
    );
  }
  const clean = differenceCount(report) === 0 && errorCount(report) === 0;
  const matched = `${formatCount(report.matched)} ${report.matched === 1 ? "file matches" : "files match"} on both sides`;
  return (
    <Alert severity={clean ? "success" : "warning"} aria-label={`Verdict: ${verdictText(report)}`}>
      <AlertTitle sx={{ mb: 0 }}>{verdictText(report)}</AlertTitle>
      {matched}
      {report.checked_at ? ` · checked ${formatDateTime(report.checked_at)}` : ""}.
      {report.truncated ? " The lists show the first 10,000 paths of each kind; the counts are exact." : ""}
    </Alert>
  );
}
