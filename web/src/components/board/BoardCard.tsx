import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import Typography from "@mui/material/Typography";
import { useId } from "react";
import { Link as RouterLink } from "react-router";
import { errorMessage } from "../../api/errors";
import { useSetSchedulePaused, useStartSession, type Session } from "../../api/sessions";
import { formatDateTime, formatRelativeTime } from "../../lib/format";
import { showToast } from "../../lib/toasts";
import { CancelRunButton } from "../execution/CancelRunButton";
import { StatusChip } from "../executions/StatusChip";
import { endpointPath } from "../sessions/describe";
import { scheduleWords } from "../sessions/schedule";
import type { BoardCardState } from "./cardState";

const ARROW: Record<Session["sync_direction"], string> = {
  source_to_dest: "→",
  dest_to_source: "←",
  bidirectional: "↔",
};

/** The live status chip: running, queued, paused (schedule, between runs) or idle. */
function ActivityChip({ state }: { state: BoardCardState }) {
  if (state.activity === "running") return <Chip size="small" color="info" label="Running" />;
  if (state.activity === "queued") return <Chip size="small" label="Queued" />;
  if (state.schedule === "paused") return <Chip size="small" color="warning" variant="outlined" label="Paused" />;
  return <Chip size="small" variant="outlined" label="Idle" />;
}

function LiveProgress({ state, name }: { state: BoardCardState; name: string }) {
  const progress = state.progress;
  if (state.activity === "queued") {
    return (
      <Box>
        <LinearProgress aria-label={`${name}: waiting to start`} />
        <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
          Waiting for a free slot…
        </Typography>
      </Box>
    );
  }
  if (!progress) return null;
  const percent = progress.percent === null ? null : Math.round(progress.percent);
  const line = [progress.filesText ?? "Starting…", progress.speedText, progress.etaText].filter(Boolean).join(" · ");
  return (
    <Box>
      <LinearProgress
        variant={progress.percent === null ? "indeterminate" : "determinate"}
        value={progress.percent ?? 0}
        aria-label={percent === null ? `${name}: starting` : `${name}: ${percent}% done`}
      />
      <Typography variant="body2" color="text.secondary" sx={{ mt: 0.5 }}>
        {line}
      </Typography>
    </Box>
  );
}

function NextRun({ session, state, now }: { session: Session; state: BoardCardState; now: Date }) {
  if (state.schedule === "none") return <>Manual runs only</>;
  const words = scheduleWords(session);
  if (state.schedule === "paused") return <>Schedule paused ({words})</>;
  if (!state.nextRunAt) return <>Runs {words}</>;
  const due = new Date(state.nextRunAt) <= now;
  return (
    <>
      Next run{" "}
      <time dateTime={state.nextRunAt} title={formatDateTime(state.nextRunAt)}>
        {due ? "due now" : formatRelativeTime(state.nextRunAt, now)}
      </time>{" "}
      ({words})
    </>
  );
}

function LastRun({ state, now }: { state: BoardCardState; now: Date }) {
  const last = state.lastRun;
  if (!last) return <>No run yet</>;
  const time = last.finished_at ?? last.started_at ?? last.created_at;
  if (last.id === state.activeExecutionId) {
    // The last run is the one going on: its status is the card's chip already.
    return (
      <>
        This run started{" "}
        <Link component={RouterLink} to={`/executions/${last.id}`}>
          <time dateTime={time} title={formatDateTime(time)}>
            {formatRelativeTime(time, now)}
          </time>
        </Link>
      </>
    );
  }
  return (
    <Box component="span" sx={{ display: "inline-flex", flexWrap: "wrap", alignItems: "center", gap: 1 }}>
      Last run
      <StatusChip status={last.status} />
      <Link component={RouterLink} to={`/executions/${last.id}`}>
        <time dateTime={time} title={formatDateTime(time)}>
          {formatRelativeTime(time, now)}
        </time>
      </Link>
    </Box>
  );
}

