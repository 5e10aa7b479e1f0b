"""The ORM models: SQLAlchemy 2 typed declarative classes, one per table, named in the singular.

Every schema change goes through a new Alembic revision in `migrations/versions/`; the
models and the revisions must describe the same tables (a test compares them).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Dialect,
    Double,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Uuid,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from f2l.db.statuses import ExecutionStatus, ExecutionTrigger, active_statuses_sql

# Stable constraint names, so later migrations can refer to them on both databases.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

DATABASE_ONLY_INDEXES = frozenset({"ix_logs_message_trgm"})
"""Indexes that migrations create on some databases only (PostgreSQL's trigram index of log
messages): not in the models, so schema comparisons leave them out."""
DATABASE_ONLY_TABLE_PREFIX = "logs_fts"
"""SQLite's FTS5 table of log messages and its shadow tables (migration 0004): not in the models."""


def in_models(name: str | None, kind: str) -> bool:
    """Whether a schema object of this name and kind is described by the models."""
    if kind == "index":
        return name not in DATABASE_ONLY_INDEXES
    if kind == "table":
        return not (name or "").startswith(DATABASE_ONLY_TABLE_PREFIX)
    return True


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


def utc_now() -> datetime:
    """The current time, timezone-aware (every timestamp column stores UTC)."""
    return datetime.now(UTC)


class User(Base):
    """Someone who signs in to the dashboard or the API; `role` is admin, operator or viewer."""

    __tablename__ = "users"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class RefreshToken(Base):
    """An issued refresh token (by its id): rotation marks it used; reusing a used one revokes its family."""

    __tablename__ = "refresh_tokens"

    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    family: Mapped[str] = mapped_column(String(64), index=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Endpoint(Base):
    """A storage location F2L connects to. Secrets live only in `secrets_encrypted` (Fernet)."""

    __tablename__ = "endpoints"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    endpoint_type: Mapped[str] = mapped_column(String(10), index=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The type's non-secret fields (bucket, host, port, paths, flags...)."""
    secrets_encrypted: Mapped[str | None] = mapped_column(Text)
    """One Fernet token holding a JSON object of the type's secret fields."""
    connection_status: Mapped[str] = mapped_column(String(20), default="unknown", index=True)
    last_health_check: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(Text)
    last_latency_ms: Mapped[float | None] = mapped_column(Double)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class SyncSession(Base):
    """A saved sync job between two endpoints: its options and its schedule."""

    __tablename__ = "sync_sessions"

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    name: Mapped[str] = mapped_column(String(200), index=True)
    source_endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("endpoints.id"), index=True)
    destination_endpoint_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("endpoints.id"), index=True)
    source_path: Mapped[str] = mapped_column(Text, default="")
    destination_path: Mapped[str] = mapped_column(Text, default="")
    sync_direction: Mapped[str] = mapped_column(String(20), default="source_to_dest")
    folder_filter_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    folder_names: Mapped[list[str]] = mapped_column(JSON, default=list)
    folder_match_mode: Mapped[str] = mapped_column(String(20), default="exact")
    folder_case_sensitive: Mapped[bool] = mapped_column(Boolean, default=True)
    file_pattern_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    file_patterns: Mapped[list[str]] = mapped_column(JSON, default=list)
    exclude_patterns: Mapped[list[str]] = mapped_column(JSON, default=list)
    min_size: Mapped[int | None] = mapped_column(BigInteger)
    max_size: Mapped[int | None] = mapped_column(BigInteger)
    min_age_seconds: Mapped[float | None] = mapped_column(Double)
    max_age_seconds: Mapped[float | None] = mapped_column(Double)
    compare_mode: Mapped[str] = mapped_column(String(20), default="size_mtime")
    conflict_policy: Mapped[str] = mapped_column(String(20), default="keep_both")
    delete_extraneous: Mapped[bool] = mapped_column(Boolean, default=False)
    max_delete: Mapped[int | None] = mapped_column(Integer)
    max_delete_percent: Mapped[float | None] = mapped_column(Double)
    force_overwrite: Mapped[bool] = mapped_column(Boolean, default=False)
    verify_checksums: Mapped[bool] = mapped_column(Boolean, default=False)
    transfers: Mapped[int | None] = mapped_column(Integer)
    checkers: Mapped[int | None] = mapped_column(Integer)
    bandwidth_limit: Mapped[int | None] = mapped_column(BigInteger)
    schedule_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    schedule_interval: Mapped[int | None] = mapped_column(Integer)
    schedule_unit: Mapped[str | None] = mapped_column(String(10))
    schedule_cron: Mapped[str | None] = mapped_column(String(120))
    schedule_paused: Mapped[bool] = mapped_column(Boolean, default=False)
    auto_start_enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    next_run_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    last_execution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)


