import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { errorMessage } from "../../api/errors";
import { isFiltered, type LogFilter } from "../../api/logs";
import { sessionQueries } from "../../api/sessions";
import { PageLoader } from "../common/PageLoader";
import { QueryError } from "../common/QueryError";
import { formatCount } from "../../lib/format";
import { LogLine } from "./LogLine";
import { HARD_CAP } from "./logStream";
import type { useLogStream } from "./useLogStream";

/** Session names by id, for the lines' links (the first 500 sessions; others show a short id). */
function useSessionNames(): ReadonlyMap<string, string> {
  const sessions = useQuery(sessionQueries.list({ limit: 500 }));
  return useMemo(() => new Map(sessions.data?.data.map((session) => [session.id, session.name])), [sessions.data]);
}

/** "12 new lines — Resume": what the pause holds back. */
function HeldBanner({ count, onResume }: { count: number; onResume: () => void }) {
  return (
    <Alert
      severity="info"
      action={
        <Button color="inherit" size="small" onClick={onResume}>
          Resume
        </Button>
      }
    >
      {count ? `${formatCount(count)} new ${count === 1 ? "line" : "lines"} held while paused.` : "Paused: new lines are held until you resume."}
    </Alert>
  );
}

/** The stream's lines with the pause banner above and "Load older" below. */
export function LogStreamView({ filter, stream }: { filter: LogFilter; stream: ReturnType<typeof useLogStream> }) {
  const names = useSessionNames();
  const { state, latest, older } = stream;
  if (!state.lines.length && !state.held.length) {
    if (latest.isPending) return <PageLoader label="Loading log lines…" />;
    if (latest.isError) return <QueryError what="The log lines" error={latest.error} retry={() => void latest.refetch()} />;
  }
  return (
    <Box sx={{ display: "grid", gap: 2 }}>
      <Box aria-live="polite">{state.paused ? <HeldBanner count={state.heldCount} onResume={stream.resume} /> : null}</Box>
      {latest.isError ? <QueryError what="The newest lines" error={latest.error} retry={() => void latest.refetch()} /> : null}
      {state.lines.length ? (
        <Card sx={{ minWidth: 0 }}>
          <Box component="ol" aria-label="Log lines" sx={{ listStyle: "none", m: 0, p: 0 }}>
            {state.lines.map((item) => (
              <LogLine key={item.key} item={item} sessionName={item.session_id ? names.get(item.session_id) : undefined} />
            ))}
          </Box>
        </Card>
      ) : (
        <Typography color="text.secondary">
          {isFiltered(filter)
            ? "No log line matches these filters. New lines that match appear here as they are written."
            : "No log line yet. The lines of every run appear here as they are written."}
        </Typography>
      )}
      <Box sx={{ display: "flex", flexWrap: "wrap", gap: 2, alignItems: "center" }}>
        <Typography variant="body2" color="text.secondary">
          {formatCount(state.lines.length)} {state.lines.length === 1 ? "line" : "lines"} shown
          {latest.data ? ` · ${formatCount(latest.data.pagination.total)}${latest.data.pagination.total_capped ? "+" : ""} matching when loaded` : ""}
        </Typography>
        {stream.canLoadOlder ? (
          <Button variant="outlined" onClick={stream.loadOlder} disabled={older.isPending}>
            {older.isPending ? "Loading…" : "Load older"}
          </Button>
        ) : state.lines.length >= HARD_CAP ? (
          <Typography variant="body2" color="text.secondary">
            The page keeps at most {formatCount(HARD_CAP)} lines: narrow the filters or export them.
          </Typography>
        ) : state.exhausted && state.lines.length ? (
          <Typography variant="body2" color="text.secondary">
            No older line.
          </Typography>
        ) : null}
        {older.isError ? (
          <Typography variant="body2" color="error" role="alert">
            Older lines could not be loaded: {errorMessage(older.error)}
          </Typography>
        ) : null}
      </Box>
    </Box>
  );
}
