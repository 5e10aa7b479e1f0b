"""Alembic migrations of F2L's database, callable from code and from `f2l db`.

One chain serves SQLite and PostgreSQL. Code calls `upgrade_to_head(url)` (blocking,
for the CLI and scripts) or `upgrade(engine)` / `current(engine)` (inside an event loop,
e.g. at service start-up). Developers make a new revision with
`uv run alembic -c src/f2l/db/alembic.ini revision -m "what changes"`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import NullPool

from f2l.db.session import create_engine

T = TypeVar("T")

MIGRATIONS_DIR = Path(__file__).resolve().parent


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration for F2L's chain; `env.py` migrates `connection` when given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    if connection is not None:
        # Shared through attributes, never through the ini options: those would interpolate
        # `%` in an encoded password and could end up in Alembic's log output.
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest revision of the chain."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # only if the versions folder were empty
        raise RuntimeError("the migration chain has no revisions")
    return head


async def upgrade(engine: AsyncEngine) -> str:
    """Migrate the database of `engine` to the head revision and return it.

    Idempotent: a database at head is left alone. Raises SQLAlchemy's `OperationalError`
    (or `DBAPIError`) when the database cannot be reached.
    """
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
    return head_revision()


async def current(engine: AsyncEngine) -> str | None:
    """The revision the database of `engine` is at; None for a database never migrated."""
    async with engine.connect() as connection:
        return await connection.run_sync(lambda sync: MigrationContext.configure(sync).get_current_revision())


def upgrade_to_head(url: str) -> str:
    """Blocking `upgrade` for a URL, with a throwaway engine; returns the head revision.

    Must not be called from a running event loop (it runs its own); use `upgrade` there.
    """
    return asyncio.run(_with_engine(url, upgrade))


def current_revision(url: str) -> str | None:
    """Blocking `current` for a URL; must not be called from a running event loop."""
    return asyncio.run(_with_engine(url, current))


async def _with_engine(url: str, action: Callable[[AsyncEngine], Awaitable[T]]) -> T:
    engine = create_engine(url, poolclass=NullPool)
    try:
        return await action(engine)
    finally:
        await engine.dispose()