class SyncExecution(Base):
    """One run of a session: its state, live counters and final summary."""

    __tablename__ = "sync_executions"
    __table_args__ = (
        Index("ix_sync_executions_session_created", "session_id", "created_at"),
        Index("ix_sync_executions_status_created", "status", "created_at"),
        # The sort keys of the history list (bench/api.py: a sort without its index scans every run).
        Index("ix_sync_executions_bytes_transferred", "bytes_transferred", "id"),
        Index("ix_sync_executions_started_at", "started_at", "id"),
        Index("ix_sync_executions_finished_at", "finished_at", "id"),
        # /stats reads these columns of the runs in a time window: served from the index alone.
        Index("ix_sync_executions_created_stats", "created_at", "status", "bytes_transferred", "files_synced"),
        # At most one active run per session, whatever schedules, double clicks or replicas do:
        # the database refuses a second queued/running row for the same session.
        Index(
            "uq_sync_executions_one_active",
            "session_id",
            unique=True,
            sqlite_where=text(active_statuses_sql()),
            postgresql_where=text(active_statuses_sql()),
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_sessions.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(30), default=ExecutionStatus.QUEUED.value)
    trigger: Mapped[str] = mapped_column(String(20), default=ExecutionTrigger.MANUAL.value)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    force_overwrite: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_mass_delete: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    total_files: Mapped[int] = mapped_column(BigInteger, default=0)
    files_synced: Mapped[int] = mapped_column(BigInteger, default=0)
    files_deleted: Mapped[int] = mapped_column(BigInteger, default=0)
    files_skipped: Mapped[int] = mapped_column(BigInteger, default=0)
    files_failed: Mapped[int] = mapped_column(BigInteger, default=0)
    total_bytes: Mapped[int] = mapped_column(BigInteger, default=0)
    bytes_transferred: Mapped[int] = mapped_column(BigInteger, default=0)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    current_file: Mapped[str | None] = mapped_column(Text)
    speed_bps: Mapped[float | None] = mapped_column(Double)
    eta_seconds: Mapped[float | None] = mapped_column(Double)
    error_message: Mapped[str | None] = mapped_column(Text)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    reconciliation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)


class SyncOperation(Base):
    """One file operation of a run (copy, delete, conflict copy...), written in batches."""

    __tablename__ = "sync_operations"
    __table_args__ = (
        # Each ends with `id`: the operations list pages in id order within one run.
        Index("ix_sync_operations_execution_id", "execution_id", "id"),
        Index("ix_sync_operations_execution_action", "execution_id", "action", "id"),
        Index("ix_sync_operations_execution_status", "execution_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    execution_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("sync_executions.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(20))
    path: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(Text)
    duration_ms: Mapped[float | None] = mapped_column(Double)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class LogEntry(Base):
    """One log line of the service, attached to a session and run when it concerns one."""

    __tablename__ = "logs"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    timestamp: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, index=True)
    level: Mapped[str] = mapped_column(String(10), index=True)
    message: Mapped[str] = mapped_column(Text)
    session_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)
    execution_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, index=True)


class ScanCache(Base):
    """The last analysis of an endpoint folder, so the dashboard shows it without re-walking."""

    __tablename__ = "scan_cache"

    endpoint_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("endpoints.id", ondelete="CASCADE"), primary_key=True
    )
    path: Mapped[str] = mapped_column(PathText, primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    scanned_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now)


class AppSetting(Base):
    """One admin-editable setting of the service (key → JSON value)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
