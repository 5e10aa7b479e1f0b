import type { ExecutionStatus } from "../../api/executions";

type ChipColor = "default" | "info" | "success" | "warning" | "error";

/** How each run status reads and is coloured, everywhere in the dashboard. */
export const STATUS: Record<ExecutionStatus, { label: string; color: ChipColor }> = {
  queued: { label: "Queued", color: "default" },
  running: { label: "Running", color: "info" },
  completed: { label: "Completed", color: "success" },
  completed_with_differences: { label: "Differences", color: "warning" },
  failed: { label: "Failed", color: "error" },
  cancelled: { label: "Cancelled", color: "default" },
  interrupted: { label: "Interrupted", color: "warning" },
};

/** Final statuses in the order charts stack them (good at the bottom). */
export const CHART_STATUSES: readonly ExecutionStatus[] = [
  "completed",
  "completed_with_differences",
  "failed",
  "interrupted",
  "cancelled",
  "running",
  "queued",
];
