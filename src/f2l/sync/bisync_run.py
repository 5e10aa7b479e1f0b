"""Run a bidirectional sync: plan against the baseline, guard, copy both ways, delete, save the baseline.

The baseline is kept by a `BaselineStore` (the database in the product). It is updated
only for paths whose operation succeeded, so a failed or interrupted run leaves the other
paths as they were and the next run decides them again — no file is resurrected or lost.
Entries are written as the run goes (every `JOURNAL_BATCH` paths or `JOURNAL_SECONDS`), so a
killed run loses at most the last few; those are settled by content on the next run.
Before a file is overwritten or deleted it is checked to be still as listed: a change made
during the run is never overwritten unseen.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from f2l.storage.base import Backend, Entry
from f2l.storage.errors import NotFound, StorageError
from f2l.sync.bisync import (
    BaselineEntry,
    BaselineStore,
    BiAction,
    BiOperation,
    ConflictPolicy,
    Snapshot,
    plan_bidirectional,
)
from f2l.sync.compare import MIN_WINDOW, modify_window
from f2l.sync.engine import FileError, RunStatus, run_bounded
from f2l.sync.filters import FileFilter
from f2l.sync.guards import RunAborted, SideDeletions, check_deletions
from f2l.sync.hashing import with_md5
from f2l.sync.listing import filtered_walk
from f2l.sync.litter import sweep_temp_files
from f2l.sync.options import SyncSettings
from f2l.sync.progress import OutcomeCallback, Phase, ProgressCallback, ProgressTracker
from f2l.sync.transfer import RateLimiter, copy_file

_DELETES = (BiAction.DELETE_ON_DEST, BiAction.DELETE_ON_SOURCE)
JOURNAL_BATCH = 200
JOURNAL_SECONDS = 2.0


@dataclass
class BiResult:
    """What a bidirectional run did."""

    status: RunStatus
    operations: list[BiOperation] = field(default_factory=list)
    files_transferred: int = 0
    bytes_transferred: int = 0
    files_deleted: int = 0
    conflicts: int = 0
    unchanged: int = 0
    errors: list[FileError] = field(default_factory=list)
    duration_s: float = 0.0
    message: str = ""


class _Journal:
    """The baseline's pending changes, written in batches while the run goes on."""

    def __init__(self, store: BaselineStore) -> None:
        self.store = store
        self.saved: list[BaselineEntry] = []
        self.forgotten: list[str] = []
        self._last = time.monotonic()
        self._lock = asyncio.Lock()

    async def note(self) -> None:
        """Write what is pending if the batch is full or old enough."""
        pending = len(self.saved) + len(self.forgotten)
        if pending >= JOURNAL_BATCH or (pending and time.monotonic() - self._last >= JOURNAL_SECONDS):
            await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            saved, self.saved = self.saved, []
            forgotten, self.forgotten = self.forgotten, []
            self._last = time.monotonic()
            if saved:
                await self.store.save(saved)
            if forgotten:
                await self.store.forget(forgotten)


@dataclass
class _Run:
    source: Backend
    destination: Backend
    settings: SyncSettings
    tracker: ProgressTracker
    limiter: RateLimiter | None
    result: BiResult
    journal: _Journal

    @property
    def saved(self) -> list[BaselineEntry]:
        return self.journal.saved

    @property
    def forgotten(self) -> list[str]:
        return self.journal.forgotten


async def run_bidirectional(
    source: Backend,
    destination: Backend,
    settings: SyncSettings,
    store: BaselineStore,
    policy: ConflictPolicy = ConflictPolicy.KEEP_BOTH,
    progress: ProgressCallback | None = None,
    outcomes: OutcomeCallback | None = None,
    *,
    tracker: ProgressTracker | None = None,
) -> BiResult:
    """Bring both sides to the union of their changes since the last run; report what happened.

    Front doors call `f2l.sync.run.run`, which verifies afterwards when asked; `tracker`
    (else one made of `progress` and `outcomes`) hears of every file.
    """
    started, wall_started = time.monotonic(), time.time()
    tracker = tracker or ProgressTracker(progress, on_outcome=outcomes)
    result = BiResult(RunStatus.COMPLETED)
    run = _Run(
        source,
        destination,
        settings,
        tracker,
        RateLimiter(settings.bwlimit) if settings.bwlimit else None,
        result,
        _Journal(store),
    )
    try:
        counts = _Counts()
        result.operations = await _plan(source, destination, settings, store, policy, counts, result.errors)
        result.unchanged = counts.unchanged + sum(1 for op in result.operations if op.action is BiAction.RECORD)
        _guard(result.operations, settings, counts)
    except RunAborted as error:
        result.status, result.message = RunStatus.FAILED, str(error)
    except StorageError as error:
        result.status, result.message = RunStatus.FAILED, f"listing failed, nothing was changed: {error}"
        result.errors.append(FileError(error.path or "", "list", error.endpoint, error.message))
    else:
        result.conflicts = sum(1 for op in result.operations if op.reason.startswith("conflict"))
        if not settings.dry_run:
            await _execute(run)
            if not result.errors:
                for side in (source, destination):
                    await sweep_temp_files(side, wall_started)
        elif result.errors:
            result.status = RunStatus.COMPLETED_WITH_DIFFERENCES  # as the real run would end
    result.duration_s = round(time.monotonic() - started, 3)
    return result


