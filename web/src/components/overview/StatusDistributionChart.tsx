import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { Pie, PieChart, ResponsiveContainer, Tooltip } from "recharts";
import type { ExecutionStatus } from "../../api/executions";
import { formatCount } from "../../lib/format";
import { CHART_STATUSES, STATUS } from "../executions/status";
import { ANIMATE, useChartPalette } from "./chartStyle";

/** The statuses present in a distribution, in chart order, with their counts. */
export function distributionRows(distribution: Record<string, number>): { status: ExecutionStatus; count: number }[] {
  return CHART_STATUSES.filter((status) => (distribution[status] ?? 0) > 0).map((status) => ({
    status,
    count: distribution[status] ?? 0,
  }));
}

/** How the period's runs ended: a donut with a legend that also carries the numbers (readable without colour). */
export default function StatusDistributionChart({ distribution }: { distribution: Record<string, number> }) {
  const { palette, statusColour } = useChartPalette();
  const rows = distributionRows(distribution);
  return (
    <Box sx={{ display: "flex", alignItems: "center", gap: 2, flexWrap: "wrap" }}>
      <Box sx={{ width: 180, height: 180 }} aria-hidden>
        <ResponsiveContainer width="100%" height="100%">
          <PieChart accessibilityLayer={false}>
            <Pie
              // Each slice takes the `fill` of its data entry (recharts 3; `Cell` is deprecated).
              data={rows.map((row) => ({ ...row, fill: statusColour(row.status) }))}
              dataKey="count"
              nameKey="status"
              rootTabIndex={-1} // the legend beside it carries the numbers; the slices need no focus
              innerRadius={50}
              outerRadius={80}
              stroke={palette.background.paper}
              isAnimationActive={ANIMATE}
            />
            <Tooltip
              formatter={(value, name) => [formatCount(Number(value)), STATUS[name as ExecutionStatus].label]}
              contentStyle={{ background: palette.background.paper, borderColor: palette.divider }}
              isAnimationActive={ANIMATE}
            />
          </PieChart>
        </ResponsiveContainer>
      </Box>
      <Box component="ul" sx={{ listStyle: "none", p: 0, m: 0, display: "grid", gap: 0.5 }}>
        {rows.map((row) => (
          <Box component="li" key={row.status} sx={{ display: "flex", alignItems: "center", gap: 1 }}>
            <Box sx={{ width: 12, height: 12, borderRadius: "2px", bgcolor: statusColour(row.status) }} />
            <Typography variant="body2">
              {STATUS[row.status].label}: <strong>{formatCount(row.count)}</strong>
            </Typography>
          </Box>
        ))}
      </Box>
    </Box>
  );
}
