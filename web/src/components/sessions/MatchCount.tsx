import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";
import Typography from "@mui/material/Typography";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { errorMessage } from "../../api/errors";
import { matchQueries, type MatchResult } from "../../api/sessions";
import { formatBytes, formatCount } from "../../lib/format";
import { matchFilters, type FilterValue } from "./filters";
import { amountError } from "./quantity";
import { useDebounced } from "./useDebounced";

/** Where the filters are tried: the session's source endpoint and folder. */
export interface MatchTarget {
  endpointId: string;
  path: string;
}

/** Waiting this long after the last change before asking the server again. */
export const MATCH_DEBOUNCE_MS = 400;

/** "1,204 files (3.4 GiB) match of 5,310 scanned"; "At least …" when the scan stopped at its limit. */
export function matchWords(result: MatchResult): string {
  const files = `${formatCount(result.matched_files)} ${result.matched_files === 1 ? "file" : "files"}`;
  const matched = `${files} (${formatBytes(result.matched_bytes)})`;
  const verb = result.matched_files === 1 ? "matches" : "match";
  return result.complete
    ? `${matched} ${verb} of ${formatCount(result.scanned_files)} scanned`
    : `At least ${matched} ${verb} of the first ${formatCount(result.scanned_files)} scanned (the count stopped at its limit)`;
}

/** The live count of the files the filters let through, with a sample of their paths. */
export function MatchCount({ target, filters }: { target: MatchTarget | null; filters: FilterValue }) {
  const valid = [filters.minSize, filters.maxSize, filters.minAge, filters.maxAge].every((q) => !amountError(q));
  const current =
    target && valid ? { endpointId: target.endpointId, request: { path: target.path, filters: matchFilters(filters) } } : null;
  const asked = useDebounced(current, MATCH_DEBOUNCE_MS);
  const waiting = JSON.stringify(current) !== JSON.stringify(asked);
  const query = useQuery({
    ...matchQueries.count(asked?.endpointId ?? "", asked?.request ?? { path: "", filters: matchFilters(filters) }),
    enabled: asked !== null,
    placeholderData: keepPreviousData,
  });

  let body;
  if (!target) {
    body = <Typography color="text.secondary">Choose the source endpoint (first step) to count what matches.</Typography>;
  } else if (!valid) {
    body = <Typography color="text.secondary">Fix the marked values to count what matches.</Typography>;
  } else if (query.isError) {
    body = <Alert severity="error">The count failed: {errorMessage(query.error)}</Alert>;
  } else if (!query.data) {
    body = <Typography color="text.secondary">Counting the files that match…</Typography>;
  } else {
    const { sample, matched_files: matched } = query.data;
    body = (
      <>
        <Typography sx={{ fontWeight: 600 }}>{matchWords(query.data)}</Typography>
        {sample.length ? (
          <>
            <Typography variant="body2" color="text.secondary" sx={{ mt: 1.5 }}>
              {matched > sample.length ? `A sample of ${String(sample.length)}:` : "They are:"}
            </Typography>
            <Box
              component="ul"
              aria-label="Sample of matched paths"
              sx={{ m: 0, pl: 2.5, fontFamily: "monospace", fontSize: "0.8125rem", overflowWrap: "anywhere" }}
            >
              {sample.map((path) => (
                <li key={path}>{path}</li>
              ))}
            </Box>
          </>
        ) : null}
      </>
    );
  }
  const busy = current !== null && (waiting || query.isFetching);
  return (
    <Box component="section" aria-labelledby="match-count-title" sx={{ display: "grid", gap: 1 }}>
      <Typography id="match-count-title" variant="subtitle2" component="h3">
        What matches in the source folder
      </Typography>
      <Box sx={{ height: 4 }}>{busy ? <LinearProgress aria-label="Counting" /> : null}</Box>
      <Box role="status" aria-live="polite" aria-busy={busy}>
        {body}
      </Box>
    </Box>
  );
}
