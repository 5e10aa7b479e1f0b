import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import type { Execution } from "../../api/executions";
import { TRIGGER_LABEL } from "./trigger";
import { formatBytes, formatCount, formatDateTime, formatDuration, formatRelativeTime } from "../../lib/format";

function time(value: string | null): string {
  return value ? `${formatDateTime(value)} (${formatRelativeTime(value)})` : "—";
}

/** A run's figures as a definition list: when, how long, files and bytes, errors. */
export function RunFacts({ run }: { run: Execution }) {
  const files =
    run.total_files && run.total_files !== run.files_synced
      ? `${formatCount(run.files_synced)} of ${formatCount(run.total_files)} copied`
      : `${formatCount(run.files_synced)} copied`;
  const facts: [string, string][] = [
    ["Trigger", TRIGGER_LABEL[run.trigger]],
    ["Created", time(run.created_at)],
    ["Started", time(run.started_at)],
    ["Finished", time(run.finished_at)],
    ["Duration", run.duration_seconds === null ? "—" : formatDuration(run.duration_seconds)],
    ["Files", files],
    ["Bytes", formatBytes(run.bytes_transferred)],
    ["Deleted", formatCount(run.files_deleted)],
    ["Unchanged", formatCount(run.files_skipped)],
    ["Failed", formatCount(run.files_failed)],
    ["Conflicts", formatCount(run.conflicts)],
    ["Errors", formatCount(run.error_count)],
  ];
  return (
    <Box
      component="dl"
      sx={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: 2, rowGap: 0.5, m: 0 }}
    >
      {facts.map(([term, value]) => (
        <Box key={term} sx={{ display: "contents" }}>
          <Typography component="dt" variant="body2" color="text.secondary">
            {term}
          </Typography>
          <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: "anywhere" }}>
            {value}
          </Typography>
        </Box>
      ))}
    </Box>
  );
}
