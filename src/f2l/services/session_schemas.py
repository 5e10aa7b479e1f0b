"""The shapes of a sync session (a saved job) in requests and responses."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, cast

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, create_model
from pydantic.fields import FieldInfo

from f2l.db.statuses import ExecutionStatus
from f2l.sync.bisync import ConflictPolicy
from f2l.sync.compare import CompareMode
from f2l.sync.filters import FilterSpec, parse_size
from f2l.sync.options import Direction, SyncSettings

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


ENGINE_SETTINGS: dict[str, tuple[type[BaseModel], str]] = {
    "sync_direction": (SyncSettings, "direction"),
    "compare_mode": (SyncSettings, "compare"),
    "conflict_policy": (SyncSettings, "conflict"),
    "delete_extraneous": (SyncSettings, "delete_extraneous"),
    "max_delete": (SyncSettings, "max_delete"),
    "max_delete_percent": (SyncSettings, "max_delete_percent"),
    "force_overwrite": (SyncSettings, "force"),
    "verify_checksums": (SyncSettings, "verify_checksums"),
    "transfers": (SyncSettings, "transfers"),
    "checkers": (SyncSettings, "checkers"),
    "folder_names": (FilterSpec, "folders"),
    "folder_match_mode": (FilterSpec, "folder_match"),
    "folder_case_sensitive": (FilterSpec, "case_sensitive"),
    "file_patterns": (FilterSpec, "include"),
    "exclude_patterns": (FilterSpec, "exclude"),
    "min_size": (FilterSpec, "min_size"),
    "max_size": (FilterSpec, "max_size"),
    "min_age_seconds": (FilterSpec, "min_age"),
    "max_age_seconds": (FilterSpec, "max_age"),
}
"""Session field → the engine setting it fills: the one declaration of its rules and help text.

`services.sessions.sync_settings` builds a run's `SyncSettings` and `FilterSpec` from these;
the session's own names are the API's (a contract) and stay as they are.
"""


def engine_field(name: str, **overrides: Any) -> Any:
    """The session field `name`, declared by the engine setting it fills (constraints, description),
    with `overrides` where the session differs (a default that defers to the service's, list caps)."""
    model, setting = ENGINE_SETTINGS[name]
    return FieldInfo.merge_field_infos(model.model_fields[setting], **overrides)


class SessionFields(BaseModel):
    """Every option of a session; defaults are those of a new session."""

    # Enum fields hold their plain string values: they are stored as they are.
    model_config = ConfigDict(extra="forbid", use_enum_values=True)

    source_path: str = Field(
        "", max_length=4096, description="Folder within the source endpoint ('' or '/': its root)."
    )
    destination_path: str = Field("", max_length=4096, description="Folder within the destination endpoint.")
    sync_direction: Direction = engine_field("sync_direction")
    folder_filter_enabled: bool = Field(False, description="Apply `folder_names` (off: every folder passes).")
    folder_names: Annotated[list[str], Field(max_length=200)] = engine_field("folder_names")
    folder_match_mode: FolderMatchMode = engine_field(
        "folder_match_mode",
        default=FolderMatchMode.EXACT,
        description="How a folder name is compared with `folder_names`: equal to, containing or starting with it.",
    )
    folder_case_sensitive: bool = engine_field("folder_case_sensitive")
    file_pattern_enabled: bool = Field(False, description="Apply `file_patterns` (off: every file passes).")
    file_patterns: Annotated[list[str], Field(max_length=200)] = engine_field("file_patterns")
    exclude_patterns: Annotated[list[str], Field(max_length=200)] = engine_field("exclude_patterns")
    min_size: int | None = engine_field("min_size")
    max_size: int | None = engine_field("max_size")
    min_age_seconds: float | None = engine_field("min_age_seconds")
    max_age_seconds: float | None = engine_field("max_age_seconds")
    compare_mode: CompareMode = engine_field("compare_mode")
    conflict_policy: ConflictPolicy = engine_field("conflict_policy")
    delete_extraneous: bool = engine_field("delete_extraneous")
    max_delete: int | None = engine_field("max_delete")
    max_delete_percent: float | None = engine_field("max_delete_percent")
    force_overwrite: bool = engine_field("force_overwrite")
    verify_checksums: bool = engine_field("verify_checksums")
    transfers: int | None = engine_field(
        "transfers", default=None, description="Files copied at once (empty: the service's setting)."
    )
    checkers: int | None = engine_field(
        "checkers", default=None, description="Comparisons at once (empty: the service's setting)."
    )
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


def _optional_fields(model: type[BaseModel]) -> dict[str, Any]:
    """Every field of `model`, optional with no default: what an update may send."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        optional = FieldInfo.merge_field_infos(info, default=None)
        optional.default_factory = None
        fields[name] = (cast(Any, info.annotation) | None, optional)
    return fields


if TYPE_CHECKING:
    SessionUpdate = BaseModel
else:
    SessionUpdate = create_model(
        "SessionUpdate",
        __config__=ConfigDict(extra="forbid", use_enum_values=True),
        __doc__="Changes to a session: only the fields sent change (each as in a new session).",
        **_optional_fields(SessionCreate),
    )


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
