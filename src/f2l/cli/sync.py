"""`f2l sync` and `f2l check`: thin doors over `f2l.sync` (the engine does all the work)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Annotated, Any

import typer
from pydantic import BaseModel, ValidationError

from f2l.cli.endpoints import (
    S3EndpointOption,
    SFTPKeyOption,
    SFTPKnownHostsOption,
    backend_from_url,
    describe_validation_error,
    fail,
)
from f2l.cli.render import ProgressDisplay, check_json, check_text, failure_json, result_json, result_text
from f2l.storage.base import Backend
from f2l.storage.errors import StorageError
from f2l.sync.bisync import ConflictPolicy
from f2l.sync.compare import CompareMode
from f2l.sync.engine import RunStatus
from f2l.sync.filters import FilterSpec, parse_duration, parse_size
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.run import RunResult, run
from f2l.sync.sides import connected_sides
from f2l.sync.state import PairStates
from f2l.sync.verify import CheckReport, check


def _about(name: str, model: type[BaseModel] = SyncSettings, syntax: str = "") -> str:
    """A flag's help: the description of the setting it fills (declared once, in the engine's model)."""
    description = model.model_fields[name].description or ""
    return f"{description} {syntax}".strip()


_DEFAULTS = SyncSettings()
"""Every flag's default is its setting's own."""


Src = Annotated[str, typer.Argument(help="Source: a local path, s3://, sftp://, ftp:// or ftps:// URL.")]
Dst = Annotated[str, typer.Argument(help="Destination, in the same forms.")]
Include = Annotated[
    list[str] | None, typer.Option("--include", help=_about("include", FilterSpec, "(repeatable)"))
]
Exclude = Annotated[
    list[str] | None,
    typer.Option("--exclude", help=_about("exclude", FilterSpec, "(repeatable; `name/` for folders)")),
]
Folder = Annotated[list[str] | None, typer.Option("--folder", help=_about("folders", FilterSpec, "(repeatable)"))]
FolderMatch = Annotated[
    str, typer.Option("--folder-match", help=_about("folder_match", FilterSpec, "exact | contains | startswith."))
]
IgnoreCase = Annotated[bool, typer.Option("--ignore-case", help="Match folders and globs case-insensitively.")]
MinSize = Annotated[
    str | None, typer.Option("--min-size", help=_about("min_size", FilterSpec, "(or 10K, 5M, 1G)"))
]
MaxSize = Annotated[
    str | None, typer.Option("--max-size", help=_about("max_size", FilterSpec, "(or 10K, 5M, 1G)"))
]
MinAge = Annotated[str | None, typer.Option("--min-age", help=_about("min_age", FilterSpec, "(30s, 2h, 7d)"))]
MaxAge = Annotated[str | None, typer.Option("--max-age", help=_about("max_age", FilterSpec, "(30s, 2h, 7d)"))]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object at the end, nothing else on stdout.")]


def sync_command(
    source: Src,
    destination: Dst,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_about("dry_run"))] = _DEFAULTS.dry_run,
    delete: Annotated[
        bool, typer.Option("--delete", help=_about("delete_extraneous"))
    ] = _DEFAULTS.delete_extraneous,
    direction: Annotated[Direction, typer.Option("--direction", help=_about("direction"))] = _DEFAULTS.direction,
    conflict: Annotated[ConflictPolicy, typer.Option("--conflict", help=_about("conflict"))] = _DEFAULTS.conflict,
    compare: Annotated[CompareMode, typer.Option("--compare", help=_about("compare"))] = _DEFAULTS.compare,
    force: Annotated[bool, typer.Option("--force", help=_about("force"))] = _DEFAULTS.force,
    include: Include = None,
    exclude: Exclude = None,
    folder: Folder = None,
    folder_match: FolderMatch = "exact",
    ignore_case: IgnoreCase = False,
    min_size: MinSize = None,
    max_size: MaxSize = None,
    min_age: MinAge = None,
    max_age: MaxAge = None,
    max_delete: Annotated[int | None, typer.Option("--max-delete", help=_about("max_delete"))] = None,
    max_delete_percent: Annotated[
        float | None, typer.Option("--max-delete-percent", help=_about("max_delete_percent"))
    ] = None,
    allow_empty_source: Annotated[
        bool, typer.Option("--allow-empty-source", help=_about("allow_empty_source"))
    ] = _DEFAULTS.allow_empty_source,
    allow_mass_delete: Annotated[
        bool, typer.Option("--allow-mass-delete", help=_about("allow_mass_delete"))
    ] = _DEFAULTS.allow_mass_delete,
    transfers: Annotated[int, typer.Option("--transfers", help=_about("transfers"))] = _DEFAULTS.transfers,
    checkers: Annotated[int, typer.Option("--checkers", help=_about("checkers"))] = _DEFAULTS.checkers,
    retries: Annotated[int, typer.Option("--retries", help=_about("retries"))] = _DEFAULTS.retries,
    bwlimit: Annotated[
        str | None, typer.Option("--bwlimit", help=_about("bwlimit", syntax="(or 10M, 1.5G)"))
    ] = None,
    checksum_algorithm: Annotated[
        str | None,
        typer.Option("--checksum-algorithm", help="S3 upload checksum: CRC32, CRC32C, SHA1, SHA256, CRC64NVME."),
    ] = None,
    verify: Annotated[bool, typer.Option("--verify", help=_about("verify"))] = _DEFAULTS.verify,
    as_json: AsJson = False,
    s3_endpoint_url: S3EndpointOption = None,
    sftp_key: SFTPKeyOption = None,
    sftp_known_hosts: SFTPKnownHostsOption = None,
) -> None:
    """Copy new and changed files from SRC to DST (with --delete: make DST a mirror of SRC;
    with --direction bidirectional: bring both sides to the union of their changes)."""
    filters = _filters(include, exclude, folder, folder_match, ignore_case, min_size, max_size, min_age, max_age)
    settings = _settings(
        direction=direction,
        conflict=conflict,
        compare=compare,
        delete_extraneous=delete,
        force=force,
        dry_run=dry_run,
        max_delete=max_delete,
        max_delete_percent=max_delete_percent,
        allow_empty_source=allow_empty_source,
        allow_mass_delete=allow_mass_delete,
        transfers=transfers,
        checkers=checkers,
        retries=retries,
        bwlimit=_size_option(bwlimit, "--bwlimit"),
        verify=verify,
        filters=filters,
    )
    extra = {"checksum_algorithm": checksum_algorithm} if checksum_algorithm else {}
    flags: dict[str, Any] = {
        "s3_endpoint_url": s3_endpoint_url,
        "sftp_key": sftp_key,
        "sftp_known_hosts": sftp_known_hosts,
    }
    backends = (backend_from_url(source, **flags), backend_from_url(destination, **flags, s3_extra=extra))
    display = ProgressDisplay(enabled=not as_json and sys.stderr.isatty())
    try:
        result = asyncio.run(_sync(*backends, settings, display))
    except StorageError as error:  # could not connect: scripts still get their one JSON object
        if as_json:
            typer.echo(failure_json(error, settings))
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None
    typer.echo(result_json(result) if as_json else result_text(result))
    raise typer.Exit(0 if result.status is RunStatus.COMPLETED else 1)


def check_command(
    source: Src,
    destination: Dst,
    checksum: Annotated[
        bool, typer.Option("--checksum", help="Compare content too, reading files that have no server hash.")
    ] = False,
    include: Include = None,
    exclude: Exclude = None,
    folder: Folder = None,
    folder_match: FolderMatch = "exact",
    ignore_case: IgnoreCase = False,
    min_size: MinSize = None,
    max_size: MaxSize = None,
    min_age: MinAge = None,
    max_age: MaxAge = None,
    checkers: Annotated[int, typer.Option("--checkers", help="Comparisons at once.")] = 8,
    as_json: AsJson = False,
    s3_endpoint_url: S3EndpointOption = None,
    sftp_key: SFTPKeyOption = None,
    sftp_known_hosts: SFTPKnownHostsOption = None,
) -> None:
    """Report files missing, extra or different between SRC and DST; exit 0 only when in sync."""
    filters = _filters(include, exclude, folder, folder_match, ignore_case, min_size, max_size, min_age, max_age)
    flags: dict[str, Any] = {
        "s3_endpoint_url": s3_endpoint_url,
        "sftp_key": sftp_key,
        "sftp_known_hosts": sftp_known_hosts,
    }
    backends = (backend_from_url(source, **flags), backend_from_url(destination, **flags))
    report = _run(_check(*backends, filters, checksum, checkers))
    typer.echo(check_json(report) if as_json else check_text(report))
    raise typer.Exit(0 if report.in_sync else 1)


async def _sync(
    source: Backend, destination: Backend, settings: SyncSettings, display: ProgressDisplay
) -> RunResult:
    """One run of any direction, the pair's state kept in the database (`F2L_DATA_DIR` or `DATABASE_URL`)."""
    async with (
        _pair_states() as states,
        connected_sides(source, destination, settings) as (connected_source, connected_destination),
    ):
        with display:
            return await run(
                connected_source, connected_destination, settings, states=states, progress=display.update
            )
    raise AssertionError("unreachable")


