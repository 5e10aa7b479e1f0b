import PauseIcon from "@mui/icons-material/Pause";
import PlayArrowIcon from "@mui/icons-material/PlayArrow";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import { useCallback, useMemo } from "react";
import { useSearchParams } from "react-router";
import { filterFromSearch, searchWithFilter, type LogFilter } from "../api/logs";
import { PageHeader } from "../components/common/PageHeader";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { ExportMenu } from "../components/logs/ExportMenu";
import { LogFilters } from "../components/logs/LogFilters";
import { LogStreamView } from "../components/logs/LogStreamView";
import { useLogStream } from "../components/logs/useLogStream";
import { useLiveConnection } from "../live";

const CONNECTION_WORDS = {
  connecting: "connecting to the live stream…",
  live: "new lines appear as they are written",
  reconnecting: "reconnecting to the live stream…",
  offline: "the live stream is offline; showing stored lines",
} as const;

/** The service's log: the newest lines, then live ones, with filters (in the URL), pause and export. */
export default function LogsPage() {
  useDocumentTitle("Logs");
  const [params, setParams] = useSearchParams();
  const filter = useMemo(() => filterFromSearch(params), [params]);
  const setFilter = useCallback(
    (next: LogFilter) => { setParams((current) => searchWithFilter(current, next)); },
    [setParams],
  );
  const stream = useLogStream(filter);
  const connection = useLiveConnection();
  const paused = stream.state.paused;
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title="Logs"
        subtitle={`Newest first; ${paused ? "paused" : CONNECTION_WORDS[connection.state]}.`}
        actions={
          <>
            <Button
              variant={paused ? "contained" : "outlined"}
              startIcon={paused ? <PlayArrowIcon /> : <PauseIcon />}
              aria-pressed={paused}
              onClick={paused ? stream.resume : stream.pause}
            >
              {paused ? "Resume" : "Pause"}
            </Button>
            <ExportMenu filter={filter} />
          </>
        }
      />
      <LogFilters filter={filter} onChange={setFilter} />
      <LogStreamView filter={filter} stream={stream} />
    </Box>
  );
}
