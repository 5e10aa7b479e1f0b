"""`f2l ls`, `f2l test` and `f2l backends`: look at endpoints without changing them."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, get_args, get_origin

import typer
from pydantic import SecretStr
from pydantic.fields import FieldInfo

from f2l.cli.endpoints import (
    S3EndpointOption,
    SFTPKeyOption,
    SFTPKnownHostsOption,
    backend_from_url,
    fail,
)
from f2l.storage.api_options import api_field
from f2l.storage.base import Backend, Entry
from f2l.storage.errors import StorageError
from f2l.storage.registry import BACKEND_TYPES

UrlArgument = Annotated[str, typer.Argument(help="A local path, s3://, sftp://, ftp:// or ftps:// URL.")]


def list_command(
    url: UrlArgument,
    recursive: Annotated[bool, typer.Option("--recursive", "-R", help="List every file below.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    s3_endpoint_url: S3EndpointOption = None,
    sftp_key: SFTPKeyOption = None,
    sftp_known_hosts: SFTPKnownHostsOption = None,
) -> None:
    """List an endpoint's folder (or, with -R, every file below it) in canonical order."""
    backend = backend_from_url(
        url, s3_endpoint_url=s3_endpoint_url, sftp_key=sftp_key, sftp_known_hosts=sftp_known_hosts
    )
    try:
        asyncio.run(_print_listing(backend, recursive, as_json))
    except StorageError as error:
        raise fail(str(error)) from None


async def _print_listing(backend: Backend, recursive: bool, as_json: bool) -> None:
    async with backend:
        entries = backend.walk() if recursive else backend.list_dir()
        async for entry in entries:
            typer.echo(_json_line(entry) if as_json else _text_line(entry))


def _text_line(entry: Entry) -> str:
    when = datetime.fromtimestamp(entry.mtime, UTC).strftime("%Y-%m-%d %H:%M:%S") if entry.mtime else "-"
    size = "DIR" if entry.is_dir else str(entry.size)
    return f"{size:>14}  {when:19}  {entry.path}{'/' if entry.is_dir else ''}"


def _json_line(entry: Entry) -> str:
    return json.dumps(
        {
            "path": entry.path,
            "size": entry.size,
            "mtime": entry.mtime,
            "is_dir": entry.is_dir,
            "hashes": dict(entry.hashes),
            "etag": entry.etag,
        },
        ensure_ascii=False,
    )


def connection_test_command(
    url: UrlArgument,
    s3_endpoint_url: S3EndpointOption = None,
    sftp_key: SFTPKeyOption = None,
    sftp_known_hosts: SFTPKnownHostsOption = None,
) -> None:
    """Connect to an endpoint and list its root; print the outcome and the latency."""
    backend = backend_from_url(
        url, s3_endpoint_url=s3_endpoint_url, sftp_key=sftp_key, sftp_known_hosts=sftp_known_hosts
    )

    async def probe() -> tuple[bool, str, float]:
        result = await backend.test_connection()
        await backend.close()
        return result.ok, result.message, result.latency_ms

    ok, message, latency = asyncio.run(probe())
    if not ok:
        raise fail(message)
    typer.echo(f"ok: {message} ({latency:.0f} ms)")


def backends_command() -> None:
    """List the endpoint types and every option each one takes, read from their options models.

    Each option says whether it is required or its default, its allowed values, whether it is a
    secret, and its field name in the API when the API sets it (`API: s3_bucket`).
    """
    for kind in BACKEND_TYPES.values():
        typer.echo(f"{kind.name}: {kind.summary}")
        for name, field in kind.options_model().model_fields.items():
            notes = ", ".join(_option_notes(field))
            typer.echo(f"  {name}{f' ({notes})' if notes else ''}: {field.description or ''}")


def _option_notes(field: FieldInfo) -> list[str]:
    secret = SecretStr in (field.annotation, *get_args(field.annotation))
    notes = ["required"] if field.is_required() else []
    if not field.is_required() and not secret and field.default not in (None, ""):
        notes.append(f"default {json.dumps(field.default)}")
    choices = _choices(field.annotation)
    if choices:
        notes.append("one of " + "|".join(str(choice) for choice in choices))
    if secret:
        notes.append("secret")
    api = api_field(field)
    if api is not None:
        notes.append(f"API: {api.name}" + (f", true for {api.boolean[1]}" if api.boolean else ""))
    return notes


def _choices(annotation: Any) -> tuple[Any, ...]:
    """The values a `Literal` (possibly `| None`) allows; empty for any other type."""
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    return next((_choices(arg) for arg in get_args(annotation) if _choices(arg)), ())
