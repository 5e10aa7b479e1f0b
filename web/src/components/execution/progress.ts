/** What the monitor shows of a run's progress and of its end, computed from the API's data. */
import type { Schemas } from "../../client";
import { isActive, type Execution } from "../../api/executions";
import { formatBytes, formatCount, formatDuration } from "../../lib/format";

type Progress = Schemas["ExecutionProgress"];
export type Phase = Schemas["Phase"];

export const PHASE_LABEL: Record<Phase, string> = {
  listing: "Listing files",
  transferring: "Transferring",
  deleting: "Deleting",
  verifying: "Verifying",
  done: "Finishing",
};

/** The live figures of a run, as the progress block shows them. */
export interface ProgressView {
  /** 0–100: bytes done of bytes planned (files when no byte is planned). */
  percent: number;
  filesText: string;
  bytesText: string;
  /** `200.0 KiB/s`; null before the first measurement. */
  speedText: string | null;
  /** `3 min 5 s left`; null while unknown. */
  etaText: string | null;
  phase: Phase | null;
  /** Files being transferred now (at most 8). */
  currentFiles: readonly string[];
  errorCount: number;
}

/** Clamp to 0–100; NaN (nothing planned) is 0. */
function clampPercent(value: number): number {
  return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

/**
 * The run's figures: the latest live progress event when one is at hand and the run is still
 * active (it is newer than the query), else the run as the API answered it.
 */
export function progressView(execution: Execution, live?: Progress): ProgressView {
  const useLive = live !== undefined && live.execution_id === execution.id && isActive(execution.status);
  const source = useLive ? live : execution;
  const speed = source.speed_bps;
  const eta = source.eta_seconds;
  let currentFiles: readonly string[];
  if (useLive) currentFiles = live.current_files.slice(0, 8);
  else currentFiles = execution.current_file && isActive(execution.status) ? [execution.current_file] : [];
  return {
    percent: clampPercent(source.progress_percentage),
    filesText: `${formatCount(source.files_synced)} / ${formatCount(source.total_files)} files`,
    bytesText: `${formatBytes(source.bytes_transferred)} of ${formatBytes(source.total_bytes)}`,
    speedText: speed ? `${formatBytes(speed)}/s` : null,
    etaText: eta === null ? null : `${formatDuration(eta)} left`,
    phase: useLive ? live.phase : null,
    currentFiles,
    errorCount: source.error_count,
  };
}

/** One figure of the final summary. */
export interface SummaryFigure {
  label: string;
  value: string;
}

/** The final summary of a finished run: what moved, how much, how long, how fast. */
export function finalSummary(execution: Execution): SummaryFigure[] {
  const duration = execution.duration_seconds ?? execution.summary?.duration_s ?? null;
  const average = duration && duration > 0 ? execution.bytes_transferred / duration : null;
  return [
    { label: "Files transferred", value: formatCount(execution.files_synced) },
    { label: "Files deleted", value: formatCount(execution.files_deleted) },
    { label: "Files skipped", value: formatCount(execution.files_skipped) },
    { label: "Files failed", value: formatCount(execution.files_failed) },
    { label: "Bytes transferred", value: formatBytes(execution.bytes_transferred) },
    { label: "Duration", value: duration === null ? "—" : formatDuration(duration) },
    { label: "Average speed", value: average === null ? "—" : `${formatBytes(average)}/s` },
  ];
}

type Reconciliation = Schemas["Reconciliation"];

/** The verification's outcome in words, and how it should stand out. */
export interface VerificationView {
  severity: "success" | "warning" | "info";
  text: string;
}

const KINDS: readonly (readonly [string, string])[] = [
  ["missing", "missing"],
  ["extra", "extra"],
  ["size_mismatch", "with a different size"],
  ["checksum_mismatch", "with a different checksum"],
  ["errors", "not checked (errors)"],
];

/** "In sync: 1,234 files match.", "Differences: 3 missing, 1 extra.", or why there was no check. */
export function verificationView(reconciliation: Reconciliation): VerificationView {
  if (!reconciliation.available) {
    const why = reconciliation.message ?? "the run was not verified";
    return { severity: "info", text: `Not verified: ${why}.` };
  }
  if (reconciliation.in_sync) {
    return { severity: "success", text: `In sync: ${formatCount(reconciliation.matched)} files match on both sides.` };
  }
  const parts = KINDS.flatMap(([key, words]) => {
    const count = reconciliation.counts[key] ?? 0;
    return count ? [`${formatCount(count)} ${words}`] : [];
  });
  return { severity: "warning", text: `Differences: ${parts.length ? parts.join(", ") : "see the reconciliation"}.` };
}
