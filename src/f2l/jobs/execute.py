"""One execution from `queued` to its final state: the work a runner (in-process or Celery) performs.

The same function runs wherever the run runs; it needs only the database and the event bus.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from f2l.db.baseline import DatabasePairStates
from f2l.db.models import Endpoint, SyncExecution, SyncSession, utc_now
from f2l.db.state import SyncStateStore
from f2l.db.statuses import ERROR_STATUSES, ExecutionStatus
from f2l.events import EventBus, EventType, iso_utc
from f2l.jobs.recorder import ExecutionRecorder
from f2l.jobs.scheduler import INTERRUPTED_MESSAGE
from f2l.services.endpoints import EndpointDeps
from f2l.services.errors import ServiceError
from f2l.services.pairs import open_pair
from f2l.services.sessions import sync_settings
from f2l.storage.errors import StorageError
from f2l.sync.engine import RunStatus
from f2l.sync.run import RunResult, run
from f2l.sync.verify import CheckReport

logger = logging.getLogger(__name__)

RECONCILIATION_LIST_LIMIT = 10_000
"""Paths kept per difference kind in a stored reconciliation (counts are always exact)."""
CANCEL_POLL_INTERVAL = 0.5


@dataclass
class JobDeps:
    """What running an execution needs."""

    sessionmaker: async_sessionmaker[AsyncSession]
    engine: AsyncEngine
    endpoints: EndpointDeps
    bus: EventBus
    default_transfers: int = 8
    default_checkers: int = 8


async def execute(deps: JobDeps, execution_id: uuid.UUID) -> str | None:
    """Run the queued execution to its end; return its final status (None if it was not queued)."""
    loaded = await _claim(deps, execution_id)
    if loaded is None:
        return None
    execution, session, endpoints = loaded
    recorder = ExecutionRecorder(deps.sessionmaker, deps.bus, execution.id, session.id)
    recorder.log(
        "info", f"run started ({execution.trigger}{', dry run' if execution.dry_run else ''}): {session.name}"
    )
    flusher = asyncio.create_task(recorder.run_flusher())
    work = asyncio.create_task(_work(deps, execution, session, endpoints, recorder))
    watcher = asyncio.create_task(_watch_cancel(recorder, work))
    try:
        final = await work
    except asyncio.CancelledError:
        final = await _stopped(deps, execution.id)
        if not work.done():  # this job itself was cancelled (service shutdown)
            work.cancel()
            with contextlib.suppress(BaseException):
                await work
    except Exception as error:  # a bug must still end the run visibly, never leave it `running`
        logger.exception("execution %s failed", execution.id)
        message = _safe_message(error)
        final = _failed_columns(message, [{"path": "", "operation": "run", "endpoint": "", "message": message}])
    finally:
        watcher.cancel()
        await asyncio.shield(recorder.stop_flusher(flusher))
    final["finished_at"] = utc_now()
    final["current_file"] = None
    # One duration per run, the execution's own (claim to finish): the summary repeats it.
    summary = final.setdefault("summary", {})
    summary["duration_s"] = round((final["finished_at"] - execution.started_at).total_seconds(), 3)
    recorder.log(
        "error" if final["status"] == RunStatus.FAILED.value else "info",
        f"run {final['status']}" + (f": {final['error_message']}" if final.get("error_message") else ""),
    )
    await asyncio.shield(_finish(deps, recorder, session, final))
    return str(final["status"])


async def _claim(
    deps: JobDeps, execution_id: uuid.UUID
) -> tuple[SyncExecution, SyncSession, tuple[Endpoint, Endpoint]] | None:
    """Move the execution from queued to running, atomically: only one worker ever gets it."""
    async with deps.sessionmaker() as db:
        now = utc_now()
        claimed = await db.execute(
            update(SyncExecution)
            .where(SyncExecution.id == execution_id, SyncExecution.status == ExecutionStatus.QUEUED)
            .values(status=ExecutionStatus.RUNNING.value, started_at=now, heartbeat_at=now)
        )
        await db.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        execution = (await db.execute(select(SyncExecution).where(SyncExecution.id == execution_id))).scalar_one()
        session = await db.get(SyncSession, execution.session_id)
        assert session is not None  # the foreign key cascades deletions
        source = await db.get(Endpoint, session.source_endpoint_id)
        destination = await db.get(Endpoint, session.destination_endpoint_id)
        assert source is not None and destination is not None
        return execution, session, (source, destination)


async def _work(
    deps: JobDeps,
    execution: SyncExecution,
    session: SyncSession,
    endpoints: tuple[Endpoint, Endpoint],
    recorder: ExecutionRecorder,
) -> dict[str, Any]:
    settings = sync_settings(
        session,
        dry_run=execution.dry_run,
        force_overwrite=execution.force_overwrite,
        allow_mass_delete=execution.allow_mass_delete,
        default_transfers=deps.default_transfers,
        default_checkers=deps.default_checkers,
    )
    states = DatabasePairStates(SyncStateStore(deps.engine))
    try:
        async with open_pair(deps.endpoints, session, *endpoints, settings) as (source, destination):
            result = await run(
                source,
                destination,
                settings,
                states=states,
                progress=recorder.on_progress,
                outcomes=recorder.on_outcome,
            )
    except (StorageError, ServiceError) as error:
        # Could not connect: the cause is the run's one error, named like any other.
        endpoint = error.endpoint if isinstance(error, StorageError) else ""
        return _failed_columns(
            str(error), [{"path": "", "operation": "connect", "endpoint": endpoint, "message": str(error)}]
        )
    return _final_columns(result)


def _failed_columns(message: str, errors: list[dict[str, str]]) -> dict[str, Any]:
    return {
        "status": RunStatus.FAILED.value,
        "error_message": message,
        "error_count": len(errors),
        "summary": {"message": message, "errors": errors},
    }


def _final_columns(result: RunResult) -> dict[str, Any]:
    errors = [
        {"path": e.path, "operation": e.operation, "endpoint": e.endpoint, "message": e.message}
        for e in result.errors[:100]
    ]
    if result.status is RunStatus.FAILED and not errors:
        # A guard stopped the run before any change: that refusal is the run's error.
        errors = [{"path": "", "operation": "guard", "endpoint": "", "message": result.message}]
    columns: dict[str, Any] = {
        "status": result.status.value,
        "files_synced": result.files_transferred,
        "bytes_transferred": result.bytes_transferred,
        "files_deleted": result.files_deleted,
        "files_failed": sum(1 for e in result.errors if e.path),
        "error_count": max(len(result.errors), len(errors)),
        "total_files": result.files_to_transfer,
        "total_bytes": result.bytes_to_transfer,
        "files_skipped": result.files_unchanged,
        "conflicts": result.conflicts,
        "error_message": result.message or None,
        "summary": {
            "message": result.message,
            "direction": result.direction.value,
            "files_to_delete": result.files_to_delete,
            "files_unchanged": result.files_unchanged,
            "files_kept": result.files_kept,
            "errors": errors,
        },
    }
    if result.check is not None:
        columns["reconciliation"] = reconciliation_document(result.check)
    return columns


def reconciliation_document(report: CheckReport) -> dict[str, Any]:
    """The stored form of a check: exact counts, and the paths of each kind up to a limit."""
    kinds = {
        "missing": report.missing,
        "extra": report.extra,
        "size_mismatch": report.size_mismatch,
        "checksum_mismatch": report.checksum_mismatch,
    }
    return {
        "in_sync": report.in_sync,
        "matched": report.matched,
        "counts": {name: len(paths) for name, paths in kinds.items()} | {"errors": len(report.errors)},
        **{name: paths[:RECONCILIATION_LIST_LIMIT] for name, paths in kinds.items()},
        "errors": [
            {"path": path, "message": message} for path, message in report.errors[:RECONCILIATION_LIST_LIMIT]
        ],
        "truncated": any(len(paths) > RECONCILIATION_LIST_LIMIT for paths in kinds.values()),
        "checked_at": utc_now().isoformat(),
    }


async def _watch_cancel(recorder: ExecutionRecorder, work: asyncio.Task[Any]) -> None:
    """Cancel the work once the database says so (the flusher reads the flag every second)."""
    while not work.done():
        if recorder.cancel_requested:
            work.cancel()
            return
        await asyncio.sleep(CANCEL_POLL_INTERVAL)


async def _stopped(deps: JobDeps, execution_id: uuid.UUID) -> dict[str, Any]:
    """The final state of a run that was stopped: `cancelled` if a user asked, else `interrupted`."""
    async with deps.sessionmaker() as db:
        requested = (
            await db.execute(select(SyncExecution.cancel_requested).where(SyncExecution.id == execution_id))
        ).scalar_one()
    if requested:
        return {"status": RunStatus.CANCELLED.value, "error_message": "cancelled by a user"}
    return {
        "status": ExecutionStatus.INTERRUPTED.value,
        "error_message": INTERRUPTED_MESSAGE,
    }


async def _finish(deps: JobDeps, recorder: ExecutionRecorder, session: SyncSession, final: dict[str, Any]) -> None:
    await recorder.flush(final)
    event = EventType.EXECUTION_ERROR if final["status"] in ERROR_STATUSES else EventType.EXECUTION_COMPLETED
    data = {
        "execution_id": str(recorder.execution_id),
        "session_id": str(session.id),
        **{key: value for key, value in final.items() if key in _EVENT_KEYS},
        "finished_at": iso_utc(final["finished_at"]),
    }
    await recorder.publish(event, data, execution_id=str(recorder.execution_id), session_id=str(session.id))


_EVENT_KEYS = (
    "status",
    "files_synced",
    "bytes_transferred",
    "files_deleted",
    "error_count",
    "total_files",
    "total_bytes",
    "error_message",
    "conflicts",
)


def _safe_message(error: BaseException) -> str:
    """A message for an unexpected error that cannot carry a secret: its type, not its text."""
    return f"internal error ({type(error).__name__}); see the service log"
