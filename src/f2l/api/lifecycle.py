"""What the service starts beside the API: recovery, auto-start sessions, scheduler, health checks."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from sqlalchemy import select

from f2l.api.state import ServiceState
from f2l.db.models import Endpoint, SyncSession
from f2l.db.statuses import ExecutionTrigger
from f2l.jobs.scheduler import queued_executions, recover_interrupted, run_scheduler
from f2l.services.app_settings import AppSettingsModel, load_app_settings, purge_old_records
from f2l.services.endpoints import check_health, health_change_line
from f2l.services.errors import ConflictError
from f2l.services.service_log import record_line
from f2l.services.sessions import create_execution

logger = logging.getLogger(__name__)

MAINTENANCE_INTERVAL = 3600.0
IDLE_CHECK = 60.0
"""Seconds between looks at a health check interval that is off (0)."""


async def start_background(state: ServiceState) -> None:
    """Recover from a crash, queue auto-start sessions, start the scheduler and health monitor."""
    embedded = not state.settings.redis_url  # one process: every `running` row is a dead run
    await recover_interrupted(state.sessionmaker, all_running=embedded)
    for execution_id in await queued_executions(state.sessionmaker):
        await state.runner.submit(execution_id)
    await _auto_start(state)
    if state.settings.scheduler_enabled:
        state.background.append(
            asyncio.create_task(
                run_scheduler(
                    state.sessionmaker,
                    state.runner,
                    state.bus,
                    state.settings.scheduler_interval,
                    all_running=embedded,
                ),
                name="f2l-scheduler",
            )
        )
    await apply_app_settings(state)
    state.background.append(asyncio.create_task(_health_monitor(state), name="f2l-health"))
    state.background.append(asyncio.create_task(_maintenance(state), name="f2l-maintenance"))


async def stop_background(state: ServiceState) -> None:
    """Stop what `start_background` started."""
    tasks = list(state.background)
    for task in tasks:
        task.cancel()
    for task in tasks:
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _auto_start(state: ServiceState) -> None:
    async with state.sessionmaker() as db:
        ids = (await db.execute(select(SyncSession.id).where(SyncSession.auto_start_enabled.is_(True)))).scalars()
        for session_id in list(ids):
            session = await db.get(SyncSession, session_id, populate_existing=True)
            if session is None:
                continue
            try:
                execution = await create_execution(
                    db, session, dry_run=False, force_overwrite=False, trigger=ExecutionTrigger.STARTUP
                )
            except ConflictError:  # a run of it is already queued (it was resubmitted above)
                continue
            await state.runner.submit(execution.id)


async def apply_app_settings(state: ServiceState) -> AppSettingsModel:
    """Put the admin-editable settings (database, else process defaults) into effect in this process."""
    async with state.sessionmaker() as db:
        model = await load_app_settings(db, state.settings)
    await state.runner.set_limit(model.max_concurrent_executions)
    state.jobs.default_transfers = model.default_transfers
    state.jobs.default_checkers = model.default_checkers
    state.write_limiter.limit = model.write_rate_limit_per_minute
    state.health_check_interval = float(model.health_check_interval_seconds)
    return model


async def _maintenance(state: ServiceState) -> None:
    """Hourly: re-read the settings (another replica may have changed them) and purge old history."""
    while True:
        await asyncio.sleep(MAINTENANCE_INTERVAL)
        try:
            model = await apply_app_settings(state)
            async with state.sessionmaker() as db:
                purged = await purge_old_records(db, model)
            if any(purged.values()):
                logger.info("retention: purged %s", purged)
        except Exception:
            logger.exception("maintenance failed")


async def _health_monitor(state: ServiceState) -> None:
    """Test every endpoint's connection on an interval; the dashboard shows the result."""
    while True:
        interval = state.health_check_interval
        await asyncio.sleep(interval if interval > 0 else IDLE_CHECK)
        if state.health_check_interval <= 0:
            continue  # turned off (an admin setting); look again later
        try:
            async with state.sessionmaker() as db:
                for endpoint in (await db.execute(select(Endpoint))).scalars().all():
                    before = endpoint.connection_status
                    await check_health(state.endpoint_deps, endpoint)
                    await db.commit()
                    change = health_change_line(before, endpoint)
                    if change is not None:
                        level, message = change
                        await record_line(db, state.bus, message, level=level)
        except Exception:
            logger.exception("endpoint health check failed")
