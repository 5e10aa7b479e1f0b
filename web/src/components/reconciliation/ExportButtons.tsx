import Download from "@mui/icons-material/Download";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import { useMutation } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { downloadReconciliation, downloadReport, type ReportFormat } from "../../api/reconciliation";
import { showToast } from "../../lib/toasts";

type Export = "differences" | "report";

const FORMATS: Record<Export, readonly { format: ReportFormat; label: string; title: string }[]> = {
  differences: [
    { format: "csv", label: "Export CSV", title: "Every difference: kind and path, one row each" },
    { format: "json", label: "Export JSON", title: "The reconciliation: verdict, counts and every listed path" },
  ],
  report: [
    { format: "csv", label: "Run report CSV", title: "Every file operation of the run, one row each" },
    { format: "json", label: "Run report JSON", title: "The run, its reconciliation and every file operation" },
  ],
};

const DOWNLOADS: Record<Export, (executionId: string, format: ReportFormat) => Promise<void>> = {
  differences: downloadReconciliation,
  report: downloadReport,
};

/**
 * Download what the reconciliation found (`differences`, the dialog's) or the run's whole report
 * with every file operation (`report`), as CSV or JSON; any signed-in role may.
 */
export function ExportButtons({ executionId, what = "differences" }: { executionId: string; what?: Export }) {
  const download = useMutation({
    mutationFn: (format: ReportFormat) => DOWNLOADS[what](executionId, format),
    onError: (error) => {
      showToast({ message: `The report could not be downloaded: ${errorMessage(error)}`, severity: "error" });
    },
  });
  return (
    <>
      {FORMATS[what].map(({ format, label, title }) => {
        const busy = download.isPending && download.variables === format;
        return (
          <Button
            key={format}
            title={title}
            startIcon={busy ? <CircularProgress size={16} aria-label={`Downloading ${format.toUpperCase()}`} /> : <Download />}
            disabled={download.isPending}
            onClick={() => {
              download.mutate(format);
            }}
          >
            {label}
          </Button>
        );
      })}
    </>
  );
}
