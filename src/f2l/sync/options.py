"""The settings of one run, declared once: the CLI, the API and the scheduler fill the same model."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from f2l.sync.bisync import ConflictPolicy
from f2l.sync.compare import CompareMode
from f2l.sync.filters import FilterSpec


class Direction(StrEnum):
    """Which way files flow."""

    SOURCE_TO_DEST = "source_to_dest"
    DEST_TO_SOURCE = "dest_to_source"
    BIDIRECTIONAL = "bidirectional"


class SyncSettings(BaseModel):
    """Everything a run needs besides its two endpoints."""

    model_config = ConfigDict(extra="forbid")

    direction: Direction = Field(Direction.SOURCE_TO_DEST, description="Which way files flow.")
    conflict: ConflictPolicy = Field(
        ConflictPolicy.KEEP_BOTH,
        description="How a bidirectional run settles a file changed on both sides (keep_both loses no version).",
    )
    compare: CompareMode = Field(CompareMode.SIZE_MTIME, description="How an up-to-date file is recognised.")
    delete_extraneous: bool = Field(False, description="Mirror: delete destination files the source lacks.")
    max_delete: int | None = Field(
        None, ge=0, description="Abort before any change if more files than this would be deleted."
    )
    max_delete_percent: float | None = Field(
        None,
        ge=0,
        le=100,
        description="Abort before any change if more "
        "than this share of a side's files would be deleted (default: no "
        "limit one-way, 50 % of each side bidirectional).",
    )
    allow_empty_source: bool = Field(
        False, description="Let a side that lists no files drive deletions on the other (refused by default)."
    )
    allow_mass_delete: bool = Field(
        False,
        description="Carry out deletions that the max-delete, "
        "max-delete-percent or empty-side guards would refuse.",
    )
    force: bool = Field(False, description="Copy every file that passes the filters, changed or not.")
    dry_run: bool = Field(False, description="Plan only: report what would change and change nothing.")
    transfers: int = Field(8, ge=1, le=256, description="Files copied at once.")
    checkers: int = Field(8, ge=1, le=256, description="Comparisons (metadata requests, hashing) at once.")
    retries: int = Field(3, ge=1, le=20, description="Tries of each file on transient errors.")
    bwlimit: float | None = Field(None, gt=0, description="Total bandwidth limit in bytes per second.")
    verify: bool = Field(
        False, description="Compare both sides after the run; differences end it `completed_with_differences`."
    )
    verify_checksums: bool = Field(
        False,
        description="Verify content too, reading files that have no server "
        "hash (always so with `compare: checksum`).",
    )
    filters: FilterSpec = Field(default_factory=FilterSpec, description="What the run looks at.")