/** The operator's buttons: start, cancel the active run, pause or resume the schedule. */
function Controls({ session, state }: { session: Session; state: BoardCardState }) {
  const start = useStartSession();
  const schedule = useSetSchedulePaused();
  const name = session.name;
  const onStart = () => {
    start.mutate(
      { id: session.id, options: {} },
      {
        onSuccess: (run) => {
          showToast({
            message: `${name} started.`,
            severity: "success",
            link: { label: "Watch", to: `/executions/${run.execution_id}` },
          });
        },
        onError: (error) => {
          showToast({ message: `${name} could not start: ${errorMessage(error)}`, severity: "error" });
        },
      },
    );
  };
  const onSchedule = (paused: boolean) => {
    schedule.mutate(
      { id: session.id, paused },
      {
        onError: (error) => {
          showToast({
            message: `The schedule of ${name} could not be ${paused ? "paused" : "resumed"}: ${errorMessage(error)}`,
            severity: "error",
          });
        },
      },
    );
  };
  return (
    <>
      {state.activity === "idle" ? (
        <Button size="small" variant="contained" onClick={onStart} disabled={start.isPending} aria-label={`Start ${name}`}>
          Start
        </Button>
      ) : null}
      {state.activeExecutionId ? (
        <CancelRunButton executionId={state.activeExecutionId} sessionName={name} size="small" />
      ) : null}
      {state.schedule === "active" ? (
        <Button
          size="small"
          onClick={() => {
            onSchedule(true);
          }}
          disabled={schedule.isPending}
          aria-label={`Pause schedule of ${name}`}
        >
          Pause schedule
        </Button>
      ) : null}
      {state.schedule === "paused" ? (
        <Button
          size="small"
          onClick={() => {
            onSchedule(false);
          }}
          disabled={schedule.isPending}
          aria-label={`Resume schedule of ${name}`}
        >
          Resume schedule
        </Button>
      ) : null}
    </>
  );
}

/** One session on the board: where it copies, its live status, next and last run, and controls. */
export function BoardCard({
  session,
  state,
  endpointNames,
  canOperate,
  now,
}: {
  session: Session;
  state: BoardCardState;
  endpointNames: ReadonlyMap<string, string>;
  canOperate: boolean;
  now: Date;
}) {
  const titleId = useId();
  const source = endpointPath(endpointNames.get(session.source_endpoint_id) ?? "…", session.source_path);
  const destination = endpointPath(endpointNames.get(session.destination_endpoint_id) ?? "…", session.destination_path);
  return (
    <Card component="article" aria-labelledby={titleId} sx={{ display: "flex", flexDirection: "column", minWidth: 0 }}>
      <CardContent sx={{ display: "grid", gap: 1.5, flex: 1 }}>
        <Box sx={{ display: "flex", justifyContent: "space-between", alignItems: "flex-start", gap: 1 }}>
          <Typography variant="h2" id={titleId} sx={{ overflowWrap: "anywhere" }}>
            <Link component={RouterLink} to={`/sessions/${session.id}`} underline="hover" color="inherit">
              {session.name}
            </Link>
          </Typography>
          <ActivityChip state={state} />
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: "anywhere" }}>
          {source} {ARROW[session.sync_direction]} {destination}
        </Typography>
        <LiveProgress state={state} name={session.name} />
        <Typography variant="body2">
          <NextRun session={session} state={state} now={now} />
        </Typography>
        <Typography variant="body2" component="div">
          <LastRun state={state} now={now} />
        </Typography>
      </CardContent>
      {canOperate || state.activeExecutionId ? (
        <CardActions sx={{ flexWrap: "wrap", gap: 1, px: 2, pb: 2, "& > :not(style) ~ :not(style)": { ml: 0 } }}>
          {state.activeExecutionId ? (
            <Button
              size="small"
              variant="outlined"
              component={RouterLink}
              to={`/executions/${state.activeExecutionId}`}
              aria-label={`Watch run of ${session.name}`}
            >
              Watch run
            </Button>
          ) : null}
          {canOperate ? <Controls session={session} state={state} /> : null}
        </CardActions>
      ) : null}
    </Card>
  );
}
