import Box from "@mui/material/Box";
import type { OverviewFigures } from "../../api/stats";
import { formatBytes, formatCount, formatRate } from "../../lib/format";
import { StatCard } from "./StatCard";

interface Props {
  figures: OverviewFigures;
  days: number;
  /** Endpoints the health monitor found offline; undefined while unknown. */
  offline: number | undefined;
}

/** The overview's figures as a grid of cards (two columns on a phone). */
export function OverviewCards({ figures, days, offline }: Props) {
  return (
    <Box sx={{ display: "grid", gap: 2, gridTemplateColumns: "repeat(auto-fill, minmax(min(140px, 45%), 1fr))" }}>
      <StatCard label="Sessions" value={formatCount(figures.sessions)} />
      <StatCard label="Active runs" value={formatCount(figures.activeRuns)} hint="queued or running" />
      <StatCard label="Runs today" value={formatCount(figures.runsToday)} hint="UTC day" />
      <StatCard label="Success rate" value={formatRate(figures.successRate)} hint={`last ${days} days`} />
      <StatCard label="Moved today" value={formatBytes(figures.bytesToday)} />
      <StatCard label="Moved this week" value={formatBytes(figures.bytesThisWeek)} hint="last 7 days" />
      <StatCard
        label="Endpoints offline"
        value={offline === undefined ? "—" : formatCount(offline)}
        hint="last health check"
      />
    </Box>
  );
}
