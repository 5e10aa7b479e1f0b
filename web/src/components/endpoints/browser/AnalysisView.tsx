import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Skeleton from "@mui/material/Skeleton";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import { lazy, Suspense, type ReactNode } from "react";
import type { Analysis } from "../../../api/endpoints";
import { formatBytes, formatCount, formatDateTime, formatDuration } from "../../../lib/format";

// recharts in its own chunk, fetched only when an analysis is shown.
const SizeHistogramChart = lazy(() => import("./SizeHistogramChart"));

function Figure({ label, value }: { label: string; value: ReactNode }) {
  return (
    <Box role="group" aria-label={label} sx={{ minWidth: 0 }}>
      <Typography variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography variant="h3" component="p" sx={{ fontSize: "1.35rem", overflowWrap: "anywhere" }}>
        {value}
      </Typography>
    </Box>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Box component="section" aria-label={title} sx={{ minWidth: 0, display: "grid", gap: 1, alignContent: "start" }}>
      <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
        {title}
      </Typography>
      {children}
    </Box>
  );
}

/** A breakdown (by extension or by top folder) as a small table: key, files, bytes. */
function Breakdown({
  rows,
  label,
  keyHeader,
  keyLabel,
}: {
  rows: Analysis["by_extension"];
  label: string;
  keyHeader: string;
  keyLabel: (key: string) => string;
}) {
  if (!rows.length) return <Typography color="text.secondary">No file here.</Typography>;
  return (
    <Box sx={{ overflowX: "auto" }}>
      <Table size="small" aria-label={label}>
        <TableHead>
          <TableRow>
            <TableCell>{keyHeader}</TableCell>
            <TableCell align="right">Files</TableCell>
            <TableCell align="right">Size</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.key}>
              <TableCell sx={{ overflowWrap: "anywhere" }}>{keyLabel(row.key)}</TableCell>
              <TableCell align="right">{formatCount(row.count)}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
                {formatBytes(row.bytes)}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** An analysis of a folder: totals, size histogram, largest files, breakdowns, transfer estimate. */
export function AnalysisView({ analysis }: { analysis: Analysis }) {
  const classes = Object.entries(analysis.storage_classes).filter(([name]) => name !== "unknown");
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      {analysis.truncated ? (
        <Alert severity="warning">
          The folder holds more entries than one analysis walks: these figures cover only the first part of it.
        </Alert>
      ) : null}
      <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: { xs: "1fr 1fr", md: "repeat(4, minmax(0, 1fr))" } }}>
        <Figure label="Files" value={formatCount(analysis.object_count)} />
        <Figure label="Total size" value={formatBytes(analysis.total_size)} />
        <Figure
          label="Estimated transfer time"
          value={
            analysis.estimated_transfer_seconds === null ? "—" : formatDuration(analysis.estimated_transfer_seconds)
          }
        />
        <Figure
          label="Newest change"
          value={analysis.newest_modified ? formatDateTime(analysis.newest_modified) : "—"}
        />
      </Box>
      <Typography variant="body2" color="text.secondary">
        {analysis.estimated_transfer_seconds === null
          ? "No recent completed run moved data, so there is no speed to estimate the transfer time from. "
          : "The transfer time is estimated from the speed of recent runs. "}
        {analysis.oldest_modified ? `Oldest change: ${formatDateTime(analysis.oldest_modified)}. ` : ""}
        {analysis.unknown_size_count
          ? `${formatCount(analysis.unknown_size_count)} files have no known size and are not in the total.`
          : ""}
      </Typography>
      <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", md: "repeat(2, minmax(0, 1fr))" } }}>
        <Section title="Files by size">
          {analysis.object_count ? (
            <Suspense fallback={<Skeleton variant="rounded" height={220} />}>
              <SizeHistogramChart buckets={analysis.size_histogram} />
            </Suspense>
          ) : (
            <Typography color="text.secondary">No file here.</Typography>
          )}
        </Section>
        <Section title="Largest files">
          {analysis.largest_files.length ? (
            <Box sx={{ overflowX: "auto" }}>
              <Table size="small" aria-label="Largest files">
                <TableHead>
                  <TableRow>
                    <TableCell>File</TableCell>
                    <TableCell align="right">Size</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {analysis.largest_files.map((file) => (
                    <TableRow key={file.path}>
                      <TableCell sx={{ overflowWrap: "anywhere" }}>{file.path}</TableCell>
                      <TableCell align="right" sx={{ whiteSpace: "nowrap" }}>
                        {formatBytes(file.size)}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </Box>
          ) : (
            <Typography color="text.secondary">No file here.</Typography>
          )}
        </Section>
        <Section title="By extension">
          <Breakdown
            rows={analysis.by_extension}
            label="By extension"
            keyHeader="Extension"
            keyLabel={(key) => (key ? key : "(no extension)")}
          />
        </Section>
        <Section title="By top folder">
          <Breakdown
            rows={analysis.by_folder}
            label="By top folder"
            keyHeader="Folder"
            keyLabel={(key) => (key ? `${key}/` : "(files directly here)")}
          />
        </Section>
      </Box>
      {classes.length ? (
        <Section title="Storage classes">
          <Typography>
            {classes
              .map(([name, totals]) => `${name}: ${formatCount(totals.count)} files, ${formatBytes(totals.bytes)}`)
              .join(" · ")}
          </Typography>
        </Section>
      ) : null}
    </Box>
  );
}
