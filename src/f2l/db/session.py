"""Async engine and session factories built from `Settings` (or a bare URL).

SQLite connections get the pragmas an embedded, multi-task database needs; PostgreSQL
connections are pre-pinged so a restarted server costs a retry, not an error (both in
`f2l.db.dialect`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from f2l.config import Settings, get_settings
from f2l.db import dialect
from f2l.db.dialect import SQLITE_BUSY_TIMEOUT_MS, SQLITE_PRAGMAS

__all__ = ["SQLITE_BUSY_TIMEOUT_MS", "SQLITE_PRAGMAS", "create_engine", "create_sessionmaker"]


def create_engine(url: str | None = None, *, settings: Settings | None = None, **options: Any) -> AsyncEngine:
    """An async engine for `url`, else for the settings' `database_url`.

    For a SQLite file the parent directory is created first. `options` go to
    `create_async_engine` (e.g. `poolclass=NullPool` for one-shot commands).
    """
    parsed = make_url(url if url is not None else (settings or get_settings()).database_url)
    dialect.prepare_engine(parsed, options)
    engine = create_async_engine(parsed, **options)
    dialect.configure_engine(parsed, engine)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """A session factory bound to `engine`; objects stay usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)