@dataclass
class _Counts:
    """Files each side listed (under the filters)."""

    source: int = 0
    destination: int = 0
    unchanged: int = 0
    """Paths both sides hold that need nothing."""

    def note_unchanged(self) -> None:
        self.unchanged += 1


async def _counted(entries: AsyncIterator[Entry], counts: _Counts, side: str) -> AsyncIterator[Entry]:
    async for entry in entries:
        setattr(counts, side, getattr(counts, side) + 1)
        yield entry


async def _plan(
    source: Backend,
    destination: Backend,
    settings: SyncSettings,
    store: BaselineStore,
    policy: ConflictPolicy,
    counts: _Counts,
    errors: list[FileError],
) -> list[BiOperation]:
    file_filter = FileFilter(settings.filters)

    def unlisted(error: StorageError) -> None:  # an incomplete listing: reported, and no deletion this run
        errors.append(FileError(error.path or "", "list", error.endpoint, error.message))

    source_window = max(source.capabilities.mtime_precision or 0.0, MIN_WINDOW)
    destination_window = max(destination.capabilities.mtime_precision or 0.0, MIN_WINDOW)
    operations = plan_bidirectional(
        store.iterate(),
        _counted(filtered_walk(source, file_filter, on_unreadable=unlisted), counts, "source"),
        _counted(filtered_walk(destination, file_filter, on_unreadable=unlisted), counts, "destination"),
        source_window=source_window if source.capabilities.mtime_precision else None,
        destination_window=destination_window if destination.capabilities.mtime_precision else None,
        cross_window=modify_window(source.capabilities, destination.capabilities),
        policy=policy,
        enrich=lambda a, b: _hashed(source, destination, a, b),
        on_unchanged=counts.note_unchanged,
    )
    return [operation async for operation in operations]


async def _hashed(source: Backend, destination: Backend, a: Entry, b: Entry) -> tuple[Entry, Entry]:
    """Both files with an MD5 (server's or read), to tell identical files from conflicts."""
    return await with_md5(source, a), await with_md5(destination, b)


def _guard(operations: list[BiOperation], settings: SyncSettings, counts: _Counts) -> None:
    """Refuse, before any change, deletions over the limits or driven by a side that lists empty."""
    on_dest = sum(1 for op in operations if op.action is BiAction.DELETE_ON_DEST)
    on_source = sum(1 for op in operations if op.action is BiAction.DELETE_ON_SOURCE)
    check_deletions(
        [
            SideDeletions("source", on_source, counts.source, counts.destination),
            SideDeletions("destination", on_dest, counts.destination, counts.source),
        ],
        settings,
        bidirectional=True,
    )


async def _execute(run: _Run) -> None:
    operations = run.result.operations
    transfers = [op for op in operations if op.action not in _DELETES]
    run.tracker.set_totals(len(transfers), sum(op.size for op in transfers))
    run.tracker.set_phase(Phase.TRANSFERRING)
    await run_bounded(transfers, lambda op: _apply(run, op), run.settings.transfers)  # type: ignore[arg-type]
    deletes = [op for op in operations if op.action in _DELETES]
    if deletes and run.result.errors:
        run.result.message = (
            f"{len(deletes)} deletions skipped: {len(run.result.errors)} errors occurred "
            "during the run, and F2L never deletes after an error"
        )
    elif deletes:
        run.tracker.set_phase(Phase.DELETING)
        await run_bounded(deletes, lambda op: _apply(run, op), run.settings.transfers)  # type: ignore[arg-type]
    await run.journal.flush()
    run.result.status = RunStatus.COMPLETED_WITH_DIFFERENCES if run.result.errors else RunStatus.COMPLETED


