"""SQLite: an FTS5 trigram index of log messages, so a text search does not scan every line.

PostgreSQL got the same from pg_trgm in 0003. The FTS table holds no copy of the text
(`content='logs'`); triggers keep it in step with `logs`. A SQLite built without FTS5 keeps
working without it (searches scan, as before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STATEMENTS = (
    "CREATE VIRTUAL TABLE logs_fts USING fts5(message, content='logs', content_rowid='id', tokenize='trigram')",
    "CREATE TRIGGER logs_fts_insert AFTER INSERT ON logs BEGIN "
    "INSERT INTO logs_fts(rowid, message) VALUES (new.id, new.message); END",
    "CREATE TRIGGER logs_fts_delete AFTER DELETE ON logs BEGIN "
    "INSERT INTO logs_fts(logs_fts, rowid, message) VALUES ('delete', old.id, old.message); END",
    "CREATE TRIGGER logs_fts_update AFTER UPDATE OF message ON logs BEGIN "
    "INSERT INTO logs_fts(logs_fts, rowid, message) VALUES ('delete', old.id, old.message); "
    "INSERT INTO logs_fts(rowid, message) VALUES (new.id, new.message); END",
    "INSERT INTO logs_fts(logs_fts) VALUES ('rebuild')",  # index the lines already there
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    savepoint = bind.begin_nested()
    try:
        for statement in _STATEMENTS:
            bind.execute(sa.text(statement))
    except sa.exc.OperationalError:  # no FTS5 or no trigram tokenizer (SQLite < 3.34) in this build
        savepoint.rollback()
    else:
        savepoint.commit()


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("logs_fts_insert", "logs_fts_delete", "logs_fts_update"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS logs_fts")
