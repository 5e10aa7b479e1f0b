/** How a session's facts read, on its card, its page and the editor's review. */
import type { CompareMode, ConflictPolicy, Direction, PreviewTotals } from "../../api/sessions";
import { formatBytes, formatCount } from "../../lib/format";

export const DIRECTION_WORDS: Record<Direction, string> = {
  source_to_dest: "Source → destination",
  dest_to_source: "Destination → source",
  bidirectional: "Bidirectional",
};

export const DIRECTION_HELP: Record<Direction, string> = {
  source_to_dest: "Copies new and changed files from the source to the destination.",
  dest_to_source: "Copies new and changed files from the destination back to the source.",
  bidirectional:
    "Both sides are kept in step: changes made on either side since the last run are copied to the other.",
};

export const COMPARE_WORDS: Record<CompareMode, string> = {
  size_mtime: "Size and modification time",
  size: "Size only",
  checksum: "Checksum",
};

export const COMPARE_HELP: Record<CompareMode, string> = {
  size_mtime: "A file is up to date when its size and modification time match. Fast, and right almost always.",
  size: "A file is up to date when its size matches. For sides that do not keep modification times.",
  checksum: "A file is up to date when its content hash matches. Exact, but reads files without a stored hash.",
};

export const CONFLICT_WORDS: Record<ConflictPolicy, string> = {
  keep_both: "Keep both",
  newer_wins: "Newer wins",
  source_wins: "Source wins",
  dest_wins: "Destination wins",
};

export const CONFLICT_HELP: Record<ConflictPolicy, string> = {
  keep_both: "The losing version is kept beside the winner under a conflict name: no version is lost.",
  newer_wins: "The version modified last replaces the other.",
  source_wins: "The source's version replaces the destination's.",
  dest_wins: "The destination's version replaces the source's.",
};

/** "Backup disk:/docs"; the endpoint's root is "/". */
export function endpointPath(name: string, path: string): string {
  return `${name}:/${path.replace(/^\/+/, "")}`;
}

function files(count: number): string {
  return `${formatCount(count)} ${count === 1 ? "file" : "files"}`;
}

/**
 * A plan's totals in words: "2,456 files (15.3 GiB) will be copied; 12 deleted; 3 conflicts",
 * or "Nothing to copy or delete" when the destination is in step.
 */
export function previewWords(totals: PreviewTotals): string {
  const parts: string[] = [];
  if (totals.files_to_transfer) {
    parts.push(`${files(totals.files_to_transfer)} (${formatBytes(totals.bytes_to_transfer)}) will be copied`);
  }
  if (totals.files_to_delete) {
    parts.push(parts.length ? `${formatCount(totals.files_to_delete)} deleted` : `${files(totals.files_to_delete)} will be deleted`);
  }
  if (!parts.length) parts.push("Nothing to copy or delete");
  if (totals.conflicts) parts.push(`${formatCount(totals.conflicts)} ${totals.conflicts === 1 ? "conflict" : "conflicts"}`);
  if (totals.errors) parts.push(`${formatCount(totals.errors)} ${totals.errors === 1 ? "error" : "errors"}`);
  if (totals.files_unchanged) parts.push(`${formatCount(totals.files_unchanged)} unchanged`);
  return parts.join("; ");
}

const ACTION_WORDS: Record<string, string> = {
  copy: "Copy",
  delete: "Delete",
  copy_to_dest: "Copy to destination",
  copy_to_source: "Copy to source",
  delete_on_dest: "Delete on destination",
  delete_on_source: "Delete on source",
  keep_source_as_conflict: "Conflict: source version kept aside",
  keep_dest_as_conflict: "Conflict: destination version kept aside",
};

/** A planned operation's action in words (unknown actions as sent, with spaces). */
export function actionWords(action: string): string {
  return ACTION_WORDS[action] ?? action.replace(/_/g, " ");
}

/** A session's own speed settings (null fields: the service's settings). */
export interface SpeedSettings {
  transfers?: number | null;
  checkers?: number | null;
  bandwidth_limit?: number | null;
}

/** "8 transfers and 16 checkers at once, at most 10.0 MiB/s"; null when every field is the service's. */
export function speedWords(speed: SpeedSettings): string | null {
  const atOnce = [
    speed.transfers ? `${formatCount(speed.transfers)} ${speed.transfers === 1 ? "transfer" : "transfers"}` : "",
    speed.checkers ? `${formatCount(speed.checkers)} ${speed.checkers === 1 ? "checker" : "checkers"}` : "",
  ].filter(Boolean);
  const parts = [
    atOnce.length ? `${atOnce.join(" and ")} at once` : "",
    speed.bandwidth_limit ? `at most ${formatBytes(speed.bandwidth_limit)}/s` : "",
  ].filter(Boolean);
  return parts.length ? parts.join(", ") : null;
}
