import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { Link as RouterLink } from "react-router";
import { TYPE_LABELS } from "../../api/backends";
import type { Endpoint } from "../../api/endpoints";
import { ConnectionStatusChip } from "./ConnectionStatusChip";
import { EndpointRowMenu } from "./EndpointRowMenu";
import { LastCheck } from "./LastCheck";
import { formatLatency } from "./status";
import type { EndpointActions } from "./useEndpointActions";
import { VISUALLY_HIDDEN } from "./visuallyHidden";

/** Columns a phone does not show; type, last check and error move under the name there. */
const WIDE_ONLY = { display: { xs: "none", md: "table-cell" } } as const;
const NARROW_ONLY = { display: { xs: "block", md: "none" } } as const;


/**
 * The endpoints with type, status, last check, latency and last error; each name opens the
 * endpoint. `actions` (operators only) adds a menu per row.
 */
export function EndpointTable({
  endpoints,
  now,
  actions,
}: {
  endpoints: readonly Endpoint[];
  now: Date;
  actions?: EndpointActions;
}) {
  return (
    <Table size="small" aria-label="Endpoints" sx={{ tableLayout: "fixed" }}>
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell sx={{ ...WIDE_ONLY, width: 110 }}>Type</TableCell>
          <TableCell sx={{ width: { xs: 116, md: 120 } }}>Status</TableCell>
          <TableCell sx={{ ...WIDE_ONLY, width: 150 }}>Last check</TableCell>
          <TableCell align="right" sx={{ ...WIDE_ONLY, width: 90 }}>
            Latency
          </TableCell>
          <TableCell sx={WIDE_ONLY}>Error</TableCell>
          {actions ? (
            <TableCell sx={{ width: 56 }}>
              <Box component="span" sx={VISUALLY_HIDDEN}>
                Actions
              </Box>
            </TableCell>
          ) : null}
        </TableRow>
      </TableHead>
      <TableBody>
        {endpoints.map((endpoint) => (
          <TableRow key={endpoint.id} hover>
            <TableCell sx={{ overflowWrap: "anywhere" }}>
              <Link component={RouterLink} to={`/endpoints/${endpoint.id}`} sx={{ fontWeight: 500 }}>
                {endpoint.name}
              </Link>
              <Typography variant="caption" color="text.secondary" sx={NARROW_ONLY}>
                {TYPE_LABELS[endpoint.endpoint_type]} · checked <LastCheck time={endpoint.last_health_check} now={now} />
                {endpoint.last_latency_ms !== null ? ` · ${formatLatency(endpoint.last_latency_ms)}` : null}
              </Typography>
              {endpoint.last_error ? (
                <Typography variant="caption" color="error" sx={NARROW_ONLY}>
                  {endpoint.last_error}
                </Typography>
              ) : null}
            </TableCell>
            <TableCell sx={WIDE_ONLY}>{TYPE_LABELS[endpoint.endpoint_type]}</TableCell>
            <TableCell>
              <ConnectionStatusChip status={endpoint.connection_status} />
            </TableCell>
            <TableCell sx={WIDE_ONLY}>
              <LastCheck time={endpoint.last_health_check} now={now} />
            </TableCell>
            <TableCell align="right" sx={{ ...WIDE_ONLY, whiteSpace: "nowrap" }}>
              {formatLatency(endpoint.last_latency_ms)}
            </TableCell>
            <TableCell sx={{ ...WIDE_ONLY, overflowWrap: "anywhere" }}>
              {endpoint.last_error ? (
                <Typography variant="body2" color="error">
                  {endpoint.last_error}
                </Typography>
              ) : (
                "—"
              )}
            </TableCell>
            {actions ? (
              <TableCell padding="none" sx={{ textAlign: "center" }}>
                <EndpointRowMenu endpoint={endpoint} actions={actions} />
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
