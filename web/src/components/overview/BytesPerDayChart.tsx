import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Stats } from "../../api/stats";
import { formatBytes, formatDay } from "../../lib/format";
import { ANIMATE, useChartPalette } from "./chartStyle";

/** Bytes moved per UTC day (recharts; its own chunk, shared with the other overview charts). */
export default function BytesPerDayChart({ daily, summary }: { daily: Stats["daily"]; summary: string }) {
  const { palette } = useChartPalette();
  return (
    <ResponsiveContainer width="100%" height={220}>
      <AreaChart data={daily} margin={{ top: 8, right: 8, bottom: 0, left: 8 }} title="Bytes moved per day" desc={summary}>
        <CartesianGrid vertical={false} stroke={palette.divider} />
        <XAxis
          dataKey="date"
          tickFormatter={formatDay}
          minTickGap={24}
          tick={{ fill: palette.text.secondary, fontSize: 12 }}
          stroke={palette.divider}
        />
        <YAxis
          tickFormatter={(value: number) => formatBytes(value)}
          width={72}
          tick={{ fill: palette.text.secondary, fontSize: 12 }}
          stroke={palette.divider}
        />
        <Tooltip
          labelFormatter={(label) => (typeof label === "string" ? formatDay(label) : label)}
          formatter={(value) => [formatBytes(Number(value)), "Moved"]}
          contentStyle={{ background: palette.background.paper, borderColor: palette.divider }}
          isAnimationActive={ANIMATE}
        />
        <Area
          type="monotone"
          dataKey="bytes_transferred"
          stroke={palette.primary.main}
          fill={palette.primary.main}
          fillOpacity={0.2}
          isAnimationActive={ANIMATE}
        />
      </AreaChart>
    </ResponsiveContainer>
  );
}
