"""Admin-editable settings, one `app_settings` row per key, and the retention purge they drive."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.config import Settings
from f2l.db import dialect
from f2l.db.models import AppSetting, LogEntry, SyncExecution, SyncOperation, utc_now
from f2l.services.executions import FINAL_STATUSES
from f2l.services.users import SETUP_MARKER

logger = logging.getLogger(__name__)

PURGE_BATCH = 1000
"""Rows (logs, executions) deleted per statement and transaction by the purge."""
OPERATION_PURGE_BATCH = 10_000
"""Operations deleted per statement: one run can hold millions of them."""
RESERVED_KEYS = frozenset({SETUP_MARKER})


class AppSettingsModel(BaseModel):
    """The service settings an admin edits at run time; unset keys take these defaults."""

    model_config = ConfigDict(extra="forbid")

    max_concurrent_executions: int = Field(4, ge=1, le=256, description="Runs executed at once.")
    default_transfers: int = Field(8, ge=1, le=256, description="Parallel transfers of a session without its own.")
    default_checkers: int = Field(8, ge=1, le=256, description="Parallel checkers of a session without its own.")
    log_retention_days: int = Field(90, ge=1, le=3650, description="Log lines older than this are purged.")
    execution_retention_days: int = Field(
        365, ge=1, le=3650, description="Finished runs (and their operations) older than this are purged."
    )
    health_check_interval_seconds: int = Field(
        300, ge=0, le=86400, description="Seconds between endpoint health checks (0: off)."
    )
    write_rate_limit_per_minute: int = Field(
        100, ge=0, le=100_000, description="Write requests per minute per client (0: unlimited)."
    )


class AppSettingsUpdate(BaseModel):
    """A partial change: only the keys sent change; `null` drops a key back to its default."""

    model_config = ConfigDict(extra="forbid")

    max_concurrent_executions: int | None = Field(None, ge=1, le=256)
    default_transfers: int | None = Field(None, ge=1, le=256)
    default_checkers: int | None = Field(None, ge=1, le=256)
    log_retention_days: int | None = Field(None, ge=1, le=3650)
    execution_retention_days: int | None = Field(None, ge=1, le=3650)
    health_check_interval_seconds: int | None = Field(None, ge=0, le=86400)
    write_rate_limit_per_minute: int | None = Field(None, ge=0, le=100_000)


KEYS = tuple(AppSettingsModel.model_fields)


def defaults(settings: Settings) -> dict[str, Any]:
    """The values of keys never set: the process settings where one exists, else the model's defaults."""
    return {
        "max_concurrent_executions": settings.max_concurrent_executions,
        # The process settings allow wider ranges than the editable ones: clamp into them.
        "health_check_interval_seconds": min(86400, int(settings.health_check_interval)),
        "write_rate_limit_per_minute": min(100_000, settings.write_rate_limit),
    }


async def load_app_settings(db: AsyncSession, settings: Settings) -> AppSettingsModel:
    """The effective settings: stored values over the defaults (a stored value that no longer validates is
    ignored, with a warning)."""
    base = defaults(settings)
    stored = (await db.execute(select(AppSetting).where(AppSetting.key.in_(KEYS)))).scalars().all()
    values = dict(base)
    for row in stored:
        try:
            AppSettingsModel.model_validate({**base, row.key: row.value})
        except ValidationError:
            logger.warning("ignoring the stored setting %s: %r is not valid", row.key, row.value)
            continue
        values[row.key] = row.value
    return AppSettingsModel.model_validate(values)


async def update_app_settings(db: AsyncSession, settings: Settings, change: AppSettingsUpdate) -> AppSettingsModel:
    """Store the keys sent (an upsert each; `null` deletes the row) and answer the effective settings."""
    sent = change.model_dump(exclude_unset=True)
    now = utc_now()
    for key, value in sent.items():
        if key in RESERVED_KEYS:  # not a field of the model today; kept out should one ever be added
            continue
        if value is None:
            await db.execute(delete(AppSetting).where(AppSetting.key == key))
            continue
        # An upsert, so two admins saving at once cannot collide on the primary key.
        await db.execute(
            dialect.upsert(
                db,
                AppSetting,
                [AppSetting.key],
                {"key": key, "value": value, "updated_at": now},
                {"value": value, "updated_at": now},
            )
        )
    await db.commit()
    return await load_app_settings(db, settings)


async def purge_old_records(
    db: AsyncSession, model: AppSettingsModel, now: datetime | None = None
) -> dict[str, int]:
    """Delete log lines and finished runs past their retention, in bounded batches; answer what went."""
    now = now or utc_now()
    removed = {"logs": 0, "executions": 0, "operations": 0}
    log_cutoff = now - timedelta(days=model.log_retention_days)
    while True:
        ids = (
            (await db.execute(select(LogEntry.id).where(LogEntry.timestamp < log_cutoff).limit(PURGE_BATCH)))
            .scalars()
            .all()
        )
        if not ids:
            break
        await db.execute(delete(LogEntry).where(LogEntry.id.in_(ids)))
        await db.commit()
        removed["logs"] += len(ids)

    run_cutoff = now - timedelta(days=model.execution_retention_days)
    old_runs = select(SyncExecution.id).where(
        SyncExecution.status.in_(FINAL_STATUSES),
        # created_at ≤ finished_at, so the first test only narrows through the (status, created_at) index.
        SyncExecution.created_at < run_cutoff,
        func.coalesce(SyncExecution.finished_at, SyncExecution.created_at) < run_cutoff,
    )
    while True:
        run_ids = (await db.execute(old_runs.limit(PURGE_BATCH))).scalars().all()
        if not run_ids:
            break
        # Operations first, explicitly: the foreign key cascades only where the database enforces it.
        removed["operations"] += await _purge_operations(db, list(run_ids))
        await db.execute(delete(SyncExecution).where(SyncExecution.id.in_(run_ids)))
        await db.commit()
        removed["executions"] += len(run_ids)
    if any(removed.values()):
        logger.info("retention purge removed %s", removed)
    return removed


async def _purge_operations(db: AsyncSession, run_ids: list[Any]) -> int:
    count = 0
    while True:
        ids = (
            (
                await db.execute(
                    select(SyncOperation.id)
                    .where(SyncOperation.execution_id.in_(run_ids))
                    .limit(OPERATION_PURGE_BATCH)
                )
            )
            .scalars()
            .all()
        )
        if not ids:
            return count
        await db.execute(delete(SyncOperation).where(SyncOperation.id.in_(ids)))
        await db.commit()
        count += len(ids)
