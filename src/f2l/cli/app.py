"""The root `f2l` Typer application; each command group lives in its own module."""

from __future__ import annotations

import typer

from f2l import __version__
from f2l.cli import browse, db, serve, sync, user

app = typer.Typer(
    name="f2l",
    help="F2L moves and keeps files in step between S3, SFTP, FTP and local folders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command("sync")(sync.sync_command)
app.command("check")(sync.check_command)
app.command("ls")(browse.list_command)
app.command("test")(browse.connection_test_command)
app.command("backends")(browse.backends_command)
app.command("serve")(serve.serve_command)
app.add_typer(db.app, name="db")
app.add_typer(user.app, name="user")


@app.command("version")
def version_command() -> None:
    """Print the F2L version."""
    typer.echo(__version__)
