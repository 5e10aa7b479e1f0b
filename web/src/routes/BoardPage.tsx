import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { Link as RouterLink, useSearchParams } from "react-router";
import { useCan } from "../api/auth";
import { endpointQueries } from "../api/endpoints";
import { sessionQueries } from "../api/sessions";
import { BoardCard } from "../components/board/BoardCard";
import { BoardFilterChips } from "../components/board/BoardFilterChips";
import {
  BOARD_FILTERS,
  boardCardState,
  FILTER_LABEL,
  matchesFilter,
  parseFilter,
  progressBySession,
  type BoardFilter,
} from "../components/board/cardState";
import { PageHeader } from "../components/common/PageHeader";
import { PageLoader } from "../components/common/PageLoader";
import { QueryError } from "../components/common/QueryError";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { useNow } from "../components/sessions/useNow";
import { useActiveProgress } from "../live";
import { formatCount } from "../lib/format";

/** Every session the API answers in one page (its largest). */
const BOARD_LIMIT = 500;

const EMPTY_FILTER: Record<Exclude<BoardFilter, "all">, string> = {
  running: "No session is running.",
  failed: "No session's last run failed.",
  paused: "No session's schedule is paused.",
};

/** The multi-session board: every session side by side, live, with its controls. */
export default function BoardPage() {
  useDocumentTitle("Board");
  const canOperate = useCan("operator");
  const sessions = useQuery(sessionQueries.list({ limit: BOARD_LIMIT }));
  const endpoints = useQuery(endpointQueries.list({ limit: BOARD_LIMIT }));
  const runs = useActiveProgress();
  const now = useNow();
  const [params, setParams] = useSearchParams();
  const filter = parseFilter(params.get("show"));

  const endpointNames = useMemo(
    () => new Map((endpoints.data?.data ?? []).map((endpoint) => [endpoint.id, endpoint.name])),
    [endpoints.data],
  );
  const cards = useMemo(() => {
    const bySession = progressBySession(runs);
    return (sessions.data?.data ?? []).map((session) => ({
      session,
      state: boardCardState(session, bySession.get(session.id)),
    }));
  }, [sessions.data, runs]);

  if (!sessions.data) {
    if (sessions.isPending) return <PageLoader label="Loading the board…" />;
    return (
      <Box sx={{ display: "grid", gap: 3 }}>
        <PageHeader title="Board" />
        <QueryError what="The sessions" error={sessions.error} retry={() => void sessions.refetch()} />
      </Box>
    );
  }

  const counts = Object.fromEntries(
    BOARD_FILTERS.map((name) => [name, cards.filter((card) => matchesFilter(card.state, name)).length]),
  ) as Record<BoardFilter, number>;
  const shown = cards.filter((card) => matchesFilter(card.state, filter));
  const total = sessions.data.pagination.total;
  const running = counts.running;

  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <PageHeader
        title="Board"
        subtitle={
          <span aria-live="polite">
            {formatCount(total)} {total === 1 ? "session" : "sessions"} · {formatCount(running)} running
            {sessions.isRefetchError ? " · the last refresh failed, retrying" : ""}
          </span>
        }
        actions={
          canOperate ? (
            <Button variant="outlined" component={RouterLink} to="/sessions/new">
              New session
            </Button>
          ) : undefined
        }
      />
      {total ? (
        <BoardFilterChips
          value={filter}
          counts={counts}
          onChange={(next) => {
            setParams(next === "all" ? {} : { show: next }, { replace: true });
          }}
        />
      ) : null}
      {total > cards.length ? (
        <Typography variant="body2" color="text.secondary">
          Showing the first {formatCount(cards.length)} of {formatCount(total)} sessions.
        </Typography>
      ) : null}
      {!total ? (
        <Typography color="text.secondary">
          No session yet.{" "}
          {canOperate ? (
            <>
              <Link component={RouterLink} to="/sessions/new">
                Create one
              </Link>{" "}
              and it appears here with its live status.
            </>
          ) : (
            "An operator creates sessions; they appear here with their live status."
          )}
        </Typography>
      ) : null}
      {total && !shown.length && filter !== "all" ? (
        <Typography color="text.secondary">
          {EMPTY_FILTER[filter]}{" "}
          <Link
            component="button"
            onClick={() => {
              setParams({}, { replace: true });
            }}
          >
            Show all
          </Link>
        </Typography>
      ) : null}
      <Box
        component="section"
        aria-label={`Sessions: ${FILTER_LABEL[filter]}`}
        sx={{
          display: "grid",
          gap: 2,
          gridTemplateColumns: "repeat(auto-fill, minmax(min(100%, 340px), 1fr))",
          alignItems: "stretch",
        }}
      >
        {shown.map(({ session, state }) => (
          <BoardCard
            key={session.id}
            session={session}
            state={state}
            endpointNames={endpointNames}
            canOperate={canOperate}
            now={now}
          />
        ))}
      </Box>
    </Box>
  );
}
