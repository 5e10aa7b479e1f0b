import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Skeleton from "@mui/material/Skeleton";
import Typography from "@mui/material/Typography";
import { useQuery } from "@tanstack/react-query";
import { lazy, Suspense } from "react";
import { endpointQueries } from "../api/endpoints";
import { errorMessage } from "../api/errors";
import { overviewFigures, statsQueries } from "../api/stats";
import { OVERVIEW_DAYS } from "../api/stats/overview";
import { PageLoader } from "../components/common/PageLoader";
import { useAfterFirstPaint } from "../components/common/useAfterFirstPaint";
import { useDocumentTitle } from "../components/common/useDocumentTitle";
import { ActiveRuns } from "../components/overview/ActiveRuns";
import { OverviewCards } from "../components/overview/OverviewCards";
import { Panel } from "../components/overview/Panel";
import { RecentExecutions } from "../components/overview/RecentExecutions";
import { formatBytes, formatCount } from "../lib/format";

// recharts is the biggest library of the page: its own chunk, fetched while the cards render.
const RunsPerDayChart = lazy(() => import("../components/overview/RunsPerDayChart"));
const BytesPerDayChart = lazy(() => import("../components/overview/BytesPerDayChart"));
const StatusDistributionChart = lazy(() => import("../components/overview/StatusDistributionChart"));

const TIME = new Intl.DateTimeFormat("en", { timeStyle: "medium" });

export default function OverviewPage() {
  useDocumentTitle("Overview");
  const stats = useQuery(statsQueries.summary(OVERVIEW_DAYS));
  const offline = useQuery(endpointQueries.offlineCount());
  const chartsNow = useAfterFirstPaint(stats.data !== undefined); // the cards first, then the charts

  const data = stats.data;
  if (!data) {
    if (!stats.isError) return <PageLoader label="Loading the overview…" />;
    return <Alert severity="error">The overview could not be loaded: {errorMessage(stats.error)}</Alert>;
  }
  const now = new Date(stats.dataUpdatedAt);
  const runs = data.daily.reduce((sum, day) => sum + day.total, 0);
  const summary = `${formatCount(runs)} runs in the last ${data.days} days.`;
  const moved = data.daily.reduce((sum, day) => sum + day.bytes_transferred, 0);
  return (
    <Box sx={{ display: "grid", gap: 3 }}>
      <Box>
        <Typography variant="h1">Overview</Typography>
        <Typography variant="body2" color="text.secondary" aria-live="polite">
          Last {data.days} days · updated {TIME.format(now)} · active runs move live
          {stats.isRefetchError ? " · the last refresh failed, retrying" : ""}
        </Typography>
      </Box>
      <OverviewCards figures={overviewFigures(data)} days={data.days} offline={offline.data} />
      <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "3fr 2fr" } }}>
        <Panel title="Runs per day">
          {runs ? (
            chartsNow ? (
              <Suspense fallback={<Skeleton variant="rounded" height={260} />}>
                <RunsPerDayChart daily={data.daily} summary={summary} />
              </Suspense>
            ) : (
              <Skeleton variant="rounded" height={260} />
            )
          ) : (
            <Typography color="text.secondary">No run in the last {data.days} days.</Typography>
          )}
        </Panel>
        <Panel title="Runs in progress">
          <ActiveRuns runs={data.active_executions} />
        </Panel>
      </Box>
      <Box sx={{ display: "grid", gap: 3, gridTemplateColumns: { xs: "minmax(0, 1fr)", lg: "3fr 2fr" } }}>
        <Panel title="Bytes moved per day">
          {moved ? (
            chartsNow ? (
              <Suspense fallback={<Skeleton variant="rounded" height={220} />}>
                <BytesPerDayChart daily={data.daily} summary={`${formatBytes(moved)} moved in the last ${data.days} days.`} />
              </Suspense>
            ) : (
              <Skeleton variant="rounded" height={220} />
            )
          ) : (
            <Typography color="text.secondary">Nothing moved in the last {data.days} days.</Typography>
          )}
        </Panel>
        <Panel title="How runs ended">
          {runs ? (
            chartsNow ? (
              <Suspense fallback={<Skeleton variant="circular" width={160} height={160} />}>
                <StatusDistributionChart distribution={data.status_distribution} />
              </Suspense>
            ) : (
              <Skeleton variant="circular" width={160} height={160} />
            )
          ) : (
            <Typography color="text.secondary">No run in the last {data.days} days.</Typography>
          )}
        </Panel>
      </Box>
      <Panel title="Recent runs">
        <RecentExecutions runs={data.recent_executions} now={now} />
      </Panel>
    </Box>
  );
}
