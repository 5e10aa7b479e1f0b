"""`f2l sync` and `f2l check`: thin doors over `f2l.sync` (the engine does all the work)."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Annotated, Any

import typer
from pydantic import ValidationError

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

Src = Annotated[str, typer.Argument(help="Source: a local path, s3://, sftp://, ftp:// or ftps:// URL.")]
Dst = Annotated[str, typer.Argument(help="Destination, in the same forms.")]
Include = Annotated[list[str] | None, typer.Option("--include", help="Only files matching this glob (repeat).")]
Exclude = Annotated[
    list[str] | None,
    typer.Option("--exclude", help="Skip files or folders matching this glob (repeatable; `name/` for folders)."),
]
Folder = Annotated[
    list[str] | None, typer.Option("--folder", help="Only files inside a folder of this name (repeatable).")
]
FolderMatch = Annotated[str, typer.Option("--folder-match", help="exact | contains | startswith.")]
IgnoreCase = Annotated[bool, typer.Option("--ignore-case", help="Match folders and globs case-insensitively.")]
MinSize = Annotated[str | None, typer.Option("--min-size", help="Skip smaller files (bytes, or 10K, 5M, 1G).")]
MaxSize = Annotated[str | None, typer.Option("--max-size", help="Skip larger files (bytes, or 10K, 5M, 1G).")]
MinAge = Annotated[str | None, typer.Option("--min-age", help="Skip files modified more recently (30s, 2h, 7d).")]
MaxAge = Annotated[str | None, typer.Option("--max-age", help="Skip files modified longer ago (30s, 2h, 7d).")]
AsJson = Annotated[bool, typer.Option("--json", help="Print one JSON object at the end, nothing else on stdout.")]


def sync_command(
    source: Src,
    destination: Dst,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the plan; change nothing.")] = False,
    delete: Annotated[
        bool, typer.Option("--delete", help="Mirror: delete destination files the source lacks.")
    ] = False,
    direction: Annotated[
        Direction, typer.Option("--direction", help="Which way files flow.")
    ] = Direction.SOURCE_TO_DEST,
    conflict: Annotated[
        ConflictPolicy,
        typer.Option(
            "--conflict",
            help="How a bidirectional run settles a file changed on both sides (default: keep both versions).",
        ),
    ] = ConflictPolicy.KEEP_BOTH,
    compare: Annotated[
        CompareMode, typer.Option("--compare", help="How unchanged files are recognised.")
    ] = CompareMode.SIZE_MTIME,
    force: Annotated[bool, typer.Option("--force", help="Copy every file, changed or not.")] = False,
    include: Include = None,
    exclude: Exclude = None,
    folder: Folder = None,
    folder_match: FolderMatch = "exact",
    ignore_case: IgnoreCase = False,
    min_size: MinSize = None,
    max_size: MaxSize = None,
    min_age: MinAge = None,
    max_age: MaxAge = None,
    max_delete: Annotated[
        int | None, typer.Option("--max-delete", help="Abort before any change if more files would be deleted.")
    ] = None,
    max_delete_percent: Annotated[
        float | None,
        typer.Option(
            "--max-delete-percent",
            help="Abort if more than this % of a side's files would be deleted (bidirectional default: 50).",
        ),
    ] = None,
    allow_empty_source: Annotated[
        bool,
        typer.Option("--allow-empty-source", help="Let a side that lists no files drive deletions on the other."),
    ] = False,
    allow_mass_delete: Annotated[
        bool,
        typer.Option(
            "--allow-mass-delete",
            help="Carry out deletions the --max-delete, --max-delete-percent and empty-side guards would refuse.",
        ),
    ] = False,
    transfers: Annotated[int, typer.Option("--transfers", help="Files copied at once.")] = 8,
    checkers: Annotated[int, typer.Option("--checkers", help="Comparisons at once.")] = 8,
    retries: Annotated[int, typer.Option("--retries", help="Tries per file on transient errors.")] = 3,
    bwlimit: Annotated[
        str | None, typer.Option("--bwlimit", help="Bandwidth limit per second (e.g. 10M).")
    ] = None,
    checksum_algorithm: Annotated[
        str | None,
        typer.Option("--checksum-algorithm", help="S3 upload checksum: CRC32, CRC32C, SHA1, SHA256, CRC64NVME."),
    ] = None,
    verify: Annotated[bool, typer.Option("--verify", help="Reconcile both sides after the run.")] = False,
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
