"""Alembic's entry point: migrate a connection handed over by `f2l.db.migrations`, or,
when run by the `alembic` command, a database of its own (the `-x url=…` argument, else
the settings' `database_url`)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection, text
from sqlalchemy.pool import NullPool

from f2l.config import get_settings
from f2l.db.models import Base, in_models
from f2l.db.session import create_engine

# Any constant works; it only has to be the same for every F2L process.
_POSTGRES_MIGRATION_LOCK = 0x46324C  # "F2L"


def _in_models(name: str | None, kind: str, parent_names: object) -> bool:
    """Autogenerate leaves alone what migrations make on some databases only."""
    return in_models(name, kind)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_in_models,
    )
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Several API replicas may start at once; only one may migrate at a time.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK})
        context.run_migrations()


async def _run_standalone() -> None:
    url = context.get_x_argument(as_dictionary=True).get("url") or get_settings().database_url
    engine = create_engine(url, poolclass=NullPool)
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_run)
            await connection.commit()
    finally:
        await engine.dispose()


if context.is_offline_mode():
    raise SystemExit("F2L's migrations run online only: connect to the database")
_shared = context.config.attributes.get("connection")
if _shared is not None:
    _run(_shared)
else:
    asyncio.run(_run_standalone())
