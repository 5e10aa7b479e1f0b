import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExecutionStatus } from "../../api/executions";
import type { Stats } from "../../api/stats";
import { formatDay } from "../../lib/format";
import { CHART_STATUSES, STATUS } from "../executions/status";
import { ANIMATE, useChartPalette } from "./chartStyle";

/** Runs per UTC day, stacked by status (recharts; loaded with the overview, not the first page). */
export default function RunsPerDayChart({ daily, summary }: { daily: Stats["daily"]; summary: string }) {
  const { palette, statusColour: colour } = useChartPalette();
  const present = CHART_STATUSES.filter((status) => daily.some((day) => day[status] > 0));
  return (
    <ResponsiveContainer width="100%" height={260}>
      <BarChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} title="Runs per day" desc={summary}>
        <CartesianGrid vertical={false} stroke={palette.divider} />
        <XAxis
          dataKey="date"
          tickFormatter={formatDay}
          minTickGap={24}
          tick={{ fill: palette.text.secondary, fontSize: 12 }}
          stroke={palette.divider}
        />
        <YAxis allowDecimals={false} tick={{ fill: palette.text.secondary, fontSize: 12 }} stroke={palette.divider} />
        <Tooltip
          labelFormatter={(label) => (typeof label === "string" ? formatDay(label) : label)}
          contentStyle={{ background: palette.background.paper, borderColor: palette.divider }}
          cursor={{ fill: palette.action.hover }}
          isAnimationActive={ANIMATE}
        />
        <Legend formatter={(value) => STATUS[value as ExecutionStatus].label} wrapperStyle={{ fontSize: 13 }} />
        {present.map((status) => (
          <Bar key={status} dataKey={status} stackId="runs" fill={colour(status)} isAnimationActive={ANIMATE} />
        ))}
      </BarChart>
    </ResponsiveContainer>
  );
}
