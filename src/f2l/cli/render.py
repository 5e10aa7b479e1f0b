"""How the CLI shows runs: a live progress bar on a terminal, text or JSON summaries at the end."""

from __future__ import annotations

import json
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from f2l.storage.errors import StorageError
from f2l.sync.engine import FileError, RunStatus
from f2l.sync.options import SyncSettings
from f2l.sync.progress import ProgressSnapshot
from f2l.sync.run import RunResult
from f2l.sync.verify import CheckReport

DRY_RUN_LISTED = 1000
"""Planned operations a text dry run prints; the totals always cover all of them."""


class ProgressDisplay:
    """A rich progress bar on stderr, updated from the engine's throttled snapshots."""

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                DownloadColumn(binary_units=True),
                _BinarySpeed(),
                TimeRemainingColumn(),
                TextColumn("{task.fields[files]}"),
                console=Console(stderr=True),
                transient=True,
            )
            self._task = self._progress.add_task("listing", total=None, files="")

    def __enter__(self) -> ProgressDisplay:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, snapshot: ProgressSnapshot) -> None:
        if self._progress is None:
            return
        self._progress.update(
            self._task,
            description=snapshot.phase.value,
            completed=snapshot.bytes_done,
            total=snapshot.bytes_total or None,
            files=f"{snapshot.files_done}/{snapshot.files_total} files",
        )


class _BinarySpeed(ProgressColumn):
    """Transfer speed in the binary units of the rest of the CLI (rich's own column is decimal)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("?" if speed is None else f"{format_bytes(speed)}/s", style="progress.data.speed")


def result_json(result: RunResult) -> str:
    """The one JSON object `f2l sync --json` prints, the same keys for every direction (a contract
    other tools script against)."""
    summary: dict[str, object] = {
        "status": result.status.value,
        "direction": result.direction.value,
        "files_transferred": result.files_transferred,
        "bytes_transferred": result.bytes_transferred,
        "files_deleted": result.files_deleted,
        "files_skipped": result.files_unchanged,
        "files_kept": result.files_kept,
        "conflicts": result.conflicts,
        "errors": _errors_json(result.errors),
        "duration_s": result.duration_s,
        "dry_run": result.dry_run,
        "planned": {
            "copy": result.files_to_transfer,
            "delete": result.files_to_delete,
            "bytes": result.bytes_to_transfer,
            "unchanged": result.files_unchanged,
            "operations": len(result.operations),
        },
        "message": result.message,
    }
    if result.dry_run:
        summary["operations"] = [
            {"action": op.action, "path": op.path, "reason": op.reason, "size": op.size}
            for op in result.operations
        ]
    if result.check is not None:
        summary["check"] = json.loads(check_json(result.check))
    return json.dumps(summary, ensure_ascii=False)


def failure_json(error: StorageError, settings: SyncSettings) -> str:
    """`f2l sync --json` when the run could not even start (a side unreachable): still one object."""
    return json.dumps(
        {
            "status": RunStatus.FAILED.value,
            "direction": settings.direction.value,
            "files_transferred": 0,
            "bytes_transferred": 0,
            "files_deleted": 0,
            "files_skipped": 0,
            "files_kept": 0,
            "conflicts": 0,
            "errors": [
                {
                    "path": error.path or "",
                    "message": error.message,
                    "operation": "connect",
                    "endpoint": error.endpoint,
                }
            ],
            "duration_s": 0.0,
            "dry_run": settings.dry_run,
            "planned": {"copy": 0, "delete": 0, "bytes": 0, "unchanged": 0, "operations": 0},
            "message": str(error),
        },
        ensure_ascii=False,
    )


def result_text(result: RunResult) -> str:
    lines: list[str] = []
    if result.dry_run:
        lines += [f"{op.action:24} {op.path}  ({op.reason})" for op in result.operations[:DRY_RUN_LISTED]]
        if len(result.operations) > DRY_RUN_LISTED:
            lines.append(f"… and {len(result.operations) - DRY_RUN_LISTED:,} more")
        lines.append(
            f"dry run: {result.files_to_transfer:,} files ({format_bytes(result.bytes_to_transfer)}) "
            f"to copy; {result.files_to_delete:,} to delete; {result.conflicts:,} conflicts; "
            f"{result.files_unchanged:,} unchanged"
        )
    else:
        lines.append(
            f"{result.status.value}: {result.files_transferred:,} files "
            f"({format_bytes(result.bytes_transferred)}) copied, {result.files_deleted:,} deleted, "
            f"{result.conflicts:,} conflicts, {result.files_unchanged:,} unchanged "
            f"in {result.duration_s:.1f} s"
        )
    lines += [f"error: {e.path or e.endpoint}: {e.message}" for e in result.errors]
    if result.message:
        lines.append(result.message)
    if result.check is not None:
        lines.append(check_text(result.check))
    return "\n".join(lines)


def format_bytes(size: float) -> str:
    """A byte count for people, in the binary units the progress bar also shows: `68.1 MiB`."""
    for unit, power in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if size >= 1 << power:
            return f"{size / (1 << power):.1f} {unit}"
    return f"{size:g} B"


def _errors_json(errors: list[FileError]) -> list[dict[str, str]]:
    return [
        {"path": e.path, "message": e.message, "operation": e.operation, "endpoint": e.endpoint} for e in errors
    ]


def check_json(report: CheckReport) -> str:
    return json.dumps(
        {
            "status": "in_sync" if report.in_sync else "differences",
            "missing": report.missing,
            "extra": report.extra,
            "size_mismatch": report.size_mismatch,
            "checksum_mismatch": report.checksum_mismatch,
            "matched": report.matched,
            "errors": [{"path": path, "message": message} for path, message in report.errors],
        },
        ensure_ascii=False,
    )


def check_text(report: CheckReport) -> str:
    lines = [
        f"{kind}: {path}"
        for kind, paths in (
            ("missing", report.missing),
            ("extra", report.extra),
            ("size", report.size_mismatch),
            ("checksum", report.checksum_mismatch),
        )
        for path in paths
    ]
    lines += [f"error: {path}: {message}" for path, message in report.errors]
    differences = (
        len(report.missing) + len(report.extra) + len(report.size_mismatch) + len(report.checksum_mismatch)
    )
    lines.append(
        f"{'in sync' if report.in_sync else 'differences'}: {report.matched:,} matching, "
        f"{differences:,} different, {len(report.errors):,} errors"
    )
    return "\n".join(lines)
