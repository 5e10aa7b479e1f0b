"""Dashboard statistics, aggregated in SQL: totals, per-day runs and bytes, recent and active runs."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.db import dialect
from f2l.db.models import Endpoint, SyncExecution, SyncSession, utc_now
from f2l.db.statuses import ACTIVE_STATUSES, FINAL_STATUSES, ExecutionStatus
from f2l.services.executions import progress_percentage

STATUSES: tuple[str, ...] = tuple(status.value for status in ExecutionStatus)
RECENT_LIMIT = 10
ACTIVE_LIMIT = 100
"""Active runs listed at most (running ones first); one per session can be queued."""


class Totals(BaseModel):
    """How many of each thing exist (all time)."""

    endpoints: int
    sessions: int
    executions: int
    endpoints_by_type: dict[str, int]


class DayStats(BaseModel):
    """Runs created on one UTC day, by status, and what they moved."""

    date: str
    queued: int = 0
    running: int = 0
    completed: int = 0
    completed_with_differences: int = 0
    failed: int = 0
    cancelled: int = 0
    interrupted: int = 0
    total: int = 0
    bytes_transferred: int = 0
    files_transferred: int = 0


class RecentExecution(BaseModel):
    """A run in the recent list."""

    id: uuid.UUID
    session_id: uuid.UUID
    session_name: str
    status: ExecutionStatus
    created_at: datetime
    bytes_transferred: int


class ActiveExecution(BaseModel):
    """A queued or running run and its progress."""

    id: uuid.UUID
    session_id: uuid.UUID
    session_name: str
    status: ExecutionStatus
    progress_percentage: float
    files_synced: int
    total_files: int
    bytes_transferred: int
    total_bytes: int
    current_file: str | None
    speed_bps: float | None
    eta_seconds: float | None
    created_at: datetime
    started_at: datetime | None


class Stats(BaseModel):
    """The dashboard's numbers; "window" figures count runs created in the last `days` UTC days."""

    days: int
    since: datetime
    totals: Totals
    success_rate: float | None
    """Completed runs over finished runs (any final status) in the window; null when none finished."""
    bytes_transferred: int
    files_transferred: int
    daily: list[DayStats]
    status_distribution: dict[str, int]
    recent_executions: list[RecentExecution]
    active_executions: list[ActiveExecution]


async def _count(db: AsyncSession, column: Any) -> int:
    return int((await db.execute(select(func.count(column)))).scalar_one())


async def read_stats(db: AsyncSession, days: int, now: datetime | None = None) -> Stats:
    """Every figure of the dashboard for the last `days` days (today, UTC, included)."""
    today = (now or utc_now()).astimezone(UTC).date()
    first_day = today - timedelta(days=days - 1)
    since = datetime(first_day.year, first_day.month, first_day.day, tzinfo=UTC)
    end = since + timedelta(days=days)

    by_type = await db.execute(select(Endpoint.endpoint_type, func.count()).group_by(Endpoint.endpoint_type))
    totals = Totals(
        endpoints=await _count(db, Endpoint.id),
        sessions=await _count(db, SyncSession.id),
        executions=await _count(db, SyncExecution.id),
        endpoints_by_type={kind: int(count) for kind, count in by_type.all()},
    )

    day = dialect.utc_day(db, SyncExecution.created_at).label("day")
    grouped = await db.execute(
        select(
            day,
            SyncExecution.status,
            func.count(),
            func.coalesce(func.sum(SyncExecution.bytes_transferred), 0),
            func.coalesce(func.sum(SyncExecution.files_synced), 0),
        )
        .where(SyncExecution.created_at >= since, SyncExecution.created_at < end)
        .group_by(day, SyncExecution.status)
    )
    daily = {name: DayStats(date=name) for name in window_days(first_day, days)}
    distribution = dict.fromkeys(STATUSES, 0)
    for day_text, status, count, moved, files in grouped.all():
        distribution[status] = distribution.get(status, 0) + int(count)
        row = daily.get(str(day_text))
        if row is None:  # cannot happen with the window's WHERE; never fail the dashboard over it
            continue
        if status in STATUSES:  # an unknown status still counts in the day's total
            setattr(row, status, getattr(row, status) + int(count))
        row.total += int(count)
        row.bytes_transferred += int(moved)
        row.files_transferred += int(files)

    finished = sum(distribution.get(status, 0) for status in FINAL_STATUSES)
    return Stats(
        days=days,
        since=since,
        totals=totals,
        success_rate=round(distribution[ExecutionStatus.COMPLETED] / finished, 4) if finished else None,
        bytes_transferred=sum(row.bytes_transferred for row in daily.values()),
        files_transferred=sum(row.files_transferred for row in daily.values()),
        daily=list(daily.values()),
        status_distribution=distribution,
        recent_executions=await _recent(db),
        active_executions=await _active(db),
    )


async def _recent(db: AsyncSession) -> list[RecentExecution]:
    rows = await db.execute(
        select(SyncExecution, SyncSession.name)
        .join(SyncSession)
        .order_by(SyncExecution.created_at.desc(), SyncExecution.id)
        .limit(RECENT_LIMIT)
    )
    return [
        RecentExecution(
            id=execution.id,
            session_id=execution.session_id,
            session_name=name,
            status=execution.status,
            created_at=execution.created_at,
            bytes_transferred=execution.bytes_transferred,
        )
        for execution, name in rows.all()
    ]


async def _active(db: AsyncSession) -> list[ActiveExecution]:
    rows = await db.execute(
        select(SyncExecution, SyncSession.name)
        .join(SyncSession)
        .where(SyncExecution.status.in_(ACTIVE_STATUSES))
        # 'running' sorts after 'queued': descending puts the running ones first.
        .order_by(SyncExecution.status.desc(), SyncExecution.created_at, SyncExecution.id)
        .limit(ACTIVE_LIMIT)
    )
    return [
        ActiveExecution(
            id=execution.id,
            session_id=execution.session_id,
            session_name=name,
            status=execution.status,
            progress_percentage=progress_percentage(execution),
            files_synced=execution.files_synced,
            total_files=execution.total_files,
            bytes_transferred=execution.bytes_transferred,
            total_bytes=execution.total_bytes,
            current_file=execution.current_file,
            speed_bps=execution.speed_bps,
            eta_seconds=execution.eta_seconds,
            created_at=execution.created_at,
            started_at=execution.started_at,
        )
        for execution, name in rows.all()
    ]


def window_days(first: date, days: int) -> list[str]:
    """The `days` dates from `first`, as 'YYYY-MM-DD'."""
    return [(first + timedelta(days=n)).isoformat() for n in range(days)]
