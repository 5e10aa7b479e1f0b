import Link from "@mui/material/Link";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { Link as RouterLink } from "react-router";
import type { Stats } from "../../api/stats";
import { formatBytes, formatDateTime, formatRelativeTime } from "../../lib/format";
import { StatusChip } from "../executions/StatusChip";

/** Columns a phone does not show; the time moves under the session's name there. */
const WIDE_ONLY = { display: { xs: "none", sm: "table-cell" } } as const;
const NARROW_ONLY = { display: { xs: "block", sm: "none" } } as const;

function When({ time, now }: { time: string; now: Date }) {
  return (
    <time dateTime={time} title={formatDateTime(time)}>
      {formatRelativeTime(time, now)}
    </time>
  );
}

/** The last runs (newest first) with their status chips, each opening its monitor; two columns on a phone. */
export function RecentExecutions({ runs, now }: { runs: Stats["recent_executions"]; now: Date }) {
  if (!runs.length) {
    return <Typography color="text.secondary">No run yet. Runs of every session appear here.</Typography>;
  }
  return (
    <Table size="small" aria-label="Recent runs" sx={{ tableLayout: "fixed" }}>
      <TableHead>
        <TableRow>
          <TableCell>Session</TableCell>
          <TableCell sx={{ width: { xs: 120, sm: 160 } }}>Status</TableCell>
          <TableCell sx={{ ...WIDE_ONLY, width: 160 }}>Created</TableCell>
          <TableCell align="right" sx={{ ...WIDE_ONLY, width: 120 }}>
            Moved
          </TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {runs.map((run) => (
          <TableRow key={run.id}>
            <TableCell sx={{ overflowWrap: "anywhere" }}>
              <Link component={RouterLink} to={`/executions/${run.id}`} aria-label={`${run.session_name}: open this run`}>
                {run.session_name}
              </Link>
              <Typography variant="caption" color="text.secondary" sx={NARROW_ONLY}>
                <When time={run.created_at} now={now} /> · {formatBytes(run.bytes_transferred)}
              </Typography>
            </TableCell>
            <TableCell>
              <StatusChip status={run.status} />
            </TableCell>
            <TableCell sx={WIDE_ONLY}>
              <When time={run.created_at} now={now} />
            </TableCell>
            <TableCell align="right" sx={{ ...WIDE_ONLY, whiteSpace: "nowrap" }}>
              {formatBytes(run.bytes_transferred)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
