import Tooltip from "@mui/material/Tooltip";
import { formatDateTime, formatRelativeTime } from "../../lib/format";

/** When the endpoint was last checked, relative ("3 minutes ago"), the full time in a tooltip. */
export function LastCheck({ time, now }: { time: string | null; now?: Date }) {
  if (!time) return <span>Never</span>;
  return (
    <Tooltip title={formatDateTime(time)} describeChild>
      <time dateTime={time}>{formatRelativeTime(time, now)}</time>
    </Tooltip>
  );
}
