import { useTheme } from "@mui/material/styles";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ExecutionStatus } from "../../api/executions";
import type { Stats } from "../../api/stats";
import { formatDay } from "../../lib/format";
import { CHART_STATUSES, STATUS } from "../executions/status";

type PaletteKey = "success" | "warning" | "error" | "info" | "secondary" | "grey";

const COLOURS: Record<ExecutionStatus, PaletteKey> = {
  completed: "success",
  completed_with_differences: "warning",
  failed: "error",
  interrupted: "secondary",
  cancelled: "grey",
  running: "info",
  queued: "grey",
};

/**
 * Charts animate on mount; a browser under test (navigator.webdriver) and anyone who asks for
 * reduced motion get the final frame at once (a screenshot once caught a half-drawn chart).
 */
const ANIMATE = !globalThis.navigator.webdriver && !globalThis.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** Runs per UTC day, stacked by status (recharts; loaded with the overview, not the first page). */
export default function RunsPerDayChart({ daily, summary }: { daily: Stats["daily"]; summary: string }) {
  const theme = useTheme();
  const palette = theme.vars?.palette ?? theme.palette;
  const colour = (status: ExecutionStatus) => {
    const key = COLOURS[status];
    if (key === "grey") return status === "queued" ? palette.grey[400] : palette.grey[600];
    return palette[key].main;
  };
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
