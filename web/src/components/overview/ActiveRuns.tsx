import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import LinearProgress from "@mui/material/LinearProgress";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { Link as RouterLink } from "react-router";
import type { Stats } from "../../api/stats";
import { useActiveProgress, type ExecutionProgress } from "../../live";
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

/** A run as the overview last fetched it, with the counters of its latest progress event. */
export function withLiveProgress(run: Active, live: ExecutionProgress | undefined): Active {
  if (!live) return run;
  return {
    ...run,
    status: live.status,
    progress_percentage: live.progress_percentage,
    files_synced: live.files_synced,
    total_files: live.total_files,
    bytes_transferred: live.bytes_transferred,
    total_bytes: live.total_bytes,
    current_file: live.current_files[0] ?? null,
    speed_bps: live.speed_bps,
    eta_seconds: live.eta_seconds,
  };
}

/** Queued and running runs; their bars move with the live progress events. */
export function ActiveRuns({ runs: fetched }: { runs: Stats["active_executions"] }) {
  const live = useActiveProgress();
  const runs = fetched.map((run) => withLiveProgress(run, live.get(run.id)));
  if (!runs.length) return <Typography color="text.secondary">No run is queued or running.</Typography>;
  return (
    <Stack spacing={2}>
      {runs.map((run) => (
        <Box key={run.id}>
          <Box sx={{ display: "flex", justifyContent: "space-between", gap: 1, alignItems: "center" }}>
            <Link
              component={RouterLink}
              to={`/executions/${run.id}`}
              sx={{ fontWeight: 600, overflow: "hidden", textOverflow: "ellipsis" }}
            >
              {run.session_name}
            </Link>
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
