"""The names the service stores for a run: its status, what started it, how each file operation ended.

One definition for the database, the services, the jobs and the API, whose OpenAPI document
shows each enum as a named schema. The stored strings never change: rows written by any
version read back the same. `ExecutionStatus` holds the engine's `RunStatus` values
(completed, completed_with_differences, failed, cancelled) and adds the service's own
`queued`, `running` and `interrupted`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class ExecutionStatus(StrEnum):
    """Where a run is: `queued` → `running` → one of the final statuses."""

    QUEUED = "queued"
    RUNNING = "running"
    COMPLETED = "completed"
    COMPLETED_WITH_DIFFERENCES = "completed_with_differences"
    FAILED = "failed"
    CANCELLED = "cancelled"
    INTERRUPTED = "interrupted"


ACTIVE_STATUSES: Final = (ExecutionStatus.QUEUED, ExecutionStatus.RUNNING)
"""A session has at most one run in these (the database enforces it)."""
FINAL_STATUSES: Final = (
    ExecutionStatus.COMPLETED,
    ExecutionStatus.COMPLETED_WITH_DIFFERENCES,
    ExecutionStatus.FAILED,
    ExecutionStatus.CANCELLED,
    ExecutionStatus.INTERRUPTED,
)
SUCCESSFUL_STATUSES: Final = (ExecutionStatus.COMPLETED, ExecutionStatus.COMPLETED_WITH_DIFFERENCES)
"""Runs that went to their end (with or without differences left by the check)."""
ERROR_STATUSES: Final = (ExecutionStatus.FAILED, ExecutionStatus.INTERRUPTED)
"""Runs that end with an `execution_error` event (the others with `execution_completed`)."""


class ExecutionTrigger(StrEnum):
    """What started a run."""

    MANUAL = "manual"
    SCHEDULE = "schedule"
    STARTUP = "startup"


class OperationStatus(StrEnum):
    """How one file operation of a run ended."""

    DONE = "done"
    FAILED = "failed"


def active_statuses_sql() -> str:
    """`status IN ('queued', 'running')`: the partial index's condition, as the migrations wrote it."""
    return "status IN (" + ", ".join(f"'{status.value}'" for status in ACTIVE_STATUSES) + ")"