@contextlib.asynccontextmanager
async def _pair_states() -> AsyncIterator[PairStates]:
    """The baselines and sync records in the database, migrated first."""
    # Imported here: the database stack costs ~1 s of start-up that other commands need not pay.
    from f2l.db.baseline import DatabasePairStates
    from f2l.db.schema import ensure_schema
    from f2l.db.session import create_engine
    from f2l.db.state import SyncStateStore

    engine = create_engine()
    try:
        await ensure_schema(engine)
        yield DatabasePairStates(SyncStateStore(engine))
    finally:
        await engine.dispose()


async def _check(
    source: Backend, destination: Backend, filters: FilterSpec, checksum: bool, checkers: int
) -> CheckReport:
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(source)
        await stack.enter_async_context(destination)
        return await check(source, destination, filters, checksum=checksum, checkers=checkers)
    raise AssertionError("unreachable")


def _run(coroutine: Any) -> Any:
    """Run the async part; connection and listing failures exit 2 with the endpoint's message."""
    try:
        return asyncio.run(coroutine)
    except StorageError as error:
        raise fail(str(error)) from None
    except KeyboardInterrupt:
        raise fail("interrupted") from None


def _filters(
    include: list[str] | None,
    exclude: list[str] | None,
    folder: list[str] | None,
    folder_match: str,
    ignore_case: bool,
    min_size: str | None,
    max_size: str | None,
    min_age: str | None,
    max_age: str | None,
) -> FilterSpec:
    fields: dict[str, Any] = {
        "include": include or [],
        "exclude": exclude or [],
        "folders": folder or [],
        "folder_match": folder_match,
        "case_sensitive": not ignore_case,
        "min_size": _size_option(min_size, "--min-size"),
        "max_size": _size_option(max_size, "--max-size"),
        "min_age": _age_option(min_age, "--min-age"),
        "max_age": _age_option(max_age, "--max-age"),
    }
    try:
        return FilterSpec(**fields)
    except ValidationError as error:
        raise fail(describe_validation_error(error)) from None


def _settings(**fields: Any) -> SyncSettings:
    try:
        return SyncSettings(**fields)
    except ValidationError as error:
        raise fail(describe_validation_error(error)) from None


def _size_option(text: str | None, flag: str) -> int | None:
    if text is None:
        return None
    try:
        return parse_size(text)
    except ValueError as error:
        raise fail(f"{flag}: {error}") from None


def _age_option(text: str | None, flag: str) -> float | None:
    if text is None:
        return None
    try:
        return parse_duration(text)
    except ValueError as error:
        raise fail(f"{flag}: {error}") from None
