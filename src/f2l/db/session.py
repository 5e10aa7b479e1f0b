"""Async engine and session factories built from `Settings` (or a bare URL).

SQLite connections get the pragmas an embedded, multi-task database needs; PostgreSQL
connections are pre-pinged so a restarted server costs a retry, not an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import ConnectionPoolEntry

from f2l.config import Settings, get_settings

SQLITE_BUSY_TIMEOUT_MS = 10_000
"""How long a SQLite writer waits for another one before `database is locked`."""

SQLITE_PRAGMAS = (
    # WAL: readers (an API listing runs) never block the writer (a run recording files).
    "PRAGMA journal_mode=WAL",
    # SQLite ignores foreign keys unless asked, per connection.
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    # In WAL mode NORMAL is crash-safe for the database; only the last commits may be lost
    # on power failure, which a re-run repairs. FULL would fsync on every batch.
    "PRAGMA synchronous=NORMAL",
)


def create_engine(url: str | None = None, *, settings: Settings | None = None, **options: Any) -> AsyncEngine:
    """An async engine for `url`, else for the settings' `database_url`.

    For a SQLite file the parent directory is created first. `options` go to
    `create_async_engine` (e.g. `poolclass=NullPool` for one-shot commands).
    """
    parsed = make_url(url if url is not None else (settings or get_settings()).database_url)
    if parsed.get_backend_name() == "sqlite":
        _ensure_sqlite_directory(parsed)
    else:
        options.setdefault("pool_pre_ping", True)
    engine = create_async_engine(parsed, **options)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory bound to `engine`; objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def _ensure_sqlite_directory(url: URL) -> None:
    database = url.database
    if database and database != ":memory:" and not database.startswith("file:"):
        # 0700: the data directory also holds generated keys.
        Path(database).expanduser().parent.mkdir(mode=0o700, parents=True, exist_ok=True)


def _set_sqlite_pragmas(dbapi_connection: Any, connection_record: ConnectionPoolEntry) -> None:
    cursor = dbapi_connection.cursor()
    try:
        for pragma in SQLITE_PRAGMAS:
            cursor.execute(pragma)
    finally:
        cursor.close()
