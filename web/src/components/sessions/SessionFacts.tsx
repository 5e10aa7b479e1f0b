import Box from "@mui/material/Box";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import type { ReactNode } from "react";
import { Link as RouterLink } from "react-router";
import type { Session } from "../../api/sessions";
import { formatDateTime, formatRelativeTime } from "../../lib/format";
import { StatusChip } from "../executions/StatusChip";
import { speedWords } from "./describe";
import { DirectionLabel } from "./DirectionLabel";
import { filterSummary } from "./filters";
import { scheduleWords } from "./schedule";

/** "in 47 minutes", "paused", or "—" (no schedule). */
export function nextRunWords(session: Session, now: Date): string {
  if (!session.schedule_enabled) return "—";
  if (session.schedule_paused) return "paused";
  return session.next_run_at ? formatRelativeTime(session.next_run_at, now) : "—";
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {term}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, minWidth: 0, overflowWrap: "anywhere" }}>
        {children}
      </Typography>
    </>
  );
}

/** The last run's status and when, linking to its page; "never" before the first. */
export function LastRun({ session, now }: { session: Session; now: Date }) {
  const last = session.last_execution;
  if (!last) return <>never</>;
  const time = last.finished_at ?? last.started_at ?? last.created_at;
  return (
    <Link
      component={RouterLink}
      to={`/executions/${last.id}`}
      sx={{ display: "inline-flex", alignItems: "center", gap: 1, flexWrap: "wrap" }}
    >
      <StatusChip status={last.status} />
      <time dateTime={time} title={formatDateTime(time)}>
        {formatRelativeTime(time, now)}
      </time>
    </Link>
  );
}

/** A session's facts as a list of terms: direction, filters, speed (when its own), schedule, next and last run. */
export function SessionFacts({ session, now }: { session: Session; now: Date }) {
  const speed = speedWords(session);
  return (
    <Box
      component="dl"
      sx={{ display: "grid", gridTemplateColumns: "max-content minmax(0, 1fr)", columnGap: 2, rowGap: 0.75, m: 0, alignItems: "center" }}
    >
      <Fact term="Direction">
        <DirectionLabel direction={session.sync_direction} />
      </Fact>
      <Fact term="Filters">{filterSummary(session)}</Fact>
      {speed ? <Fact term="Speed">{speed}</Fact> : null}
      <Fact term="Schedule">{scheduleWords(session)}</Fact>
      <Fact term="Next run">{nextRunWords(session, now)}</Fact>
      <Fact term="Last run">
        <LastRun session={session} now={now} />
      </Fact>
    </Box>
  );
}
