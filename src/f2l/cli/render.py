"""How the CLI shows runs: a live progress bar on a terminal, text or JSON summaries at the end."""

from __future__ import annotations

import json
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

from f2l.sync.bisync_run import BiResult
from f2l.sync.engine import FileError, SyncResult
from f2l.sync.filters import format_size
from f2l.sync.progress import ProgressSnapshot
from f2l.sync.verify import CheckReport

DRY_RUN_LISTED = 1000
"""Planned operations a text dry run prints; the totals always cover all of them."""


class ProgressDisplay:
    """A rich progress bar on stderr, updated from the engine's throttled snapshots."""

    def __init__(self, *, enabled: bool) -> None:
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("{task.description}"), BarColumn(), DownloadColumn(), TransferSpeedColumn(),
                TimeRemainingColumn(), TextColumn("{task.fields[files]}"),
                console=Console(stderr=True), transient=True)
            self._task = self._progress.add_task("listing", total=None, files="")

    def __enter__(self) -> ProgressDisplay:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def update(self, snapshot: ProgressSnapshot) -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, description=snapshot.phase.value, completed=snapshot.bytes_done,
                              total=snapshot.bytes_total or None,
                              files=f"{snapshot.files_done}/{snapshot.files_total} files")


def result_json(result: SyncResult, dry_run: bool) -> str:
    """The one JSON object `f2l sync --json` prints (a contract other tools script against)."""
    summary: dict[str, object] = {
        "status": result.status.value,
        "files_transferred": result.files_transferred,
        "bytes_transferred": result.bytes_transferred,
        "files_deleted": result.files_deleted,
        "files_skipped": result.files_skipped,
        "conflicts": 0,
        "errors": _errors_json(result.errors),
        "duration_s": result.duration_s,
        "dry_run": dry_run,
        "planned": {"copy": len(result.plan.copies), "delete": len(result.plan.deletes),
                    "bytes": result.plan.bytes_to_copy, "unchanged": result.plan.unchanged},
        "message": result.message,
    }
    if dry_run:
        summary["operations"] = [{"action": op.action.value, "path": op.path, "reason": op.reason.value,
                                  "size": op.size} for op in (*result.plan.copies, *result.plan.deletes)]
    if result.check is not None:
        summary["check"] = json.loads(check_json(result.check))
    return json.dumps(summary, ensure_ascii=False)


def result_text(result: SyncResult, dry_run: bool) -> str:
    plan = result.plan
    lines: list[str] = []
    if dry_run:
        planned = [*plan.copies, *plan.deletes]
        lines += [f"{op.action.value:6} {op.path}  ({op.reason.value})" for op in planned[:DRY_RUN_LISTED]]
        if len(planned) > DRY_RUN_LISTED:
            lines.append(f"… and {len(planned) - DRY_RUN_LISTED:,} more")
        lines.append(f"dry run: {len(plan.copies):,} files, {format_size(plan.bytes_to_copy)} to copy; "
                     f"{len(plan.deletes):,} to delete; {plan.unchanged:,} unchanged")
    else:
        lines.append(f"{result.status.value}: {result.files_transferred:,} files "
                     f"({format_size(result.bytes_transferred)}) copied, {result.files_deleted:,} deleted, "
                     f"{result.files_skipped:,} skipped in {result.duration_s:.1f} s")
    lines += [f"error: {e.path or e.endpoint}: {e.message}" for e in result.errors]
    if result.message:
        lines.append(result.message)
    if result.check is not None:
        lines.append(check_text(result.check))
    return "\n".join(lines)


def bi_result_json(result: BiResult, dry_run: bool) -> str:
    """`f2l sync --direction bidirectional --json`: the same keys as a one-way run."""
    summary: dict[str, object] = {
        "status": result.status.value, "files_transferred": result.files_transferred,
        "bytes_transferred": result.bytes_transferred, "files_deleted": result.files_deleted,
        "files_skipped": 0, "conflicts": result.conflicts,
        "errors": _errors_json(result.errors),
        "duration_s": result.duration_s, "dry_run": dry_run, "planned": {"operations": len(result.operations)},
        "message": result.message,
    }
    if dry_run:
        summary["operations"] = [{"action": op.action.value, "path": op.path, "reason": op.reason}
                                 for op in result.operations]
    if result.check is not None:
        summary["check"] = json.loads(check_json(result.check))
    return json.dumps(summary, ensure_ascii=False)


def bi_result_text(result: BiResult, dry_run: bool) -> str:
    lines = [f"{op.action.value:24} {op.path}  ({op.reason})" for op in result.operations[:DRY_RUN_LISTED]] \
        if dry_run else []
    lines.append(f"{'dry run' if dry_run else result.status.value}: {len(result.operations):,} operations; "
                 f"{result.files_transferred:,} files ({format_size(result.bytes_transferred)}) copied, "
                 f"{result.files_deleted:,} deleted, {result.conflicts:,} conflicts in {result.duration_s:.1f} s")
    lines += [f"error: {e.path or e.endpoint}: {e.message}" for e in result.errors]
    if result.message:
        lines.append(result.message)
    if result.check is not None:
        lines.append(check_text(result.check))
    return "\n".join(lines)


def _errors_json(errors: list[FileError]) -> list[dict[str, str]]:
    return [{"path": e.path, "message": e.message, "operation": e.operation, "endpoint": e.endpoint}
            for e in errors]


def check_json(report: CheckReport) -> str:
    return json.dumps({
        "status": "in_sync" if report.in_sync else "differences",
        "missing": report.missing, "extra": report.extra, "size_mismatch": report.size_mismatch,
        "checksum_mismatch": report.checksum_mismatch, "matched": report.matched,
        "errors": [{"path": path, "message": message} for path, message in report.errors],
    }, ensure_ascii=False)


def check_text(report: CheckReport) -> str:
    lines = [f"{kind}: {path}" for kind, paths in (("missing", report.missing), ("extra", report.extra),
                                                   ("size", report.size_mismatch),
                                                   ("checksum", report.checksum_mismatch)) for path in paths]
    lines += [f"error: {path}: {message}" for path, message in report.errors]
    differences = len(report.missing) + len(report.extra) + len(report.size_mismatch) + \
        len(report.checksum_mismatch)
    lines.append(f"{'in sync' if report.in_sync else 'differences'}: {report.matched:,} matching, "
                 f"{differences:,} different, {len(report.errors):,} errors")
    return "\n".join(lines)
