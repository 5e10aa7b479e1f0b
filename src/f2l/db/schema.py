"""Make sure a database is at the head of the migration chain, cheaply when it already is.

Importing Alembic costs ~1 s of start-up. Every `f2l sync` opens the database, and nearly
always finds it at head: one SELECT on `alembic_version` settles that, and Alembic is only
imported when there is something to migrate.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

HEAD_REVISION = "0005"
"""The newest revision of `f2l/db/migrations/versions`; a test keeps the two equal."""


async def stored_revision(engine: AsyncEngine) -> str | None:
    """The revision recorded in the database; None when it was never migrated."""
    try:
        async with engine.connect() as connection:
            result = await connection.execute(text("SELECT version_num FROM alembic_version"))
            return result.scalar_one_or_none()
    except DBAPIError:  # no alembic_version table yet
        return None


async def ensure_schema(engine: AsyncEngine) -> None:
    """Migrate the database of `engine` to head unless it is there already."""
    if await stored_revision(engine) == HEAD_REVISION:
        return
    from f2l.db.migrations import upgrade

    await upgrade(engine)
