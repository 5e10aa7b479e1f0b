"""Database fixtures: every test runs on SQLite (a temp file) and on PostgreSQL.

PostgreSQL is the machine's server on 127.0.0.1:5432 (user postgres, trust auth). Each
test session creates its own uniquely named database and drops it at the end; the
PostgreSQL half of the tests is skipped, saying why, only when the server is unreachable.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import secrets
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncpg
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from f2l.config import sqlite_url
from f2l.db.migrations import upgrade_to_head
from f2l.db.session import create_engine
from f2l.db.state import SyncStateStore, pair_key

POSTGRES_HOST = "127.0.0.1"
POSTGRES_PORT = 5432
POSTGRES_SERVER_URL = f"postgresql+asyncpg://postgres@{POSTGRES_HOST}:{POSTGRES_PORT}"
BACKENDS = ("sqlite", "postgresql")

_database_numbers = itertools.count()


def _postgres_admin(statement: str) -> None:
    """Run one statement (CREATE/DROP DATABASE cannot run in a transaction) on the server."""

    async def run() -> None:
        connection = await asyncpg.connect(
            host=POSTGRES_HOST, port=POSTGRES_PORT, user="postgres", database="postgres", timeout=5
        )
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


@pytest.fixture(scope="session")
def postgres_prefix() -> str:
    """The session's database-name prefix; skips every PostgreSQL test if the server is down."""
    try:
        _postgres_admin("SELECT 1")
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES_HOST}:{POSTGRES_PORT}: {error}")
    return f"f2l_test_{os.getpid()}_{secrets.token_hex(3)}"


@pytest.fixture(scope="session")
def postgresql_database(postgres_prefix: str) -> Iterator[str]:
    """URL of this session's PostgreSQL database, migrated to head."""
    with _PostgresDatabase(postgres_prefix) as url:
        upgrade_to_head(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """URL of this session's SQLite database file, migrated to head."""
    url = sqlite_url(tmp_path_factory.mktemp("sqlite") / "f2l.db")
    upgrade_to_head(url)
    return url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    """A migrated database shared by the session; tests keep apart by their own pair keys."""
    url: str = request.getfixturevalue(f"{request.param}_database")
    return url


@pytest.fixture(params=BACKENDS)
def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A brand-new, never-migrated database for this test alone."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "empty" / "f2l.db")
        return
    with _PostgresDatabase(request.getfixturevalue("postgres_prefix")) as url:
        yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the shared database, disposed after the test (engines are per event loop)."""
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()


@pytest.fixture
def store(engine: AsyncEngine) -> SyncStateStore:
    return SyncStateStore(engine)


@pytest.fixture
def key() -> str:
    """A pair key no other test uses."""
    return pair_key(f"local:///test/{secrets.token_hex(8)}", "s3://bucket/prefix")


class _PostgresDatabase:
    """Creates a uniquely named database on enter and drops it (even if in use) on exit."""

    def __init__(self, prefix: str) -> None:
        self.name = f"{prefix}_{next(_database_numbers)}"

    def __enter__(self) -> str:
        try:
            # A linguistic default collation (where "a" < "A" < "a+b" …) makes the ordering tests
            # prove that F2L asks for byte order itself; the usual C.UTF-8 default would hide it.
            _postgres_admin(
                f'CREATE DATABASE "{self.name}" TEMPLATE template0 '
                "LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'"
            )
        except asyncpg.PostgresError:  # a server built without ICU: its default collation, then
            _postgres_admin(f'CREATE DATABASE "{self.name}"')
        return f"{POSTGRES_SERVER_URL}/{self.name}"

    def __exit__(self, *exc_info: object) -> None:
        _postgres_admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
