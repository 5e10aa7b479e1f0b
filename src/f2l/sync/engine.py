"""The one-way engine: plan a run from two listings, then copy, then delete — or stop before any change.

Front doors call `f2l.sync.run.run`, which calls `run_sync` for one-way runs and verifies
afterwards when asked. A one-way run is in two phases:

1. **Plan** — both sides are listed under the same filters and merge-joined; every path
   that needs work becomes an operation (unchanged ones are only counted). Planning fully
   before acting gives exact totals for progress, and lets the guards (empty source,
   max-delete) abort *before any change*.
2. **Execute** — copies, `transfers` at a time, each file retried on transient errors;
   then deletions, only if nothing at all failed (INV-3).

Bidirectional runs are planned and executed by `f2l.sync.bisync_run`; both pass the same
deletion guards (`f2l.sync.guards`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import aclosing
from dataclasses import dataclass, field
from enum import StrEnum

from f2l.storage.base import Backend, Entry
from f2l.storage.errors import StorageError
from f2l.sync.bisync import BaselineEntry, BaselineStore, Snapshot, merge3
from f2l.sync.compare import CompareMode, modify_window
from f2l.sync.filters import FileFilter
from f2l.sync.guards import RunAborted, SideDeletions, check_deletions
from f2l.sync.hashing import with_md5
from f2l.sync.listing import UnreadableCallback, filtered_walk
from f2l.sync.litter import sweep_temp_files
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.plan import Action, Enricher, OneWayRules, Operation, Reason, needs_enrichment, plan_pair
from f2l.sync.progress import OutcomeCallback, Phase, ProgressCallback, ProgressTracker
from f2l.sync.transfer import RateLimiter, copy_file


class RunStatus(StrEnum):
    """How a run ended (the service adds `queued`, `running` and `interrupted`)."""

    COMPLETED = "completed"
    COMPLETED_WITH_DIFFERENCES = "completed_with_differences"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class FileError:
    """One failed file or step: which path, on which endpoint, doing what, and why."""

    path: str
    operation: str
    endpoint: str
    message: str


@dataclass
class Plan:
    """The work a run found: operations that change something, and the counts of the rest."""

    copies: list[Operation] = field(default_factory=list)
    deletes: list[Operation] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    remember: list[BaselineEntry] = field(default_factory=list)
    """Unchanged pairs whose real metadata cost requests: recorded so the next run needs none."""
    stale: list[str] = field(default_factory=list)
    """Paths the sync record remembers but neither side lists now (deleted on both, or filtered
    out): nothing to do but forget them."""
    unchanged: int = 0
    kept: int = 0
    source_files: int = 0
    destination_files: int = 0

    @property
    def bytes_to_copy(self) -> int:
        return sum(operation.size for operation in self.copies)

    def add(self, operation: Operation) -> None:
        if operation.action is Action.COPY:
            self.copies.append(operation)
        elif operation.action is Action.DELETE:
            self.deletes.append(operation)
        elif operation.destination is not None and operation.source is None:
            self.kept += 1
        else:
            self.unchanged += 1
        if operation.source is not None:
            self.source_files += 1
        if operation.destination is not None:
            self.destination_files += 1


@dataclass
class SyncResult:
    """What a run did; the CLI's `--json` summary and the service's execution row read it."""

    status: RunStatus
    plan: Plan
    files_transferred: int = 0
    bytes_transferred: int = 0
    files_deleted: int = 0
    errors: list[FileError] = field(default_factory=list)
    duration_s: float = 0.0
    message: str = ""
    copied: list[BaselineEntry] = field(default_factory=list)

    @property
    def files_skipped(self) -> int:
        return self.plan.unchanged + self.plan.kept


async def run_sync(
    source: Backend,
    destination: Backend,
    settings: SyncSettings,
    progress: ProgressCallback | None = None,
    records: BaselineStore | None = None,
    outcomes: OutcomeCallback | None = None,
    *,
    tracker: ProgressTracker | None = None,
) -> SyncResult:
    """Run one one-way sync between two connected backends and report what happened.

    Never raises for file-level problems: they are collected in `errors`. A listing error
    or a guard ends the run `failed` with nothing changed. Cancellation propagates after
    in-flight writes have discarded their temp files.

    `records` is the sync record of this pair (what both sides looked like after each
    path's last sync): with it, a re-run needs no metadata request for a path whose S3 ETag
    and size are unchanged since then. It is read in every run and written unless dry.
    `outcomes` hears of every file copied or deleted, and of every failure (or `tracker`, made
    by the caller, hears of all). Front doors call `f2l.sync.run.run`, which also verifies.
    """
    if settings.direction is Direction.BIDIRECTIONAL:
        raise ValueError("run_sync is one-way: call f2l.sync.run.run, which runs every direction")
    if settings.direction is Direction.DEST_TO_SOURCE:
        source, destination = destination, source
    started, wall_started = time.monotonic(), time.time()
    tracker = tracker or ProgressTracker(progress, on_outcome=outcomes)
    result = SyncResult(RunStatus.COMPLETED, Plan())
    try:
        result.plan = await build_plan(source, destination, settings, records)
        guard(result.plan, settings)
    except RunAborted as error:
        result.status, result.message = RunStatus.FAILED, str(error)
        result.errors.extend(result.plan.errors)  # what the plan met still names its files
    except StorageError as error:
        result.status, result.message = RunStatus.FAILED, f"listing failed, nothing was changed: {error}"
        result.errors.append(FileError(error.path or "", "list", error.endpoint, error.message))
    else:
        result.errors.extend(result.plan.errors)
        if not settings.dry_run:
            await _execute(source, destination, settings, result, tracker)
            if not result.errors:
                await sweep_temp_files(destination, wall_started)
            if records is not None:
                await records.save([*result.plan.remember, *result.copied])
                await records.forget([*(op.path for op in result.plan.deletes), *result.plan.stale])
        elif result.errors:
            result.status = RunStatus.COMPLETED_WITH_DIFFERENCES
    result.duration_s = round(time.monotonic() - started, 3)
    return result


async def build_plan(
    source: Backend, destination: Backend, settings: SyncSettings, records: BaselineStore | None = None
) -> Plan:
    """List both sides under the filters and decide every path (the dry run is this plan)."""
    file_filter = FileFilter(settings.filters)
    rules = OneWayRules(
        compare=settings.compare,
        window=modify_window(source.capabilities, destination.capabilities),
        delete_extraneous=settings.delete_extraneous,
        force=settings.force,
    )
    recall = _Recall(source, destination, settings.compare)
    plan = Plan()
    triples = merge3(
        records.iterate() if records is not None else _nothing(),
        filtered_walk(source, file_filter, on_unreadable=_unlisted(plan, source)),
        filtered_walk(destination, file_filter, on_unreadable=_unlisted(plan, destination)),
    )
    gate = asyncio.Semaphore(settings.checkers)

    async def decide(pair_source: Entry | None, pair_destination: Entry | None, enrich: Enricher) -> None:
        try:
            operation = await plan_pair(pair_source, pair_destination, rules, enrich)
            plan.add(operation)
            if operation.reason is Reason.UNCHANGED and recall.worth_remembering:
                assert operation.source is not None and operation.destination is not None
                plan.remember.append(
                    BaselineEntry(
                        operation.path, Snapshot.of(operation.source), Snapshot.of(operation.destination)
                    )
                )
        except StorageError as error:
            # This path cannot be compared (it vanished, or a read failed): leave it as it
            # is, and let the error keep the run from deleting anything.
            path = (pair_source or pair_destination).path  # type: ignore[union-attr]
            plan.errors.append(_file_error(error, path, "compare", destination))
            plan.source_files += pair_source is not None
            plan.destination_files += pair_destination is not None
        finally:
            gate.release()

    listing_error: StorageError | None = None
    async with asyncio.TaskGroup() as group, aclosing(triples):
        try:
            async for record, pair_source, pair_destination in triples:
                if pair_source is None and pair_destination is None:
                    assert record is not None  # merge3 yields a triple only for a path something holds
                    plan.stale.append(record.path)
                    continue
                pair_source, pair_destination, enrich = recall.resolve(record, pair_source, pair_destination)
                if enrich is not None and needs_enrichment(pair_source, pair_destination, rules):
                    await gate.acquire()  # metadata requests or hashing: `checkers` at a time
                    group.create_task(decide(pair_source, pair_destination, enrich))
                else:
                    plan.add(await plan_pair(pair_source, pair_destination, rules))
        except StorageError as error:
            listing_error = error  # raised as itself below, not wrapped in the group's ExceptionGroup
    if listing_error is not None:
        raise listing_error
    return plan


def guard(plan: Plan, settings: SyncSettings) -> None:
    """Refuse plans that look like accidents, before anything changes; raise `RunAborted`."""
    check_deletions(
        [SideDeletions("destination", len(plan.deletes), plan.destination_files, plan.source_files)],
        settings,
        bidirectional=False,
    )


async def _execute(
    source: Backend, destination: Backend, settings: SyncSettings, result: SyncResult, tracker: ProgressTracker
) -> None:
    plan = result.plan
    tracker.set_totals(len(plan.copies), plan.bytes_to_copy)
    tracker.set_phase(Phase.TRANSFERRING)
    limiter = RateLimiter(settings.bwlimit) if settings.bwlimit else None

    async def copy_one(operation: Operation) -> None:
        entry = operation.source
        assert entry is not None
        tracker.start_file(entry.path)
        began = time.monotonic()
        try:
            copied = await copy_file(
                source, destination, entry, tracker=tracker, limiter=limiter, attempts=settings.retries
            )
        except StorageError as error:
            result.errors.append(_file_error(error, entry.path, "copy", destination))
            tracker.finish_file(entry.path, ok=False)
            tracker.outcome(
                "copy", entry.path, entry.size, began, error=error.message, reason=operation.reason.value
            )
            return
        written = copied.written
        tracker.outcome("copy", entry.path, written.size, began, reason=operation.reason.value)
        result.copied.append(BaselineEntry(entry.path, Snapshot.of(copied.source), Snapshot.of(written)))
        result.files_transferred += 1
        result.bytes_transferred += max(written.size, 0)
        tracker.finish_file(entry.path, ok=True)

    await run_bounded(plan.copies, copy_one, settings.transfers)
    if plan.deletes:
        await _delete_all(destination, settings, result, tracker)
    result.status = _final_status(result)


async def _delete_all(
    destination: Backend, settings: SyncSettings, result: SyncResult, tracker: ProgressTracker
) -> None:
    if result.errors:
        result.message = (
            f"{len(result.plan.deletes)} deletions skipped: {len(result.errors)} errors "
            "occurred during the run, and F2L never deletes after an error"
        )
        return
    tracker.set_phase(Phase.DELETING)

    async def delete_one(operation: Operation) -> None:
        began = time.monotonic()
        size = operation.destination.size if operation.destination else None
        try:
            await destination.delete(operation.path)
        except StorageError as error:
            result.errors.append(_file_error(error, operation.path, "delete", destination))
            tracker.outcome(
                "delete", operation.path, size, began, error=error.message, reason=operation.reason.value
            )
            return
        result.files_deleted += 1
        tracker.deleted()
        tracker.outcome("delete", operation.path, size, began, reason=operation.reason.value)

    await run_bounded(result.plan.deletes, delete_one, settings.transfers)


async def run_bounded(
    operations: list[Operation], work: Callable[[Operation], Awaitable[None]], limit: int
) -> None:
    """Run `work` over `operations` with at most `limit` at once (a fixed pool, not a task each)."""
    queue = iter(operations)

    async def worker() -> None:
        for operation in queue:  # the iterator is shared: each operation is taken once
            await work(operation)

    async with asyncio.TaskGroup() as group:
        for _ in range(min(limit, len(operations))):
            group.create_task(worker())


def _final_status(result: SyncResult) -> RunStatus:
    if result.errors:
        return RunStatus.COMPLETED_WITH_DIFFERENCES
    return RunStatus.COMPLETED


class _Recall:
    """What a comparison needs beyond the listings, and the sync record that spares requests.

    A side whose listing lacks the real mtime (S3: `LastModified` is the upload time) would
    need one `stat` per same-size pair. When the record of the pair's last sync has that
    side's ETag and size unchanged, the object is the one F2L wrote or checked then, so its
    recorded mtime (and MD5) stand in — no request.
    """

    def __init__(self, source: Backend, destination: Backend, compare: CompareMode) -> None:
        self.source, self.destination, self.compare = source, destination, compare
        self.stat_source = not source.capabilities.listing_has_mtime
        self.stat_destination = not destination.capabilities.listing_has_mtime
        self.worth_remembering = compare is CompareMode.SIZE_MTIME and (self.stat_source or self.stat_destination)

    def resolve(
        self, record: BaselineEntry | None, source: Entry | None, destination: Entry | None
    ) -> tuple[Entry | None, Entry | None, Enricher | None]:
        """The pair with what the record supplies, and the enricher still needed (or None)."""
        if self.compare is CompareMode.CHECKSUM:
            return source, destination, self._hashes
        if self.compare is CompareMode.SIZE or not (self.stat_source or self.stat_destination):
            return source, destination, None
        stat_source, stat_destination = self.stat_source, self.stat_destination
        if record is not None and source is not None and destination is not None:
            if stat_source and _unchanged_since(record.source, source):
                source, stat_source = _recalled(source, record.source), False
            if stat_destination and _unchanged_since(record.destination, destination):
                destination, stat_destination = _recalled(destination, record.destination), False
        if not (stat_source or stat_destination):
            return source, destination, None
        return source, destination, self._stats(stat_source, stat_destination)

    async def _hashes(self, a: Entry, b: Entry) -> tuple[Entry, Entry]:
        return await with_md5(self.source, a), await with_md5(self.destination, b)

    def _stats(self, stat_source: bool, stat_destination: bool) -> Enricher:
        async def mtimes(a: Entry, b: Entry) -> tuple[Entry, Entry]:
            # One metadata request per side whose listing lacks the real mtime (S3's `mtime` key).
            return (
                await self.source.stat(a.path) if stat_source else a,
                await self.destination.stat(b.path) if stat_destination else b,
            )

        return mtimes


def _unchanged_since(snapshot: Snapshot, listed: Entry) -> bool:
    return snapshot.etag is not None and snapshot.etag == listed.etag and snapshot.size == listed.size


def _recalled(listed: Entry, snapshot: Snapshot) -> Entry:
    hashes = {**listed.hashes, "md5": snapshot.hash} if snapshot.hash else listed.hashes
    return dataclasses.replace(listed, mtime=snapshot.mtime, hashes=hashes)


async def _nothing() -> AsyncIterator[BaselineEntry]:
    return
    yield  # an empty async generator: a run without a record


def _file_error(error: StorageError, path: str, operation: str, backend: Backend) -> FileError:
    return FileError(path, operation, error.endpoint or backend.label, error.message)


def _unlisted(plan: Plan, backend: Backend) -> UnreadableCallback:
    """A name `backend`'s listing had to leave out: a failed file, and so no deletion this run (INV-3)."""
    return lambda error: plan.errors.append(_file_error(error, error.path or "", "list", backend))
