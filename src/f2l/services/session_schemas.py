"""The shapes of a sync session (a saved job) in requests and responses."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from f2l.db.statuses import ExecutionStatus
from f2l.sync.bisync import ConflictPolicy
from f2l.sync.compare import CompareMode
from f2l.sync.filters import parse_size
from f2l.sync.options import Direction

__all__ = [
    "CompareMode",
    "ConflictPolicy",
    "Direction",
    "ExecutionBrief",
    "FolderMatchMode",
    "ScheduleUnit",
    "SessionCreate",
    "SessionFields",
    "SessionRead",
    "SessionUpdate",
    "StartRequest",
    "StartResponse",
]


class FolderMatchMode(StrEnum):
    """How a folder name is compared with `folder_names`: equal to, containing, or starting with it."""

    EXACT = "exact"
    CONTAINS = "contains"
    STARTSWITH = "startswith"


class ScheduleUnit(StrEnum):
    """The unit of `schedule_interval`."""

    MINUTES = "minutes"
    HOURS = "hours"
    DAYS = "days"


def _bytes_per_second(value: object) -> object:
    """A rate as the CLI's --bwlimit takes it (`10M`, `1.5G`, `1024`) in bytes per second; others as sent."""
    if isinstance(value, str):
        try:
            return parse_size(value)
        except ValueError as error:
            raise ValueError(str(error).replace("invalid size", "invalid rate", 1)) from None
    return value


# Bytes per second: an integer, or a string parsed by the CLI's size parser; at most what the database stores.
MAX_RATE = 2**63 - 1
BandwidthLimit = Annotated[int | None, BeforeValidator(_bytes_per_second, json_schema_input_type=int | str | None)]


class SessionFields(BaseModel):
    """Every option of a session; defaults are those of a new session."""

    # Enum fields hold their plain string values: they are stored as they are.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    source_path: str = Field(
        "", max_length=4096, description="Folder within the source endpoint ('' or '/': its root)."
    )
    destination_path: str = Field("", max_length=4096, description="Folder within the destination endpoint.")
    sync_direction: Direction = Direction.SOURCE_TO_DEST
    folder_filter_enabled: bool = False
    folder_names: list[str] = Field(default_factory=list, max_length=200)
    folder_match_mode: FolderMatchMode = FolderMatchMode.EXACT
    folder_case_sensitive: bool = True
    file_pattern_enabled: bool = False
    file_patterns: list[str] = Field(default_factory=list, max_length=200)
    exclude_patterns: list[str] = Field(default_factory=list, max_length=200)
    min_size: int | None = Field(None, ge=0)
    max_size: int | None = Field(None, ge=0)
    min_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    max_age_seconds: float | None = Field(None, ge=0, allow_inf_nan=False)
    compare_mode: CompareMode = CompareMode.SIZE_MTIME
    conflict_policy: ConflictPolicy = ConflictPolicy.KEEP_BOTH
    delete_extraneous: bool = False
    max_delete: int | None = Field(None, ge=0)
    max_delete_percent: float | None = Field(None, ge=0, le=100)
    force_overwrite: bool = False
    verify_checksums: bool = False
    transfers: int | None = Field(None, ge=1, le=256)
    checkers: int | None = Field(None, ge=1, le=256)
    bandwidth_limit: BandwidthLimit = Field(
        None,
        gt=0,
        le=MAX_RATE,
        description="Bytes per second for the whole run: an integer, or a size like the CLI's --bwlimit "
        "(`10M`, `1.5G`: binary multiples). Answered as an integer (bytes per second).",
    )
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

    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    name: str | None = Field(None, min_length=1, max_length=200)
    source_endpoint_id: uuid.UUID | None = None
    destination_endpoint_id: uuid.UUID | None = None
    source_path: str | None = Field(None, max_length=4096)
    destination_path: str | None = Field(None, max_length=4096)
    sync_direction: Direction | None = None
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
    compare_mode: CompareMode | None = None
    conflict_policy: ConflictPolicy | None = None
    delete_extraneous: bool | None = None
    max_delete: int | None = Field(None, ge=0)
    max_delete_percent: float | None = Field(None, ge=0, le=100)
    force_overwrite: bool | None = None
    verify_checksums: bool | None = None
    transfers: int | None = Field(None, ge=1, le=256)
    checkers: int | None = Field(None, ge=1, le=256)
    bandwidth_limit: BandwidthLimit = Field(
        None, gt=0, le=MAX_RATE, description="As in a new session: bytes per second, or a size like `10M`."
    )
    schedule_enabled: bool | None = None
    schedule_interval: int | None = Field(None, ge=1, le=1_000_000)
    schedule_unit: ScheduleUnit | None = None
    schedule_cron: str | None = Field(None, max_length=120)
    auto_start_enabled: bool | None = None


class ExecutionBrief(BaseModel):
    """The last run of a session, as shown beside it."""

    id: uuid.UUID
    status: ExecutionStatus
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
    status: ExecutionStatus
