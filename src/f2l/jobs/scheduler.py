"""The scheduler: starts sessions whose next run is due, and finds runs a crash left `running`.

Each due run is claimed with one conditional UPDATE (`next_run_at` moves forward only if it
still holds the value this scheduler read), so two schedulers — two API replicas — never
fire the same run twice; the database's one-active-run index backs that up.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from f2l.db.models import SyncExecution, SyncSession, utc_now
from f2l.db.statuses import ExecutionStatus, ExecutionTrigger
from f2l.events import EventBus
from f2l.jobs.runner import Runner
from f2l.services.errors import ConflictError
from f2l.services.schedule import next_run_after
from f2l.services.service_log import record_line
from f2l.services.sessions import create_execution

logger = logging.getLogger(__name__)

INTERRUPTED_MESSAGE = "the service stopped during the run; start it again to finish the rest"
STALE_HEARTBEAT = timedelta(seconds=60)
"""A `running` execution whose heartbeat is older than this was left by a dead process."""


async def fire_due_sessions(
    sessionmaker: async_sessionmaker[AsyncSession], runner: Runner, bus: EventBus
) -> list[uuid.UUID]:
    """Queue a run of every session whose schedule is due; return the executions queued."""
    now = utc_now()
    queued: list[uuid.UUID] = []
    async with sessionmaker() as db:
        # Plain values, not ORM objects: a rollback below would expire them mid-loop.
        due = (
            await db.execute(
                select(
                    SyncSession.id,
                    SyncSession.next_run_at,
                    SyncSession.schedule_interval,
                    SyncSession.schedule_unit,
                    SyncSession.schedule_cron,
                ).where(
                    SyncSession.schedule_enabled.is_(True),
                    SyncSession.schedule_paused.is_(False),
                    SyncSession.next_run_at.is_not(None),
                    SyncSession.next_run_at <= now,
                )
            )
        ).all()
        for session_id, planned, interval, unit, cron in due:
            following = next_run_after(now, interval=interval, unit=unit, cron=cron)
            claimed = await db.execute(
                update(SyncSession)
                .where(SyncSession.id == session_id, SyncSession.next_run_at == planned)
                .values(next_run_at=following)
            )
            await db.commit()
            if claimed.rowcount != 1:  # type: ignore[attr-defined]  # another scheduler took it
                continue
            session = await db.get(SyncSession, session_id, populate_existing=True)
            if session is None:
                continue
            name = session.name
            try:
                execution = await create_execution(
                    db, session, dry_run=False, force_overwrite=False, trigger=ExecutionTrigger.SCHEDULE
                )
            except ConflictError:
                await record_line(
                    db,
                    bus,
                    f"scheduled run of {name!r} skipped: the previous run is still active",
                    level="warning",
                    session_id=session_id,
                )
                continue
            queued.append(execution.id)
    for execution_id in queued:
        await runner.submit(execution_id)
    return queued


async def recover_interrupted(sessionmaker: async_sessionmaker[AsyncSession], *, all_running: bool) -> int:
    """Mark runs left `running` by a crash as `interrupted`; return how many.

    With one process (`all_running`), every `running` row at start-up is such a run; with
    several, only those whose heartbeat stopped.
    """
    now = utc_now()
    condition = SyncExecution.status == ExecutionStatus.RUNNING
    if not all_running:
        condition = condition & (SyncExecution.heartbeat_at < now - STALE_HEARTBEAT)
    async with sessionmaker() as db:
        result = await db.execute(
            update(SyncExecution)
            .where(condition)
            .values(
                status=ExecutionStatus.INTERRUPTED.value,
                finished_at=now,
                current_file=None,
                error_message=INTERRUPTED_MESSAGE,
            )
        )
        await db.commit()
    count = int(result.rowcount)  # type: ignore[attr-defined]
    if count:
        logger.warning("%d interrupted execution(s) found", count)
    return count


async def queued_executions(sessionmaker: async_sessionmaker[AsyncSession]) -> list[uuid.UUID]:
    """Executions waiting to run (e.g. queued just before a restart)."""
    async with sessionmaker() as db:
        rows = await db.execute(
            select(SyncExecution.id)
            .where(SyncExecution.status == ExecutionStatus.QUEUED)
            .order_by(SyncExecution.created_at)
        )
        return list(rows.scalars().all())


async def run_scheduler(
    sessionmaker: async_sessionmaker[AsyncSession],
    runner: Runner,
    bus: EventBus,
    interval: float,
    *,
    all_running: bool,
) -> None:
    """Tick forever: fire due sessions, sweep dead runs. Errors are logged, never fatal."""
    while True:
        try:
            await fire_due_sessions(sessionmaker, runner, bus)
            if not all_running:
                await recover_interrupted(sessionmaker, all_running=False)
        except Exception:
            logger.exception("scheduler tick failed")
        await asyncio.sleep(interval)
