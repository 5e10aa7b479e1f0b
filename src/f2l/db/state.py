"""The sync record: per pair of endpoints and per path, both sides after the last good sync.

It lets a one-way re-run skip the HEAD request of an unchanged file (the source's
size+mtime and the destination's size+ETag are what they were) and is the baseline of
bidirectional runs. Rows stream out in F2L's canonical order, so the engine can
merge-join them with the two listings holding O(1) rows in memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncGenerator, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar, cast

from sqlalchemy import ColumnElement, Row, Table, delete, func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from f2l.db import dialect
from f2l.db.models import SyncState

BATCH_SIZE = 1000
"""Rows per statement and per transaction when writing, and per fetch when streaming."""

_T = TypeVar("_T")
_TABLE = cast(Table, SyncState.__table__)
_KEY_COLUMNS = ("pair_key", "path")


def pair_key(source_label: str, destination_label: str) -> str:
    """A stable 64-character key for one ordered pair of endpoints.

    The labels must identify the endpoints without secrets and stay the same from run to
    run (e.g. `Backend.label`: `sftp://bob@host:22/data`). Order matters: (A, B) and
    (B, A) are different pairs, because the row's `source_*` and `dest_*` columns are.
    """
    # NUL cannot occur in a label, so ("ab", "c") and ("a", "bc") never collide.
    material = f"f2l-pair-v1\x00{source_label}\x00{destination_label}"
    return hashlib.sha256(material.encode()).hexdigest()


def _row_parameters(pair_key: str, row: StateRow) -> dict[str, object]:
    """The row as statement parameters; shallow (`dataclasses.asdict` deep-copies every value)."""
    values: dict[str, object] = {name: getattr(row, name) for name in _ROW_FIELDS}
    values["pair_key"] = pair_key
    return values


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class StateRow:
    """One path of a pair as both sides looked after its last successful sync.

    Sizes are in bytes, mtimes POSIX seconds (None when the side keeps none). Hashes are
    opaque strings the engine writes and compares (e.g. `md5:<hex>`); the etags are each
    side's change token as its listing gives it (S3's ETag), since either side may be S3.
    `synced_at` is timezone-aware UTC.
    """

    path: str
    source_size: int
    source_mtime: float | None
    source_hash: str | None = None
    source_etag: str | None = None
    dest_size: int
    dest_mtime: float | None
    dest_etag: str | None = None
    dest_hash: str | None = None
    synced_at: datetime = field(default_factory=_now)


_ROW_COLUMNS = tuple(_TABLE.c[name] for name in StateRow.__dataclass_fields__)
_UPDATED_COLUMNS = tuple(name for name in StateRow.__dataclass_fields__ if name not in _KEY_COLUMNS)


class SyncStateStore:
    """Reads and writes `sync_state` rows of any pair, in batches, on SQLite or PostgreSQL.

    Each write method commits per batch of `batch_size` rows: a run of 100,000 files
    costs 100 transactions, not 100,000, and a crash keeps the batches already written
    (every row describes a file that is in sync, so a partial record is still true).
    """

    def __init__(self, engine: AsyncEngine, *, batch_size: int = BATCH_SIZE) -> None:
        dialect.check_supported(engine)
        self._engine = engine
        self._batch_size = batch_size

    async def iterate(self, pair_key: str) -> AsyncGenerator[StateRow, None]:
        """Stream the pair's rows in canonical order (byte-wise UTF-8 order of `path`).

        Rows are fetched `batch_size` at a time through a server-side cursor, never all
        at once. The generator holds a connection (and, on PostgreSQL, a transaction)
        until exhausted: a consumer that stops early should `aclose()` it.
        """
        statement = (
            select(*_ROW_COLUMNS)
            .where(_TABLE.c.pair_key == pair_key)
            .order_by(self._canonical(_TABLE.c.path))
            .execution_options(yield_per=self._batch_size)
        )
        async with self._engine.connect() as connection:
            result = await connection.stream(statement)
            async for partition in result.partitions():
                for row in partition:
                    yield _to_state_row(row)

    async def upsert_many(self, pair_key: str, rows: Iterable[StateRow]) -> int:
        """Insert or replace the pair's rows (keyed by path); return how many were written.

        `rows` is consumed lazily, one batch at a time. A path given twice keeps the last.
        """
        statement = self._upsert_statement()
        written = 0
        for batch in _batches(rows, self._batch_size):
            parameters = [_row_parameters(pair_key, row) for row in batch]
            async with self._engine.begin() as connection:
                await connection.execute(statement, parameters)
            written += len(batch)
        return written

    async def delete_paths(self, pair_key: str, paths: Iterable[str]) -> int:
        """Delete the pair's rows for `paths`; return how many existed. Unknown paths are ignored."""
        deleted = 0
        for batch in _batches(paths, self._batch_size):
            statement = delete(_TABLE).where(_TABLE.c.pair_key == pair_key, _TABLE.c.path.in_(batch))
            async with self._engine.begin() as connection:
                deleted += (await connection.execute(statement)).rowcount
        return deleted

    async def clear(self, pair_key: str) -> int:
        """Delete every row of the pair (e.g. when its record can no longer be trusted)."""
        async with self._engine.begin() as connection:
            result = await connection.execute(delete(_TABLE).where(_TABLE.c.pair_key == pair_key))
            return result.rowcount

    async def count(self, pair_key: str) -> int:
        """How many paths the pair has a row for."""
        statement = select(func.count()).select_from(_TABLE).where(_TABLE.c.pair_key == pair_key)
        async with self._engine.connect() as connection:
            return int((await connection.execute(statement)).scalar_one())

    def _canonical(self, column: ColumnElement[str]) -> ColumnElement[str]:
        return dialect.byte_order(self._engine, column)

    def _upsert_statement(self) -> Any:
        statement = dialect.insert_for(self._engine)(_TABLE)
        updates = {name: statement.excluded[name] for name in _UPDATED_COLUMNS}
        return statement.on_conflict_do_update(index_elements=list(_KEY_COLUMNS), set_=updates)


def _to_state_row(row: Row[Any]) -> StateRow:
    return StateRow(**row._mapping)


def _batches(items: Iterable[_T], size: int) -> Iterator[list[_T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


_ROW_FIELDS = tuple(item.name for item in fields(StateRow))
