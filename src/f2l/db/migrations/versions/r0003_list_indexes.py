"""Indexes for the list routes measured by bench/api.py (100,000 runs, 1,000,000 operations).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_sync_executions_created_at", table_name="sync_executions")
    op.create_index(
        "ix_sync_executions_created_stats",
        "sync_executions",
        ["created_at", "status", "bytes_transferred", "files_synced"],
    )
    op.create_index("ix_sync_executions_bytes_transferred", "sync_executions", ["bytes_transferred", "id"])
    op.create_index("ix_sync_executions_started_at", "sync_executions", ["started_at", "id"])
    op.create_index("ix_sync_executions_finished_at", "sync_executions", ["finished_at", "id"])
    op.drop_index("ix_sync_operations_execution_action", table_name="sync_operations")
    op.drop_index("ix_sync_operations_execution_status", table_name="sync_operations")
    op.create_index("ix_sync_operations_execution_id", "sync_operations", ["execution_id", "id"])
    op.create_index("ix_sync_operations_execution_action", "sync_operations", ["execution_id", "action", "id"])
    op.create_index("ix_sync_operations_execution_status", "sync_operations", ["execution_id", "status", "id"])
    if op.get_bind().dialect.name == "postgresql":
        _trigram_index_on_log_messages()


def _trigram_index_on_log_messages() -> None:
    """Text search in logs (`ILIKE '%word%'`) through pg_trgm, when the server has the extension.

    pg_trgm is a trusted extension (PostgreSQL 13+): a database owner may create it. Where it
    is missing or not allowed, the search still works, scanning instead; the savepoint keeps
    that failure from aborting the migration's transaction.
    """
    bind = op.get_bind()
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        bind.execute(sa.text("CREATE INDEX ix_logs_message_trgm ON logs USING gin (message gin_trgm_ops)"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
    else:
        savepoint.commit()


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_logs_message_trgm")
    op.drop_index("ix_sync_operations_execution_status", table_name="sync_operations")
    op.drop_index("ix_sync_operations_execution_action", table_name="sync_operations")
    op.drop_index("ix_sync_operations_execution_id", table_name="sync_operations")
    op.create_index("ix_sync_operations_execution_status", "sync_operations", ["execution_id", "status"])
    op.create_index("ix_sync_operations_execution_action", "sync_operations", ["execution_id", "action"])
    op.drop_index("ix_sync_executions_finished_at", table_name="sync_executions")
    op.drop_index("ix_sync_executions_started_at", table_name="sync_executions")
    op.drop_index("ix_sync_executions_bytes_transferred", table_name="sync_executions")
    op.drop_index("ix_sync_executions_created_stats", table_name="sync_executions")
    op.create_index("ix_sync_executions_created_at", "sync_executions", ["created_at"])
