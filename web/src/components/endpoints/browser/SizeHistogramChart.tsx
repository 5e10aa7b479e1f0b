import { useTheme } from "@mui/material/styles";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Analysis } from "../../../api/endpoints";
import { formatCount } from "../../../lib/format";

/** As on the overview: no animation under test (navigator.webdriver) or with reduced motion asked for. */
const ANIMATE = !globalThis.navigator.webdriver && !globalThis.matchMedia("(prefers-reduced-motion: reduce)").matches;

/** Files per size bucket (recharts: its own chunk, loaded when an analysis is shown). */
export default function SizeHistogramChart({ buckets }: { buckets: Analysis["size_histogram"] }) {
  const theme = useTheme();
  const palette = theme.vars?.palette ?? theme.palette;
  const summary = buckets.map((bucket) => `${bucket.label}: ${formatCount(bucket.count)} files`).join("; ");
  return (
    <ResponsiveContainer width="100%" height={220}>
      <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} title="Files by size" desc={summary}>
        <CartesianGrid vertical={false} stroke={palette.divider} />
        <XAxis
          dataKey="label"
          interval={0}
          angle={-30}
          textAnchor="end"
          height={56}
          tick={{ fill: palette.text.secondary, fontSize: 11 }}
          stroke={palette.divider}
        />
        <YAxis allowDecimals={false} tick={{ fill: palette.text.secondary, fontSize: 12 }} stroke={palette.divider} />
        <Tooltip
          formatter={(value) => [formatCount(Number(value)), "Files"]}
          contentStyle={{ background: palette.background.paper, borderColor: palette.divider }}
          cursor={{ fill: palette.action.hover }}
          isAnimationActive={ANIMATE}
        />
        <Bar dataKey="count" name="Files" fill={palette.primary.main} isAnimationActive={ANIMATE} />
      </BarChart>
    </ResponsiveContainer>
  );
}
