"""Log use cases: the filtered, newest-first list and the streamed CSV / JSON export."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy import ColumnElement, Row, Select, and_, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.db.models import LogEntry
from f2l.services.errors import FieldError
from f2l.services.pagination import PageParams, fetch_page

LogLevel = Literal["debug", "info", "warning", "error"]
LEVELS: tuple[LogLevel, ...] = ("debug", "info", "warning", "error")
ExportFormat = Literal["csv", "json"]
EXPORT_BATCH = 2000
EXPORT_MAX_ROWS = 1_000_000
"""An export stops after this many lines (the JSON document says `"truncated": true`)."""
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_COLUMNS = ("id", "timestamp", "level", "message", "session_id", "execution_id")


class LogRead(BaseModel):
    """One log line as answered."""

    id: int
    timestamp: datetime
    level: str
    message: str
    session_id: uuid.UUID | None
    execution_id: uuid.UUID | None


@dataclass(frozen=True)
class LogFilters:
    """What a list or an export keeps; every filter set must match."""

    level: LogLevel | None = None
    min_level: LogLevel | None = None
    session_id: uuid.UUID | None = None
    execution_id: uuid.UUID | None = None
    search: str | None = None
    since: datetime | None = None
    until: datetime | None = None

    def check(self) -> LogFilters:
        """The filters with naive times read as UTC; `FieldError` when the range is empty."""
        since, until = _aware(self.since), _aware(self.until)
        if since is not None and until is not None and since >= until:
            raise FieldError.one("until", "must be later than since")
        return LogFilters(
            level=self.level,
            min_level=self.min_level,
            session_id=self.session_id,
            execution_id=self.execution_id,
            search=self.search,
            since=since,
            until=until,
        )


def _aware(value: datetime | None) -> datetime | None:
    # Timestamps are stored in UTC and binding a naive one fails: a bare time means UTC.
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def filtered(query: Select[Any], filters: LogFilters) -> Select[Any]:
    """`query` on `logs` narrowed by `filters`."""
    if filters.level:
        query = query.where(LogEntry.level == filters.level)
    if filters.min_level:
        query = query.where(LogEntry.level.in_(LEVELS[LEVELS.index(filters.min_level) :]))
    if filters.session_id:
        query = query.where(LogEntry.session_id == filters.session_id)
    if filters.execution_id:
        query = query.where(LogEntry.execution_id == filters.execution_id)
    if filters.search:
        query = query.where(LogEntry.message.icontains(filters.search, autoescape=True))
    if filters.since:
        query = query.where(LogEntry.timestamp >= filters.since)
    if filters.until:
        query = query.where(LogEntry.timestamp < filters.until)
    return query


SEARCH_COUNT_LIMIT = 10_000
"""A text search counts at most this many matches (the count would otherwise read every line)."""


async def list_logs(db: AsyncSession, params: PageParams, filters: LogFilters) -> tuple[list[LogEntry], int, bool]:
    """A page of log lines, newest first; the total, and whether counting stopped at the limit."""
    query = filtered(select(LogEntry), filters.check()).order_by(LogEntry.timestamp.desc(), LogEntry.id.desc())
    limit = SEARCH_COUNT_LIMIT if filters.search else None
    rows, total = await fetch_page(db, query, params, count_limit=limit)
    return list(rows), total, limit is not None and total >= limit


def log_read(entry: LogEntry) -> LogRead:
    """The log line as answered."""
    return LogRead.model_validate(entry, from_attributes=True)


async def export_logs(db: AsyncSession, filters: LogFilters, file_format: ExportFormat) -> AsyncIterator[str]:
    """The matching lines, newest first (as listed), streamed one batch per chunk: CSV or one JSON document."""
    if file_format == "csv":
        yield _csv_rows([list(CSV_COLUMNS)])
        async for batch in _batches(db, filters):
            yield _csv_rows(
                [
                    [
                        row.id,
                        row.timestamp.isoformat(),
                        row.level,
                        row.message,
                        row.session_id or "",
                        row.execution_id or "",
                    ]
                    for row in batch
                ]
            )
        return
    yield '{"logs": ['
    count, last = 0, None
    async for batch in _batches(db, filters):
        lines = ",".join(LogRead.model_validate(row, from_attributes=True).model_dump_json() for row in batch)
        yield ("," if count else "") + lines
        count, last = count + len(batch), batch[-1]
    truncated = last is not None and count >= EXPORT_MAX_ROWS and await _any_older(db, filters, last)
    yield '], "truncated": ' + json.dumps(truncated) + "}"


def _older(row: Row[Any]) -> ColumnElement[bool]:
    """Lines after `row` in the newest-first order (timestamp, then id, both descending)."""
    # The outer `<=` bounds a range scan of the timestamp index; the OR breaks ties by id.
    return and_(LogEntry.timestamp <= row.timestamp, or_(LogEntry.timestamp < row.timestamp, LogEntry.id < row.id))


async def _batches(db: AsyncSession, filters: LogFilters) -> AsyncIterator[Sequence[Row[Any]]]:
    """Keyset pages on (timestamp, id): each batch is an index range scan, never an OFFSET or the whole table."""
    # Plain rows, not ORM objects: nothing accumulates in the session's identity map.
    columns: tuple[Any, ...] = (
        LogEntry.id,
        LogEntry.timestamp,
        LogEntry.level,
        LogEntry.message,
        LogEntry.session_id,
        LogEntry.execution_id,
    )
    query = filtered(select(*columns), filters).order_by(LogEntry.timestamp.desc(), LogEntry.id.desc())
    last: Row[Any] | None = None
    sent = 0
    while sent < EXPORT_MAX_ROWS:
        page = query if last is None else query.where(_older(last))
        size = min(EXPORT_BATCH, EXPORT_MAX_ROWS - sent)
        batch = (await db.execute(page.limit(size))).all()
        if batch:
            yield batch
        sent += len(batch)
        if len(batch) < size:
            return
        last = batch[-1]


async def _any_older(db: AsyncSession, filters: LogFilters, last: Row[Any]) -> bool:
    """Whether a matching line comes after `last` (the export stopped at its cap)."""
    query = filtered(select(LogEntry.id), filters).where(_older(last)).limit(1)
    return (await db.execute(query)).first() is not None


def _csv_rows(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    # Cells starting with = + - @ (or tab / CR, per OWASP) would run as formulas in a spreadsheet.
    csv.writer(buffer).writerows(
        [[f"'{v}" if isinstance(v, str) and v[:1] in _FORMULA_STARTS else v for v in values] for values in rows]
    )
    return buffer.getvalue()
