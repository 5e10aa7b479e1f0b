/** Sessions and progress events for the board's tests. */
import type { Schemas } from "../../client";

type Session = Schemas["SessionRead"];
type Progress = Schemas["ExecutionProgress"];

export const SESSION: Session = {
  id: "s1",
  name: "Docs backup",
  source_endpoint_id: "ep-src",
  destination_endpoint_id: "ep-dst",
  source_path: "",
  destination_path: "/docs",
  sync_direction: "source_to_dest",
  compare_mode: "size_mtime",
  conflict_policy: "keep_both",
  delete_extraneous: false,
  exclude_patterns: [],
  file_pattern_enabled: false,
  file_patterns: [],
  folder_case_sensitive: true,
  folder_filter_enabled: false,
  folder_match_mode: "exact",
  folder_names: [],
  force_overwrite: false,
  auto_start_enabled: false,
  bandwidth_limit: null,
  checkers: null,
  transfers: null,
  max_age_seconds: null,
  min_age_seconds: null,
  max_size: null,
  min_size: null,
  max_delete: null,
  max_delete_percent: null,
  verify_checksums: false,
  schedule_enabled: false,
  schedule_paused: false,
  schedule_interval: null,
  schedule_unit: null,
  schedule_cron: null,
  next_run_at: null,
  last_execution: null,
  created_at: "2026-12-01T09:00:00Z",
  updated_at: "2026-12-01T09:00:00Z",
};

export const PROGRESS: Progress = {
  execution_id: "e2",
  session_id: "s1",
  status: "running",
  phase: "transferring",
  progress_percentage: 25,
  files_synced: 10,
  total_files: 40,
  bytes_transferred: 2 ** 20,
  total_bytes: 4 * 2 ** 20,
  files_deleted: 0,
  error_count: 0,
  current_files: ["a.txt"],
  speed_bps: 200 * 1024,
  eta_seconds: 15,
  cancel_requested: false,
};

/** A last-run brief of `status`. */
export function brief(id: string, status: Schemas["ExecutionStatus"]): NonNullable<Session["last_execution"]> {
  return {
    id,
    status,
    created_at: "2026-12-01T10:00:00Z",
    started_at: "2026-12-01T10:00:01Z",
    finished_at: status === "running" || status === "queued" ? null : "2026-12-01T10:01:00Z",
  };
}
