"""The migration chain on both databases: empty → head, idempotent, down and up, and in
agreement with the models."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from f2l.db.migrations import alembic_config, current, head_revision, upgrade
from f2l.db.models import Base, in_models
from f2l.db.schema import HEAD_REVISION, ensure_schema, stored_revision
from f2l.db.session import create_engine


async def test_upgrade_from_empty_to_head_is_idempotent(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        assert await current(engine) is None
        assert await upgrade(engine) == head_revision() == "0005"
        assert await upgrade(engine) == "0005"  # a second run changes nothing and does not fail
        assert await current(engine) == "0005"
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
        assert {"sync_state", "alembic_version"} <= tables
    finally:
        await engine.dispose()


async def test_models_match_the_migrated_schema(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(_schema_differences)
        assert differences == []
    finally:
        await engine.dispose()


async def test_downgrade_to_base_and_up_again(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine)
        async with engine.begin() as connection:
            await connection.run_sync(lambda sync: command.downgrade(alembic_config(sync), "base"))
        assert await current(engine) is None
        assert await upgrade(engine) == "0005"
    finally:
        await engine.dispose()


def _schema_differences(connection: Connection) -> list[object]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "include_name": lambda name, kind, parent: in_models(name, kind)}
    )
    return list(compare_metadata(context, Base.metadata))


async def test_ensure_schema_migrates_once_and_knows_the_head(empty_database_url: str) -> None:
    assert head_revision() == HEAD_REVISION, "f2l.db.schema.HEAD_REVISION must name the newest migration"
    engine = create_engine(empty_database_url)
    try:
        assert await stored_revision(engine) is None
        await ensure_schema(engine)
        assert await stored_revision(engine) == await current(engine) == HEAD_REVISION
        await ensure_schema(engine)  # at head: a no-op
        assert await current(engine) == HEAD_REVISION
    finally:
        await engine.dispose()
