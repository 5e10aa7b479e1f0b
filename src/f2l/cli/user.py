"""`f2l user create|list`: accounts for headless installs (no dashboard needed for the first admin)."""

from __future__ import annotations

import asyncio
import os
from typing import Annotated

import typer

from f2l.cli.endpoints import fail

app = typer.Typer(help="Manage the service's user accounts.", no_args_is_help=True)

PASSWORD_ENV = "F2L_NEW_USER_PASSWORD"


@app.command("create")
def create_command(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="admin, operator or viewer.")] = "admin",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user in the service's database (`DATABASE_URL` or the data directory's SQLite).

    The password comes from standard input (`--password-stdin`), the F2L_NEW_USER_PASSWORD
    variable, or a prompt — never from an argument, which other users could read in `ps`.
    """
    if role not in ("admin", "operator", "viewer"):
        raise fail(f"--role: {role!r} is not one of admin, operator, viewer")
    if password_stdin:
        password = typer.get_text_stream("stdin").readline().rstrip("\r\n")
    else:
        password = os.environ.get(PASSWORD_ENV) or typer.prompt(
            "Password", hide_input=True, confirmation_prompt=True
        )
    user_id = asyncio.run(_create(username, password, role))
    typer.echo(f"created {role} {username!r} ({user_id})")


async def _create(username: str, password: str, role: str) -> str:
    from pydantic import ValidationError
    from sqlalchemy.exc import SQLAlchemyError

    from f2l.db.schema import ensure_schema
    from f2l.db.session import create_engine, create_sessionmaker
    from f2l.services.errors import ServiceError
    from f2l.services.users import UserCreate, create_user

    try:
        data = UserCreate(username=username, password=password, role=role)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors())
        raise fail(problems) from None
    engine = create_engine()
    try:
        await ensure_schema(engine)
        async with create_sessionmaker(engine)() as db:
            user = await create_user(db, data)
    except ServiceError as error:
        raise fail(error.message) from None
    except (SQLAlchemyError, OSError) as error:
        raise fail(f"cannot reach the database: {type(error).__name__}") from None
    finally:
        await engine.dispose()
    return str(user.id)


@app.command("list")
def list_command() -> None:
    """List the users: name, role, active."""
    for name, role, active in asyncio.run(_list()):
        typer.echo(f"{name}\t{role}\t{'active' if active else 'disabled'}")


async def _list() -> list[tuple[str, str, bool]]:
    from sqlalchemy import select

    from f2l.db.models import User
    from f2l.db.schema import ensure_schema
    from f2l.db.session import create_engine, create_sessionmaker

    engine = create_engine()
    try:
        await ensure_schema(engine)
        async with create_sessionmaker(engine)() as db:
            rows = await db.execute(select(User.username, User.role, User.is_active).order_by(User.username))
            return [(name, role, active) for name, role, active in rows.all()]
    finally:
        await engine.dispose()
