"""The shapes of a sync session (a saved job) in requests and responses."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SyncDirection = Literal["source_to_dest", "dest_to_source", "bidirectional"]
CompareModeName = Literal["size_mtime", "size", "checksum"]
ConflictPolicyName = Literal["newer_wins", "source_wins", "dest_wins", "keep_both"]
FolderMatchMode = Literal["exact", "contains", "startswith"]
ScheduleUnit = Literal["minutes", "hours", "days"]


class SessionFields(BaseModel):
    """Every option of a session; defaults are those of a new session."""

    model_config = ConfigDict(extra="forbid")

    source_path: str = Field(
        "", max_length=4096, description="Folder within the source endpoint ('' or '/': its root)."
    )
    destination_path: str = Field("", max_length=4096, description="Folder within the destination endpoint.")
    sync_direction: SyncDirection = "source_to_dest"
    folder_filter_enabled: bool = False
    folder_names: list[str] = Field(default_factory=list, max_length=200)
    folder_match_mode: FolderMatchMode = "exact"
    folder_case_sensitive: bool = True
    file_pattern_enabled: bool = False
    file_patterns: list[str] = Field(default_factory=list, max_length=200)
    exclude_patterns: list[str] = Field(default_factory=list, max_length=200)
    min_size: int | None = Field(None, ge=0)
    max_size: int | None = Field(None, ge=0)
    min_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    max_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    compare_mode: CompareModeName = "size_mtime"
    conflict_policy: ConflictPolicyName = "keep_both"
    delete_extraneous: bool = False
    max_delete: int | None = Field(None, ge=0)
    max_delete_percent: float | None = Field(None, ge=0, le=100)
    force_overwrite: bool = False
    verify_checksums: bool = False
    transfers: int | None = Field(None, ge=1, le=256)
    checkers: int | None = Field(None, ge=1, le=256)
    bandwidth_limit: int | None = Field(None, gt=0, description="Bytes per second for the whole run.")
    schedule_enabled: bool = False
    schedule_interval: int | None = Field(None, ge=1, le=1_000_000)
    schedule_unit: ScheduleUnit | None = None
    schedule_cron: str | None = Field(
        None, max_length=120, description="Cron expression (5 fields); used instead of the interval."
    )
    auto_start_enabled: bool = Field(False, description="Start a run whenever the service starts.")


class SessionCreate(SessionFields):
    """A new session."""

    name: str = Field(min_length=1, max_length=200)
    source_endpoint_id: uuid.UUID
    destination_endpoint_id: uuid.UUID


class SessionUpdate(BaseModel):
    """Changes to a session: only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    source_endpoint_id: uuid.UUID | None = None
    destination_endpoint_id: uuid.UUID | None = None
    source_path: str | None = Field(None, max_length=4096)
    destination_path: str | None = Field(None, max_length=4096)
    sync_direction: SyncDirection | None = None
    folder_filter_enabled: bool | None = None
    folder_names: list[str] | None = Field(None, max_length=200)
    folder_match_mode: FolderMatchMode | None = None
    folder_case_sensitive: bool | None = None
    file_pattern_enabled: bool | None = None
    file_patterns: list[str] | None = Field(None, max_length=200)
    exclude_patterns: list[str] | None = Field(None, max_length=200)
    min_size: int | None = Field(None, ge=0)
    max_size: int | None = Field(None, ge=0)
    min_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    max_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    compare_mode: CompareModeName | None = None
    conflict_policy: ConflictPolicyName | None = None
    delete_extraneous: bool | None = None
    max_delete: int | None = Field(None, ge=0)
    max_delete_percent: float | None = Field(None, ge=0, le=100)
    force_overwrite: bool | None = None
    verify_checksums: bool | None = None
    transfers: int | None = Field(None, ge=1, le=256)
    checkers: int | None = Field(None, ge=1, le=256)
    bandwidth_limit: int | None = Field(None, gt=0)
    schedule_enabled: bool | None = None
    schedule_interval: int | None = Field(None, ge=1, le=1_000_000)
    schedule_unit: ScheduleUnit | None = None
    schedule_cron: str | None = Field(None, max_length=120)
    auto_start_enabled: bool | None = None


class ExecutionBrief(BaseModel):
    """The last run of a session, as shown beside it."""

    id: uuid.UUID
    status: str
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None


class SessionRead(SessionFields):
    """A session as answered."""

    id: uuid.UUID
    name: str
    source_endpoint_id: uuid.UUID
    destination_endpoint_id: uuid.UUID
    schedule_paused: bool
    next_run_at: datetime | None
    last_execution: ExecutionBrief | None
    created_at: datetime
    updated_at: datetime


class StartRequest(BaseModel):
    """Options of one run started by hand."""

    model_config = ConfigDict(extra="forbid")

    dry_run: bool = False
    force_overwrite: bool = False
    allow_mass_delete: bool = Field(
        False, description="Carry out deletions the max-delete, max-delete-percent and empty-side guards refuse."
    )


class StartResponse(BaseModel):
    """A run accepted for execution."""

    execution_id: uuid.UUID
    status: str
