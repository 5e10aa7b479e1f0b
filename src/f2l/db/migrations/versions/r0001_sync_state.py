"""sync_state: per pair and path, both sides as of the last successful sync.

Revision ID: 0001
Revises:
Create Date: 2025-01-01
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_state",
        sa.Column("pair_key", sa.String(64), nullable=False),
        # "C" collation on PostgreSQL: the primary-key index is then in F2L's canonical
        # (byte-wise) order, so streaming a pair in order needs no sort.
        sa.Column("path", sa.Text().with_variant(sa.Text(collation="C"), "postgresql"), nullable=False),
        sa.Column("source_size", sa.BigInteger(), nullable=False),
        sa.Column("source_mtime", sa.Double(), nullable=True),
        sa.Column("source_hash", sa.String(255), nullable=True),
        sa.Column("source_etag", sa.String(255), nullable=True),
        sa.Column("dest_size", sa.BigInteger(), nullable=False),
        sa.Column("dest_mtime", sa.Double(), nullable=True),
        sa.Column("dest_etag", sa.String(255), nullable=True),
        sa.Column("dest_hash", sa.String(255), nullable=True),
        sa.Column("synced_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("pair_key", "path", name="pk_sync_state"),
        # SQLite: rows stored in primary-key order, no separate rowid b-tree to keep up.
        sqlite_with_rowid=False,
    )


def downgrade() -> None:
    op.drop_table("sync_state")
