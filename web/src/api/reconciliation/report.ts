/**
 * The run report download (`GET /executions/{id}/report?format=`). The access token is a Bearer
 * header held in memory, not a cookie, so a plain link would be refused: the file is fetched
 * through the API client (token, silent refresh) and handed to the browser as a blob.
 */
import { api, type Schemas } from "../../client";
import { unwrap } from "../errors";

export type ReportFormat = Schemas["ExportFormat"];

/** The API path of a run's report in `format`. */
export function reportPath(executionId: string, format: ReportFormat): string {
  return `/api/v1/executions/${encodeURIComponent(executionId)}/report?format=${format}`;
}

/** The name the downloaded file gets: `f2l-run-<id>.csv`. */
export function reportFileName(executionId: string, format: ReportFormat): string {
  return `f2l-run-${executionId}.${format}`;
}

const REVOKE_AFTER_MS = 60_000;

/** Fetch the report (with the sign-in) and save it as `f2l-run-<id>.<format>`. */
export async function downloadReport(executionId: string, format: ReportFormat): Promise<void> {
  const blob = await unwrap(
    api.GET("/api/v1/executions/{execution_id}/report", {
      params: { path: { execution_id: executionId }, query: { format } },
      parseAs: "blob",
    }),
  );
  saveBlob(blob, reportFileName(executionId, format));
}

/** The name a reconciliation export gets: `f2l-reconciliation-<id>.csv`. */
export function reconciliationFileName(executionId: string, format: ReportFormat): string {
  return `f2l-reconciliation-${executionId}.${format}`;
}

/** Fetch the differences the run's check found (one row per path and kind) and save them. */
export async function downloadReconciliation(executionId: string, format: ReportFormat): Promise<void> {
  const blob = await unwrap(
    api.GET("/api/v1/executions/{execution_id}/reconciliation/export", {
      params: { path: { execution_id: executionId }, query: { format } },
      parseAs: "blob",
    }),
  );
  saveBlob(blob, reconciliationFileName(executionId, format));
}

/** Hand `blob` to the browser as a download named `name`. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: the browser reads the blob after the click returns.
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, REVOKE_AFTER_MS);
}