async def _apply(run: _Run, op: BiOperation) -> None:
    """Carry out one operation; record its baseline entry, or its error (leaving the baseline)."""
    began = time.monotonic()
    bookkeeping = op.action in (BiAction.RECORD, BiAction.FORGET)
    try:
        await _dispatch(run, op)
    except StorageError as error:
        run.result.errors.append(FileError(op.path, op.action.value, error.endpoint, error.message))
        run.tracker.finish_file(op.path, ok=False)
        run.tracker.outcome(op.action.value, op.path, op.size, began, error=error.message, reason=op.reason)
        return
    if not bookkeeping:
        run.tracker.outcome(op.action.value, op.path, op.size, began, reason=op.reason)
    await run.journal.note()


async def _dispatch(run: _Run, op: BiOperation) -> None:
    source, destination = run.source, run.destination
    if op.action is BiAction.RECORD:
        assert op.source is not None and op.destination is not None
        run.saved.append(BaselineEntry(op.path, Snapshot.of(op.source), Snapshot.of(op.destination)))
    elif op.action is BiAction.FORGET:
        run.forgotten.append(op.path)
    elif op.action is BiAction.COPY_TO_DEST:
        assert op.source is not None
        written = await _overwrite(run, source, destination, op.source, op.destination)
        run.saved.append(BaselineEntry(op.path, Snapshot.of(op.source), Snapshot.of(written)))
    elif op.action is BiAction.COPY_TO_SOURCE:
        assert op.destination is not None
        written = await _overwrite(run, destination, source, op.destination, op.source)
        run.saved.append(BaselineEntry(op.path, Snapshot.of(written), Snapshot.of(op.destination)))
    elif op.action is BiAction.DELETE_ON_DEST:
        await _delete(run, destination, op.destination)
    elif op.action is BiAction.DELETE_ON_SOURCE:
        await _delete(run, source, op.source)
    else:
        await _keep_both(run, op)


async def _keep_both(run: _Run, op: BiOperation) -> None:
    """Rename the losing version aside on its side, copy the winner over the name, and copy the
    renamed loser to the other side, so both sides end with both versions."""
    assert op.source is not None and op.destination is not None and op.conflict_name is not None
    keep_dest = op.action is BiAction.KEEP_DEST_AS_CONFLICT
    winner_side, loser_side = (run.source, run.destination) if keep_dest else (run.destination, run.source)
    winner, loser = (op.source, op.destination) if keep_dest else (op.destination, op.source)
    await _check_unchanged(loser_side, loser)
    await loser_side.rename(op.path, op.conflict_name)
    written = await _copy(run, winner_side, loser_side, winner)
    renamed = await loser_side.stat(op.conflict_name)
    copied_loser = await _copy(run, loser_side, winner_side, renamed)
    pairs = (
        ((winner, written), (copied_loser, renamed)) if keep_dest else ((written, winner), (renamed, copied_loser))
    )
    (path_source, path_dest), (conflict_source, conflict_dest) = pairs
    run.saved.extend(
        [
            BaselineEntry(op.path, Snapshot.of(path_source), Snapshot.of(path_dest)),
            BaselineEntry(op.conflict_name, Snapshot.of(conflict_source), Snapshot.of(conflict_dest)),
        ]
    )


async def _overwrite(run: _Run, origin: Backend, target: Backend, entry: Entry, listed: Entry | None) -> Entry:
    if listed is not None:
        await _check_unchanged(target, listed)
    return await _copy(run, origin, target, entry)


async def _copy(run: _Run, origin: Backend, target: Backend, entry: Entry) -> Entry:
    run.tracker.start_file(entry.path)
    written = (
        await copy_file(
            origin, target, entry, tracker=run.tracker, limiter=run.limiter, attempts=run.settings.retries
        )
    ).written
    run.result.files_transferred += 1
    run.result.bytes_transferred += max(written.size, 0)
    run.tracker.finish_file(entry.path, ok=True)
    return written


async def _delete(run: _Run, target: Backend, listed: Entry | None) -> None:
    assert listed is not None
    await _check_unchanged(target, listed)
    await target.delete(listed.path)
    run.forgotten.append(listed.path)
    run.result.files_deleted += 1
    run.tracker.deleted()


async def _check_unchanged(backend: Backend, listed: Entry) -> None:
    """Raise unless the file is still as the listing saw it (it may have changed during the run)."""
    try:
        current = await backend.stat(listed.path)
    except NotFound:
        raise StorageError(
            "vanished during the run; left for the next run", endpoint=backend.label, path=listed.path
        ) from None
    if listed.etag is not None and current.etag is not None:
        unchanged = listed.etag == current.etag
    else:
        unchanged = current.size == listed.size and (
            listed.mtime is None or current.mtime is None or abs(current.mtime - listed.mtime) <= MIN_WINDOW
        )
    if not unchanged:
        raise StorageError(
            "changed during the run; not overwritten, the next run will decide",
            endpoint=backend.label,
            path=listed.path,
        )
