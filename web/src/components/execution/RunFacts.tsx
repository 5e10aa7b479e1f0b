import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import type { Execution } from "../../api/executions";
import { formatDateTime, formatDuration } from "../../lib/format";
import { Figures } from "./Figures";

const TRIGGER: Record<Execution["trigger"], string> = {
  manual: "Started by hand",
  schedule: "Schedule",
  startup: "Service start",
};

function when(time: string | null): string {
  return time ? formatDateTime(time) : "—";
}

/** What started the run, and when it was queued or started, and ended. */
export function RunFacts({ execution }: { execution: Execution }) {
  const items = [{ label: "Trigger", value: TRIGGER[execution.trigger] }];
  // A queued run has only its creation time; once started, the start says more.
  if (execution.started_at) items.push({ label: "Started", value: when(execution.started_at) });
  else items.push({ label: "Queued", value: when(execution.created_at) });
  items.push({ label: "Ended", value: execution.finished_at ? when(execution.finished_at) : "Not yet" });
  // Only a finished run's duration: a running one's would stand still between refetches.
  if (execution.finished_at && execution.duration_seconds !== null) {
    items.push({ label: "Took", value: formatDuration(execution.duration_seconds) });
  }
  return (
    <Card component="section" aria-label="When and how the run started">
      <CardContent>
        <Figures label="Run facts" items={items} />
      </CardContent>
    </Card>
  );
}
