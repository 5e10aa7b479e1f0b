"""Service tables: users, refresh tokens, endpoints, sessions, executions, operations, logs, scan cache, settings.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_settings")),
    )
    op.create_table(
        "endpoints",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("endpoint_type", sa.String(length=10), nullable=False),
        sa.Column("settings", sa.JSON(), nullable=False),
        sa.Column("secrets_encrypted", sa.Text(), nullable=True),
        sa.Column("connection_status", sa.String(length=20), nullable=False),
        sa.Column("last_health_check", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("last_latency_ms", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_endpoints")),
        sa.UniqueConstraint("name", name=op.f("uq_endpoints_name")),
    )
    op.create_index(op.f("ix_endpoints_connection_status"), "endpoints", ["connection_status"], unique=False)
    op.create_index(op.f("ix_endpoints_created_at"), "endpoints", ["created_at"], unique=False)
    op.create_index(op.f("ix_endpoints_endpoint_type"), "endpoints", ["endpoint_type"], unique=False)
    op.create_table(
        "logs",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("level", sa.String(length=10), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=True),
        sa.Column("execution_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_logs")),
    )
    op.create_index(op.f("ix_logs_execution_id"), "logs", ["execution_id"], unique=False)
    op.create_index(op.f("ix_logs_level"), "logs", ["level"], unique=False)
    op.create_index(op.f("ix_logs_session_id"), "logs", ["session_id"], unique=False)
    op.create_index(op.f("ix_logs_timestamp"), "logs", ["timestamp"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=150), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_index(op.f("ix_users_role"), "users", ["role"], unique=False)
    op.create_table(
        "refresh_tokens",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_refresh_tokens_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_refresh_tokens")),
    )
    op.create_index(op.f("ix_refresh_tokens_family"), "refresh_tokens", ["family"], unique=False)
    op.create_index(op.f("ix_refresh_tokens_user_id"), "refresh_tokens", ["user_id"], unique=False)
    op.create_table(
        "scan_cache",
        sa.Column("endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("path", sa.Text().with_variant(sa.Text(collation="C"), "postgresql"), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("scanned_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["endpoint_id"], ["endpoints.id"], name=op.f("fk_scan_cache_endpoint_id_endpoints"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("endpoint_id", "path", name=op.f("pk_scan_cache")),
    )
    op.create_table(
        "sync_sessions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("source_endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("destination_endpoint_id", sa.Uuid(), nullable=False),
        sa.Column("source_path", sa.Text(), nullable=False),
        sa.Column("destination_path", sa.Text(), nullable=False),
        sa.Column("sync_direction", sa.String(length=20), nullable=False),
        sa.Column("folder_filter_enabled", sa.Boolean(), nullable=False),
        sa.Column("folder_names", sa.JSON(), nullable=False),
        sa.Column("folder_match_mode", sa.String(length=20), nullable=False),
        sa.Column("folder_case_sensitive", sa.Boolean(), nullable=False),
        sa.Column("file_pattern_enabled", sa.Boolean(), nullable=False),
        sa.Column("file_patterns", sa.JSON(), nullable=False),
        sa.Column("exclude_patterns", sa.JSON(), nullable=False),
        sa.Column("min_size", sa.BigInteger(), nullable=True),
        sa.Column("max_size", sa.BigInteger(), nullable=True),
        sa.Column("min_age_seconds", sa.Double(), nullable=True),
        sa.Column("max_age_seconds", sa.Double(), nullable=True),
        sa.Column("compare_mode", sa.String(length=20), nullable=False),
        sa.Column("conflict_policy", sa.String(length=20), nullable=False),
        sa.Column("delete_extraneous", sa.Boolean(), nullable=False),
        sa.Column("max_delete", sa.Integer(), nullable=True),
        sa.Column("max_delete_percent", sa.Double(), nullable=True),
        sa.Column("force_overwrite", sa.Boolean(), nullable=False),
        sa.Column("verify_checksums", sa.Boolean(), nullable=False),
        sa.Column("transfers", sa.Integer(), nullable=True),
        sa.Column("checkers", sa.Integer(), nullable=True),
        sa.Column("bandwidth_limit", sa.BigInteger(), nullable=True),
        sa.Column("schedule_enabled", sa.Boolean(), nullable=False),
        sa.Column("schedule_interval", sa.Integer(), nullable=True),
        sa.Column("schedule_unit", sa.String(length=10), nullable=True),
        sa.Column("schedule_cron", sa.String(length=120), nullable=True),
        sa.Column("schedule_paused", sa.Boolean(), nullable=False),
        sa.Column("auto_start_enabled", sa.Boolean(), nullable=False),
        sa.Column("next_run_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_execution_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["destination_endpoint_id"],
            ["endpoints.id"],
            name=op.f("fk_sync_sessions_destination_endpoint_id_endpoints"),
        ),
        sa.ForeignKeyConstraint(
            ["source_endpoint_id"], ["endpoints.id"], name=op.f("fk_sync_sessions_source_endpoint_id_endpoints")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_sessions")),
    )
    op.create_index(op.f("ix_sync_sessions_created_at"), "sync_sessions", ["created_at"], unique=False)
    op.create_index(
        op.f("ix_sync_sessions_destination_endpoint_id"),
        "sync_sessions",
        ["destination_endpoint_id"],
        unique=False,
    )
    op.create_index(op.f("ix_sync_sessions_name"), "sync_sessions", ["name"], unique=False)
    op.create_index(op.f("ix_sync_sessions_next_run_at"), "sync_sessions", ["next_run_at"], unique=False)
    op.create_index(
        op.f("ix_sync_sessions_source_endpoint_id"), "sync_sessions", ["source_endpoint_id"], unique=False
    )
    op.create_table(
        "sync_executions",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("force_overwrite", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("total_files", sa.BigInteger(), nullable=False),
        sa.Column("files_synced", sa.BigInteger(), nullable=False),
        sa.Column("files_deleted", sa.BigInteger(), nullable=False),
        sa.Column("files_skipped", sa.BigInteger(), nullable=False),
        sa.Column("files_failed", sa.BigInteger(), nullable=False),
        sa.Column("total_bytes", sa.BigInteger(), nullable=False),
        sa.Column("bytes_transferred", sa.BigInteger(), nullable=False),
        sa.Column("conflicts", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("current_file", sa.Text(), nullable=True),
        sa.Column("speed_bps", sa.Double(), nullable=True),
        sa.Column("eta_seconds", sa.Double(), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("summary", sa.JSON(), nullable=True),
        sa.Column("reconciliation", sa.JSON(), nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["sync_sessions.id"],
            name=op.f("fk_sync_executions_session_id_sync_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_executions")),
    )
    op.create_index(op.f("ix_sync_executions_created_at"), "sync_executions", ["created_at"], unique=False)
    op.create_index(
        "ix_sync_executions_session_created", "sync_executions", ["session_id", "created_at"], unique=False
    )
    op.create_index("ix_sync_executions_status_created", "sync_executions", ["status", "created_at"], unique=False)
    op.create_index(
        "uq_sync_executions_one_active",
        "sync_executions",
        ["session_id"],
        unique=True,
        sqlite_where=sa.text("status IN ('queued', 'running')"),
        postgresql_where=sa.text("status IN ('queued', 'running')"),
    )
    op.create_table(
        "sync_operations",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("execution_id", sa.Uuid(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("size", sa.BigInteger(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duration_ms", sa.Double(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["execution_id"],
            ["sync_executions.id"],
            name=op.f("fk_sync_operations_execution_id_sync_executions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_operations")),
    )
    op.create_index(
        "ix_sync_operations_execution_action", "sync_operations", ["execution_id", "action"], unique=False
    )
    op.create_index(
        "ix_sync_operations_execution_status", "sync_operations", ["execution_id", "status"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_sync_operations_execution_status", table_name="sync_operations")
    op.drop_index("ix_sync_operations_execution_action", table_name="sync_operations")
    op.drop_table("sync_operations")
    op.drop_index("uq_sync_executions_one_active", table_name="sync_executions")
    op.drop_index("ix_sync_executions_status_created", table_name="sync_executions")
    op.drop_index("ix_sync_executions_session_created", table_name="sync_executions")
    op.drop_index(op.f("ix_sync_executions_created_at"), table_name="sync_executions")
    op.drop_table("sync_executions")
    op.drop_index(op.f("ix_sync_sessions_source_endpoint_id"), table_name="sync_sessions")
    op.drop_index(op.f("ix_sync_sessions_next_run_at"), table_name="sync_sessions")
    op.drop_index(op.f("ix_sync_sessions_name"), table_name="sync_sessions")
    op.drop_index(op.f("ix_sync_sessions_destination_endpoint_id"), table_name="sync_sessions")
    op.drop_index(op.f("ix_sync_sessions_created_at"), table_name="sync_sessions")
    op.drop_table("sync_sessions")
    op.drop_table("scan_cache")
    op.drop_index(op.f("ix_refresh_tokens_user_id"), table_name="refresh_tokens")
    op.drop_index(op.f("ix_refresh_tokens_family"), table_name="refresh_tokens")
    op.drop_table("refresh_tokens")
    op.drop_index(op.f("ix_users_role"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_logs_timestamp"), table_name="logs")
    op.drop_index(op.f("ix_logs_session_id"), table_name="logs")
    op.drop_index(op.f("ix_logs_level"), table_name="logs")
    op.drop_index(op.f("ix_logs_execution_id"), table_name="logs")
    op.drop_table("logs")
    op.drop_index(op.f("ix_endpoints_endpoint_type"), table_name="endpoints")
    op.drop_index(op.f("ix_endpoints_created_at"), table_name="endpoints")
    op.drop_index(op.f("ix_endpoints_connection_status"), table_name="endpoints")
    op.drop_table("endpoints")
    op.drop_table("app_settings")
