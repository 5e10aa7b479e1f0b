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

from f2l.db.models import Endpoint, SyncExecution, SyncSession, utc_now
from f2l.events import EventBus
from f2l.jobs.pair import open_pair, run_pair
from f2l.jobs.recorder import ExecutionRecorder
from f2l.jobs.scheduler import INTERRUPTED_MESSAGE
from f2l.services.endpoints import EndpointDeps
from f2l.services.errors import ServiceError
from f2l.services.sessions import sync_settings
from f2l.storage.errors import StorageError
from f2l.sync.bisync_run import BiResult
from f2l.sync.engine import RunStatus, SyncResult
from f2l.sync.verify import CheckReport, check

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
        final = {"status": RunStatus.FAILED.value, "error_message": _safe_message(error)}
    finally:
        watcher.cancel()
        await asyncio.shield(recorder.stop_flusher(flusher))
    final["finished_at"] = utc_now()
    final["current_file"] = None
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
            .where(SyncExecution.id == execution_id, SyncExecution.status == "queued")
            .values(status="running", started_at=now, heartbeat_at=now)
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
    try:
        async with open_pair(deps.endpoints, session, *endpoints, settings) as pair:
            result = await run_pair(
                pair, session, settings, deps.engine, recorder.on_progress, recorder.on_outcome
            )
            report = None
            if not settings.dry_run and result.status is not RunStatus.FAILED:
                recorder.log("info", "verifying: comparing both sides")
                sending, receiving = pair.sending_first(settings)
                report = await check(
                    sending,
                    receiving,
                    settings.filters,
                    checksum=session.verify_checksums,
                    checkers=settings.checkers,
                )
    except (StorageError, ServiceError) as error:
        return {"status": RunStatus.FAILED.value, "error_message": str(error)}
    return _final_columns(result, report)


def _final_columns(result: SyncResult | BiResult, report: CheckReport | None) -> dict[str, Any]:
    status = result.status
    if report is not None and not report.in_sync and status is RunStatus.COMPLETED:
        status = RunStatus.COMPLETED_WITH_DIFFERENCES
    planned_files, planned_bytes, skipped = _planned(result)
    columns: dict[str, Any] = {
        "status": status.value,
        "files_synced": result.files_transferred,
        "bytes_transferred": result.bytes_transferred,
        "files_deleted": result.files_deleted,
        "files_failed": len(result.errors),
        "error_count": len(result.errors),
        "total_files": planned_files,
        "total_bytes": planned_bytes,
        "files_skipped": skipped,
        "conflicts": result.conflicts if isinstance(result, BiResult) else 0,
        "error_message": result.message or None,
        "summary": {
            "duration_s": result.duration_s,
            "message": result.message,
            "errors": [
                {"path": e.path, "operation": e.operation, "endpoint": e.endpoint, "message": e.message}
                for e in result.errors[:100]
            ],
        },
    }
    if report is not None:
        columns["reconciliation"] = reconciliation_document(report)
    return columns


def _planned(result: SyncResult | BiResult) -> tuple[int, int, int]:
    """(files planned to transfer, their bytes, files left as they were)."""
    if isinstance(result, SyncResult):
        return len(result.plan.copies), result.plan.bytes_to_copy, result.files_skipped
    transfers = [op for op in result.operations if op.action.value.startswith(("copy", "keep"))]
    unchanged = sum(1 for op in result.operations if op.action.value == "record")
    return len(transfers), sum(op.size for op in transfers), unchanged


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
        "status": "interrupted",
        "error_message": INTERRUPTED_MESSAGE,
    }


async def _finish(deps: JobDeps, recorder: ExecutionRecorder, session: SyncSession, final: dict[str, Any]) -> None:
    await recorder.flush(final)
    event = (
        "execution_error" if final["status"] in (RunStatus.FAILED.value, "interrupted") else "execution_completed"
    )
    data = {
        "execution_id": str(recorder.execution_id),
        "session_id": str(session.id),
        **{key: value for key, value in final.items() if key in _EVENT_KEYS},
        "finished_at": final["finished_at"].isoformat(),
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
