"""Log use cases: the filtered, newest-first list and the streamed CSV / JSON export."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field
from sqlalchemy import ColumnElement, Integer, Row, Select, and_, func, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.db import dialect
from f2l.db.models import LogEntry
from f2l.services.csv_export import csv_rows
from f2l.services.errors import FieldError
from f2l.services.pagination import PageParams, fetch_page


class LogLevel(StrEnum):
    """How severe a log line is, from the least to the most."""

    DEBUG = "debug"
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"


LEVELS: tuple[LogLevel, ...] = tuple(LogLevel)


class ExportFormat(StrEnum):
    """The form of a download: CSV rows, or one JSON document."""

    CSV = "csv"
    JSON = "json"


EXPORT_BATCH = 2000
EXPORT_MAX_ROWS = 1_000_000
"""An export stops after this many lines (the JSON document says `"truncated": true`)."""
CSV_COLUMNS = ("id", "timestamp", "level", "message", "session_id", "execution_id")


class LogRead(BaseModel):
    """One log line as answered."""

    id: int
    timestamp: datetime
    level: LogLevel
    message: str
    session_id: uuid.UUID | None
    execution_id: uuid.UUID | None


class LogExport(BaseModel):
    """`GET /logs/export?format=json`: the matching lines, newest first."""

    logs: list[LogRead]
    truncated: bool = Field(description="True when the export stopped at its cap of 1,000,000 lines.")


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


async def has_text_index(db: AsyncSession) -> bool:
    """Whether this database has the SQLite FTS5 trigram index of log messages (migration 0004)."""
    key = str(db.get_bind().engine.url)
    if key not in _TEXT_INDEX:
        _TEXT_INDEX[key] = await dialect.has_sqlite_table(db, "logs_fts")
    return _TEXT_INDEX[key]


_TEXT_INDEX: dict[str, bool] = {}
TRIGRAM = 3
"""The trigram index finds substrings of at least this many characters."""


def filtered(query: Select[Any], filters: LogFilters, *, text_index: bool = False) -> Select[Any]:
    """`query` on `logs` narrowed by `filters`; `text_index`: narrow a search through SQLite's FTS5 table.

    PostgreSQL serves the same `ILIKE` from its trigram GIN index (migration 0003) unchanged.
    """
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
        if text_index and len(filters.search) >= TRIGRAM:
            # The index narrows to candidate lines; the LIKE above keeps the exact meaning.
            candidates = text("SELECT rowid FROM logs_fts WHERE logs_fts MATCH :phrase").bindparams(
                phrase=_fts_phrase(filters.search)
            )
            query = query.where(LogEntry.id.in_(candidates.columns(rowid=Integer)))
    if filters.since:
        query = query.where(LogEntry.timestamp >= filters.since)
    if filters.until:
        query = query.where(LogEntry.timestamp < filters.until)
    return query


SEARCH_COUNT_LIMIT = 10_000
"""A text search counts at most this many matches (the count would otherwise read every line)."""


async def list_logs(db: AsyncSession, params: PageParams, filters: LogFilters) -> tuple[list[LogEntry], int, bool]:
    """A page of log lines, newest first; the total, and whether counting stopped at the limit."""
    filters = filters.check()
    order = (LogEntry.timestamp.desc(), LogEntry.id.desc())
    if not filters.search:
        rows, total = await fetch_page(db, filtered(select(LogEntry), filters).order_by(*order), params)
        return list(rows), total, False
    indexed = await has_text_index(db) and len(filters.search) >= TRIGRAM
    # A rare word: fetch its few candidates through the index. A common one: walking the
    # newest lines finds a page of matches sooner than collecting thousands of candidates.
    rare = indexed and await _candidates(db, filters.search, RARE_MATCHES) < RARE_MATCHES
    page = filtered(select(LogEntry), filters, text_index=rare).order_by(*order)
    rows = (await db.execute(page.offset(params.offset).limit(params.limit))).scalars().all()
    counted = filtered(select(LogEntry.id), filters, text_index=indexed).limit(SEARCH_COUNT_LIMIT).subquery()
    total = int((await db.execute(select(func.count()).select_from(counted))).scalar_one())
    return list(rows), total, total >= SEARCH_COUNT_LIMIT


def _fts_phrase(search: str) -> str:
    """`search` as one FTS5 phrase (a substring to the trigram tokenizer), quotes doubled."""
    return '"' + search.replace('"', '""') + '"'


RARE_MATCHES = 2000
"""Below this many index candidates a search is served through the index (see `list_logs`)."""


async def _candidates(db: AsyncSession, search: str, limit: int) -> int:
    """How many lines the text index offers for `search`, counting up to `limit`."""
    statement = text("SELECT count(*) FROM (SELECT rowid FROM logs_fts WHERE logs_fts MATCH :phrase LIMIT :limit)")
    return int((await db.execute(statement, {"phrase": _fts_phrase(search), "limit": limit})).scalar_one())


def log_read(entry: LogEntry) -> LogRead:
    """The log line as answered."""
    return LogRead.model_validate(entry, from_attributes=True)


async def export_logs(db: AsyncSession, filters: LogFilters, file_format: ExportFormat) -> AsyncIterator[str]:
    """The matching lines, newest first (as listed), streamed one batch per chunk: CSV or one JSON document."""
    if file_format == ExportFormat.CSV:
        yield csv_rows([list(CSV_COLUMNS)])
        async for batch in _batches(db, filters):
            yield csv_rows(
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
    index = await has_text_index(db)
    query = filtered(select(*columns), filters, text_index=index).order_by(
        LogEntry.timestamp.desc(), LogEntry.id.desc()
    )
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
    index = await has_text_index(db)
    query = filtered(select(LogEntry.id), filters, text_index=index).where(_older(last)).limit(1)
    return (await db.execute(query)).first() is not None
