import type { Execution } from "../../api/executions";

/** What started a run, in words. */
export const TRIGGER_LABEL: Record<Execution["trigger"], string> = {
  manual: "Manual",
  schedule: "Schedule",
  startup: "Start-up",
};
