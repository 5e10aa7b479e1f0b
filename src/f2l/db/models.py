"""The ORM models: SQLAlchemy 2 typed declarative classes, one per table, named in the singular.

Every schema change goes through a new Alembic revision in `migrations/versions/`; the
models and the revisions must describe the same tables (a test compares them).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import BigInteger, DateTime, Dialect, Double, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so later migrations can refer to them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

PathText = Text().with_variant(Text(collation="C"), "postgresql")
"""A relative path. On PostgreSQL the "C" collation makes comparison and index order byte-wise
(F2L's canonical order) instead of the locale's; SQLite's default BINARY collation already is."""


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware.

    SQLite keeps no time zone, so without this a value would come back naive there and
    aware on PostgreSQL. Binding a naive datetime raises `ValueError`.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: pass a timezone-aware value")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """Base of every F2L model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SyncState(Base):
    """What both sides of one file looked like after its last successful sync.

    One row per (pair, path). It is the one-way "sync record" (skip the HEAD request
    when the source's size+mtime and the destination's size+ETag are unchanged) and
    the bidirectional baseline. `pair_key` comes from `f2l.db.state.pair_key`.
    """

    __tablename__ = "sync_state"
    # SQLite: rows clustered in primary-key order, with no separate rowid b-tree to maintain.
    __table_args__ = ({"sqlite_with_rowid": False},)

    pair_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    path: Mapped[str] = mapped_column(PathText, primary_key=True)
    source_size: Mapped[int] = mapped_column(BigInteger)
    source_mtime: Mapped[float | None] = mapped_column(Double)
    source_hash: Mapped[str | None] = mapped_column(String(255))
    source_etag: Mapped[str | None] = mapped_column(String(255))
    dest_size: Mapped[int] = mapped_column(BigInteger)
    dest_mtime: Mapped[float | None] = mapped_column(Double)
    dest_etag: Mapped[str | None] = mapped_column(String(255))
    dest_hash: Mapped[str | None] = mapped_column(String(255))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime)
