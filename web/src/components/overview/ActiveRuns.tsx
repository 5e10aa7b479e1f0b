import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Stats } from "../../api/stats";
import { formatBytes, formatCount, formatDuration } from "../../lib/format";
import { StatusChip } from "../executions/StatusChip";

type Active = Stats["active_executions"][number];

function progressLine(run: Active): string {
  const parts = [`${formatCount(run.files_synced)} / ${formatCount(run.total_files)} files`];
  parts.push(`${formatBytes(run.bytes_transferred)} of ${formatBytes(run.total_bytes)}`);
  if (run.speed_bps) parts.push(`${formatBytes(run.speed_bps)}/s`);
  if (run.eta_seconds) parts.push(`${formatDuration(run.eta_seconds)} left`);
  return parts.join(" · ");
}

/** Queued and running runs with their progress (refreshed every 2 s while any is active). */
export function ActiveRuns({ runs }: { runs: Stats["active_executions"] }) {
  if (!runs.length) return <Typography color="text.secondary">No run is queued or running.</Typography>;
  return (
    <Stack spacing={2}>
      {runs.map((run) => (
        <Box key={run.id}>
          <Box sx={{ display: "flex", justifyContent: "space-between", gap: 1, alignItems: "center" }}>
            <Typography sx={{ fontWeight: 600, overflow: "hidden", textOverflow: "ellipsis" }}>
              {run.session_name}
            </Typography>
            <StatusChip status={run.status} />
          </Box>
          <LinearProgress
            variant={run.status === "queued" ? "indeterminate" : "determinate"}
            value={run.progress_percentage}
            aria-label={`${run.session_name}: ${Math.round(run.progress_percentage)}% done`}
            sx={{ my: 1 }}
          />
          <Typography variant="body2" color="text.secondary">
            {progressLine(run)}
          </Typography>
        </Box>
      ))}
    </Stack>
  );
}
