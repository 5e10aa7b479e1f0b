"""Everything that differs between SQLite and PostgreSQL, in one place.

The rest of the code builds portable SQLAlchemy and asks this module for the few pieces
that cannot be: an upsert, a UTC day, a duration in seconds, byte-order collation, the
SQLite-only full-text table, and the engine set-up (SQLite's pragmas and folder).
Declarative type variants (`with_variant`, `postgresql_where`) stay on the models and the
Alembic revisions keep their own branches: a revision is frozen history.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from sqlalchemy import ColumnElement, String, Table, event, extract, func, literal_column, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

POSTGRESQL: Final = "postgresql"
SQLITE: Final = "sqlite"
SUPPORTED: Final = (SQLITE, POSTGRESQL)

SQLITE_BUSY_TIMEOUT_MS: Final = 10_000
"""How long a SQLite writer waits for another one before `database is locked`."""

SQLITE_PRAGMAS: Final = (
    # WAL: readers (an API listing runs) never block the writer (a run recording files).
    "PRAGMA journal_mode=WAL",
    # SQLite ignores foreign keys unless asked, per connection.
    "PRAGMA foreign_keys=ON",
    f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}",
    # In WAL mode NORMAL is crash-safe for the database; only the last commits may be lost
    # on power failure, which a re-run repairs. FULL would fsync on every batch.
    "PRAGMA synchronous=NORMAL",
)

Bind = AsyncSession | AsyncEngine | AsyncConnection | Engine | Connection


def name_of(bind: Bind) -> str:
    """The dialect's name (`sqlite` or `postgresql`) of a session, engine or connection."""
    if isinstance(bind, AsyncSession):
        return bind.get_bind().dialect.name
    return bind.dialect.name


def is_postgresql(bind: Bind) -> bool:
    return name_of(bind) == POSTGRESQL


def check_supported(bind: Bind) -> None:
    """ValueError unless the database is SQLite or PostgreSQL."""
    if name_of(bind) not in SUPPORTED:
        raise ValueError(f"unsupported database {name_of(bind)!r}: use SQLite or PostgreSQL")


# -- statements -------------------------------------------------------------------------------------


def insert_for(bind: Bind) -> Callable[..., Any]:
    """The dialect's `insert`, whose statements have `on_conflict_do_update`/`_do_nothing` (upserts)."""
    return postgresql.insert if is_postgresql(bind) else sqlite.insert


def upsert(
    bind: Bind,
    table: type[DeclarativeBase] | Table,
    keys: list[Any],
    values: dict[str, Any],
    update: dict[str, Any],
) -> Any:
    """INSERT `values`, or UPDATE the row with the same `keys` to `update`."""
    statement = insert_for(bind)(table).values(**values)
    return statement.on_conflict_do_update(index_elements=keys, set_=update)


def utc_day(bind: Bind, column: Any) -> ColumnElement[str]:
    """`column`'s UTC day as 'YYYY-MM-DD'."""
    if is_postgresql(bind):
        # timestamptz: take the day in UTC, not in the connection's TimeZone. Literals, not bound
        # parameters: PostgreSQL only matches the GROUP BY to the select list when the SQL is identical.
        return func.to_char(func.timezone(literal_column("'UTC'"), column), literal_column("'YYYY-MM-DD'"))
    # SQLite stores UTC text ('YYYY-MM-DD HH:MM:SS.ffffff'); date() reads its day.
    return func.date(column)


def seconds_between(bind: Bind, start: Any, end: Any) -> Any:
    """`end - start` in seconds."""
    if is_postgresql(bind):
        return extract("epoch", end - start)
    return (func.julianday(end) - func.julianday(start)) * 86400.0


def byte_order(bind: Bind, column: ColumnElement[str]) -> ColumnElement[str]:
    """`column` sorted in byte order (UTF-8), whatever the database's locale."""
    # PostgreSQL sorts text by the database's locale ("a+b" after "A" in en_US) unless told
    # otherwise; "C" is byte order. SQLite's default BINARY collation already is.
    return column.collate("C") if is_postgresql(bind) else column


async def has_sqlite_table(db: AsyncSession, name: str) -> bool:
    """Whether this is SQLite and it has the table `name` (FTS tables exist on SQLite only)."""
    if name_of(db) != SQLITE:
        return False
    probe = text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name")
    return (await db.execute(probe, {"name": name})).first() is not None


# -- engines ----------------------------------------------------------------------------------------


def prepare_engine(url: URL, options: dict[str, Any]) -> None:
    """Before an engine is created: SQLite's folder; PostgreSQL connections checked before use."""
    if url.get_backend_name() == SQLITE:
        _ensure_sqlite_directory(url)
    else:
        options.setdefault("pool_pre_ping", True)


def configure_engine(url: URL, engine: AsyncEngine) -> None:
    """After an engine is created: SQLite's pragmas on every new connection."""
    if url.get_backend_name() == SQLITE:
        event.listen(engine.sync_engine, "connect", _set_sqlite_pragmas)


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
    dbapi_connection.create_function(SQLITE_LOWER, 1, _python_lower, deterministic=True)


SQLITE_LOWER: Final = "f2l_lower"
"""SQLite's name for Python's `str.lower` (registered on each connection)."""


def _python_lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


class folded(FunctionElement[str]):  # noqa: N801  (an SQL function, named as one)
    """`lower(x)` that lowers every letter, for case-insensitive name searches.

    SQLite's own `lower()` only knows A–Z: "Été" stays "Été", so a search for "été" (or even
    "Été", lowered in Python) missed it. On SQLite this is Python's `str.lower` registered on
    each connection; PostgreSQL's `lower()` already follows Unicode.
    """

    type = String()
    name = "folded"
    inherit_cache = True


@compiles(folded)
def _folded(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"lower({compiler.process(element.clauses, **kw)})"


@compiles(folded, SQLITE)
def _folded_sqlite(element: folded, compiler: SQLCompiler, **kw: Any) -> str:
    return f"{SQLITE_LOWER}({compiler.process(element.clauses, **kw)})"
