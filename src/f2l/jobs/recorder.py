"""What a running execution writes: progress, file operations and logs — batched, never per file.

The engine calls back on its hot path (progress snapshots, one outcome per file); those
calls only append to memory. A flusher writes everything gathered once a second (or
when a batch is full) in one transaction, publishes the progress event, refreshes the
heartbeat and reads back `cancel_requested`, so a cancel asked through another process
(an API replica) reaches the run within a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from f2l.db.models import LogEntry, SyncExecution, SyncOperation, utc_now
from f2l.db.statuses import ExecutionStatus, OperationStatus
from f2l.events import EventBus, EventBusError, EventType, iso_utc
from f2l.sync.progress import FileOutcome, ProgressSnapshot

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
"""Operations written per INSERT; a full batch flushes at once rather than waiting for the tick."""
FLUSH_INTERVAL = 1.0
MAX_LOGGED_FILE_ERRORS = 200
"""File errors also written to the log (all of them are in the operations)."""


@dataclass
class ExecutionRecorder:
    """The buffer between one run's engine callbacks and the database and event bus."""

    sessionmaker: async_sessionmaker[AsyncSession]
    bus: EventBus
    execution_id: uuid.UUID
    session_id: uuid.UUID
    snapshot: ProgressSnapshot | None = None
    cancel_requested: bool = False
    _operations: list[dict[str, Any]] = field(default_factory=list)
    _logs: list[dict[str, Any]] = field(default_factory=list)
    _logged_errors: int = 0
    _stopping: bool = False
    _wake: asyncio.Event = field(default_factory=asyncio.Event)
    _lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    # -- engine callbacks (hot path: memory only) ------------------------------------------

    def on_progress(self, snapshot: ProgressSnapshot) -> None:
        self.snapshot = snapshot

    def on_outcome(self, outcome: FileOutcome) -> None:
        self._operations.append(
            {
                "execution_id": self.execution_id,
                "action": outcome.action,
                "path": outcome.path,
                "reason": outcome.reason,
                "size": outcome.size,
                "status": (OperationStatus.DONE if outcome.ok else OperationStatus.FAILED).value,
                "error": outcome.error,
                "duration_ms": round(outcome.duration_s * 1000, 3),
                "created_at": utc_now(),
            }
        )
        if not outcome.ok and self._logged_errors < MAX_LOGGED_FILE_ERRORS:
            self._logged_errors += 1
            self.log("error", f"{outcome.action} {outcome.path}: {outcome.error}")
        if len(self._operations) >= BATCH_SIZE:
            self._wake.set()

    def log(self, level: str, message: str) -> None:
        """Queue a log line of this execution (written and published at the next flush)."""
        self._logs.append(
            {
                "timestamp": utc_now(),
                "level": level,
                "message": message,
                "session_id": self.session_id,
                "execution_id": self.execution_id,
            }
        )

    # -- flushing ----------------------------------------------------------------------------

    async def run_flusher(self) -> None:
        """Flush every `FLUSH_INTERVAL` seconds (sooner when a batch fills) until `stop_flusher`."""
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), FLUSH_INTERVAL)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # a failed flush must not kill the run; the next one retries
                logger.exception("writing the progress of execution %s failed", self.execution_id)

    async def stop_flusher(self, flusher: asyncio.Task[None]) -> None:
        """End the flusher between two flushes: cancelling it mid-write would abandon a database call."""
        self._stopping = True
        self._wake.set()
        await flusher

    async def flush(self, final: dict[str, Any] | None = None) -> None:
        """Write what was gathered; `final` columns (status, totals...) go in the same transaction."""
        async with self._lock:
            operations, self._operations = self._operations, []
            logs, self._logs = self._logs, []
            values = {**self._progress_columns(), **(final or {}), "heartbeat_at": utc_now()}
            async with self.sessionmaker() as db:
                if operations:
                    await db.execute(insert(SyncOperation), operations)
                # The stored ids go out with the live lines, so a client merging both sees one line once.
                log_ids = (
                    list(
                        (
                            await db.execute(
                                insert(LogEntry).returning(LogEntry.id, sort_by_parameter_order=True), logs
                            )
                        ).scalars()
                    )
                    if logs
                    else []
                )
                await db.execute(
                    update(SyncExecution).where(SyncExecution.id == self.execution_id).values(**values)
                )
                requested = (
                    await db.execute(
                        select(SyncExecution.cancel_requested).where(SyncExecution.id == self.execution_id)
                    )
                ).scalar_one()
                await db.commit()
            self.cancel_requested = bool(requested)
        for line, log_id in zip(logs, log_ids, strict=True):
            await self.publish(
                EventType.LOG,
                {
                    "id": log_id,
                    "level": line["level"],
                    "message": line["message"],
                    "timestamp": iso_utc(line["timestamp"]),
                },
                execution_id=str(self.execution_id),
                session_id=str(self.session_id),
            )
        if final is None and self.snapshot is not None:
            await self.publish(
                EventType.EXECUTION_PROGRESS,
                self.progress_event(),
                execution_id=str(self.execution_id),
                session_id=str(self.session_id),
            )

    async def publish(self, event_type: str, data: dict[str, Any], **scope: str) -> None:
        """Publish an event; an unavailable bus is logged, never fatal (the database is the truth)."""
        try:
            await self.bus.publish(event_type, data, **scope)
        except (EventBusError, ValueError) as error:
            logger.warning("event %s of execution %s not published: %s", event_type, self.execution_id, error)

    def _progress_columns(self) -> dict[str, Any]:
        snap = self.snapshot
        if snap is None:
            return {}
        return {
            "total_files": snap.files_total,
            "files_synced": snap.files_done - snap.errors,
            "total_bytes": snap.bytes_total,
            "bytes_transferred": snap.bytes_done,
            "files_deleted": snap.files_deleted,
            "error_count": snap.errors,
            "current_file": snap.current[0] if snap.current else None,
            "speed_bps": round(snap.speed_bps, 1),
            "eta_seconds": snap.eta_seconds,
        }

    def progress_event(self) -> dict[str, Any]:
        """The `execution_progress` event's data."""
        snap = self.snapshot
        assert snap is not None
        return {
            "execution_id": str(self.execution_id),
            "session_id": str(self.session_id),
            "status": ExecutionStatus.RUNNING,
            "phase": snap.phase.value,
            "progress_percentage": round(snap.percentage, 2),
            "files_synced": snap.files_done - snap.errors,
            "total_files": snap.files_total,
            "bytes_transferred": snap.bytes_done,
            "total_bytes": snap.bytes_total,
            "files_deleted": snap.files_deleted,
            "error_count": snap.errors,
            "current_files": list(snap.current[:8]),
            "speed_bps": round(snap.speed_bps, 1),
            "eta_seconds": snap.eta_seconds,
            "cancel_requested": self.cancel_requested,
        }
