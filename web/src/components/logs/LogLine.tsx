import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import { memo } from "react";
import { Link as RouterLink } from "react-router";
import { formatDateTime } from "../../lib/format";
import { LevelChip } from "./LevelChip";
import type { LogItem } from "./logStream";

const CLOCK = new Intl.DateTimeFormat("en", {
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  fractionalSecondDigits: 3,
  hourCycle: "h23",
});

const DAY = new Intl.DateTimeFormat("en", { month: "short", day: "numeric" });

/** `HH:MM:SS.mmm` in the browser's time zone, after the day (`Dec 1`) unless it is today; the full date is the tooltip. */
function clock(time: number): string {
  if (Number.isNaN(time)) return "—";
  const date = new Date(time);
  const today = new Date().toDateString() === date.toDateString();
  return today ? CLOCK.format(date) : `${DAY.format(date)} ${CLOCK.format(date)}`;
}

function shortId(id: string): string {
  return id.slice(0, 8);
}

/**
 * One line: time, level, message (monospace, wrapped), and links to its session and run. On a
 * phone the message goes under the time and level.
 */
export const LogLine = memo(function LogLine({
  item,
  sessionName,
}: {
  item: LogItem;
  sessionName: string | undefined;
}) {
  return (
    <Box
      component="li"
      sx={{
        display: "grid",
        gridTemplateColumns: { xs: "auto 1fr", md: "auto auto minmax(0, 1fr) auto" },
        columnGap: 1.5,
        rowGap: 0.5,
        alignItems: "baseline",
        px: 1.5,
        py: 0.75,
        borderBottom: 1,
        borderColor: "divider",
      }}
    >
      <Box
        component="time"
        dateTime={item.timestamp}
        title={Number.isNaN(item.time) ? item.timestamp : formatDateTime(item.timestamp)}
        sx={{ fontFamily: "monospace", fontSize: "0.8125rem", color: "text.secondary", whiteSpace: "nowrap" }}
      >
        {clock(item.time)}
      </Box>
      <LevelChip level={item.level} />
      <Box
        sx={{
          gridColumn: { xs: "1 / -1", md: "auto" },
          fontFamily: "monospace",
          fontSize: "0.8125rem",
          whiteSpace: "pre-wrap",
          overflowWrap: "anywhere",
          minWidth: 0,
        }}
      >
        {item.message}
      </Box>
      {item.session_id || item.execution_id ? (
        <Box
          sx={{
            gridColumn: { xs: "1 / -1", md: "auto" },
            display: "flex",
            gap: 1.5,
            fontSize: "0.8125rem",
            whiteSpace: "nowrap",
            justifySelf: { md: "end" },
          }}
        >
          {item.session_id ? (
            <Link component={RouterLink} to={`/sessions/${item.session_id}`}>
              {sessionName ?? `Session ${shortId(item.session_id)}`}
            </Link>
          ) : null}
          {item.execution_id ? (
            <Link
              component={RouterLink}
              to={`/executions/${item.execution_id}`}
              title={`Run ${item.execution_id}`}
            >
              Run {shortId(item.execution_id)}
            </Link>
          ) : null}
        </Box>
      ) : null}
    </Box>
  );
});
