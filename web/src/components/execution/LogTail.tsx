import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Skeleton from "@mui/material/Skeleton";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useCallback, useMemo, useState } from "react";
import { executionQueries } from "../../api/executions";
import { QueryError } from "../common/QueryError";
import { useLiveEvents, type LiveEvent } from "../../live";
import { MAX_TAIL_LINES, mergeLines, tailLine, type LogLevel, type TailLine } from "./logLines";
import { useFollowEnd } from "./useFollowEnd";

const LOG_EVENTS: readonly LiveEvent["type"][] = ["log"];

/** Each level's colour, from the theme (readable in light and dark mode). */
const LEVEL_COLOR: Record<LogLevel, string> = {
  debug: "text.secondary",
  info: "info.main",
  warning: "warning.main",
  error: "error.main",
};

const TIME = new Intl.DateTimeFormat("en", { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

function Line({ line }: { line: TailLine }) {
  const loud = line.level === "warning" || line.level === "error";
  return (
    <Box component="li" sx={{ display: "flex", gap: 1, alignItems: "baseline", py: 0.25 }}>
      <Box component="time" dateTime={line.timestamp} sx={{ color: "text.secondary", flex: "none" }}>
        {Number.isNaN(line.time) ? "" : TIME.format(line.time)}
      </Box>
      <Box component="span" sx={{ color: LEVEL_COLOR[line.level], fontWeight: 600, flex: "none", minWidth: "7ch" }}>
        {line.level.toUpperCase()}
      </Box>
      <Box component="span" sx={{ color: loud ? LEVEL_COLOR[line.level] : "text.primary", overflowWrap: "anywhere" }}>
        {line.message}
      </Box>
    </Box>
  );
}

/**
 * The run's log as it is written: the stored lines first (so a page opened mid-run shows what
 * came before), then each live `log` event. It follows the newest line until the user scrolls up.
 */
export function LogTail({ executionId }: { executionId: string }) {
  const stored = useQuery(executionQueries.logs(executionId));
  const [live, setLive] = useState<readonly TailLine[]>([]);

  const onEvent = useCallback((event: LiveEvent) => {
    if (event.type !== "log") return;
    const line = tailLine(event.data.level, event.data.message, event.data.timestamp);
    setLive((lines) => [...lines.slice(-(MAX_TAIL_LINES - 1)), line]);
  }, []);
  useLiveEvents(onEvent, { executionId, types: LOG_EVENTS });

  const lines = useMemo(
    () => mergeLines((stored.data ?? []).map((row) => tailLine(row.level, row.message, row.timestamp)), live),
    [stored.data, live],
  );
  const { ref, following, onScroll, follow } = useFollowEnd<HTMLDivElement>(lines);

  if (stored.isPending && !live.length) return <Skeleton variant="rounded" height={240} aria-label="Loading the log" />;
  return (
    <Box sx={{ display: "grid", gap: 1 }}>
      {stored.isError ? (
        <QueryError what="The earlier log lines" error={stored.error} retry={() => void stored.refetch()} />
      ) : null}
      <Box
        ref={ref}
        onScroll={onScroll}
        role="log"
        aria-label="Log of this run"
        tabIndex={0}
        sx={{
          height: { xs: 240, md: 320 },
          overflow: "auto",
          border: 1,
          borderColor: "divider",
          borderRadius: 1,
          px: 1.5,
          py: 1,
          fontFamily: "monospace",
          fontSize: "0.8125rem",
          "&:focus-visible": { outline: 2, outlineColor: "primary.main", outlineStyle: "solid" },
        }}
      >
        {lines.length ? (
          <Box component="ol" sx={{ listStyle: "none", m: 0, p: 0 }}>
            {lines.map((line) => (
              <Line key={line.key} line={line} />
            ))}
          </Box>
        ) : (
          <Typography color="text.secondary" variant="body2">
            No log line yet.
          </Typography>
        )}
      </Box>
      <Box sx={{ display: "flex", justifyContent: "space-between", alignItems: "center", gap: 1, minHeight: 32 }}>
        <Typography variant="caption" color="text.secondary">
          {following ? "Following new lines." : "Scrolled up: new lines do not move the view."}
        </Typography>
        {following ? null : (
          <Button size="small" onClick={follow}>
            Jump to the newest line
          </Button>
        )}
      </Box>
    </Box>
  );
}
