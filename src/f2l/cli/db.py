"""`f2l db upgrade` and `f2l db current`: the database schema of this installation.

The database is the one the service uses: `DATABASE_URL` (or `F2L_DATABASE_URL`), else
SQLite in `F2L_DATA_DIR`. Its URL is only ever printed with the password masked.
"""

from __future__ import annotations

import typer

from f2l.cli.endpoints import fail
from f2l.config import Settings, get_settings

app = typer.Typer(
    help="Manage F2L's database (SQLite by default, PostgreSQL via DATABASE_URL).", no_args_is_help=True
)


@app.command("upgrade")
def upgrade_command() -> None:
    """Create or migrate the database schema to the newest revision (safe to repeat)."""
    from sqlalchemy.exc import SQLAlchemyError

    from f2l.db.migrations import upgrade_to_head

    settings = get_settings()
    typer.echo(f"database: {settings.redacted_database_url}")
    try:
        revision = upgrade_to_head(settings.database_url)
    except (SQLAlchemyError, OSError) as error:
        raise fail(f"cannot migrate the database: {_describe(error, settings)}") from None
    typer.echo(f"revision: {revision} (head)")


@app.command("current")
def current_command() -> None:
    """Print the database's schema revision, and whether it is the newest."""
    from sqlalchemy.exc import SQLAlchemyError

    from f2l.db.migrations import current_revision, head_revision

    settings = get_settings()
    typer.echo(f"database: {settings.redacted_database_url}")
    try:
        revision = current_revision(settings.database_url)
    except (SQLAlchemyError, OSError) as error:
        raise fail(f"cannot read the database: {_describe(error, settings)}") from None
    head = head_revision()
    if revision is None:
        typer.echo("revision: none (empty database: run `f2l db upgrade`)")
    elif revision == head:
        typer.echo(f"revision: {revision} (head)")
    else:
        typer.echo(f"revision: {revision} (head is {head}: run `f2l db upgrade`)")


def _describe(error: BaseException, settings: Settings) -> str:
    """The driver's own message, without SQLAlchemy's SQL echo and without the password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, DBAPIError

    detail = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    message = str(detail).strip() or type(detail).__name__
    try:
        password = make_url(settings.database_url).password
    except ArgumentError:
        password = None
    # Drivers do not usually echo the password, but a message must never be the leak.
    return message.replace(str(password), "***") if password else message
