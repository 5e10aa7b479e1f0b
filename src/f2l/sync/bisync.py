"""Plan a bidirectional run: each side's changes against the baseline, then one decision per path.

Planning over three canonical-order streams — the baseline (both sides as they were after
the last good run), the source listing and the destination listing — merged by path with
O(1) entries in memory. `f2l.sync.bisync_run` runs the plan.

A path changed on both sides holding files of equal size is a conflict only if their
content differs: a common hash decides, else equal mtimes (within the window); when times
differ and no hash is shared, the content is hashed (`enrich`) — an interrupted run or a
lost baseline must never turn identical files into conflicts because an S3 listing shows
the upload time.

Changes are judged **per side**, each against its own snapshot in the baseline, so clock
skew between hosts never decides anything; only the `newer_wins` policy compares times
across sides, because that is what it asks for.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Protocol

from f2l.storage.base import Entry
from f2l.sync.compare import common_hash
from f2l.sync.plan import ListingOrderError


class Change(StrEnum):
    """What happened to a path on one side since the baseline."""

    NONE = "none"  # absent before and now, or unchanged
    NEW = "new"
    MODIFIED = "modified"
    DELETED = "deleted"


class ConflictPolicy(StrEnum):
    """How a path changed on both sides is settled."""

    NEWER_WINS = "newer_wins"
    SOURCE_WINS = "source_wins"
    DEST_WINS = "dest_wins"
    KEEP_BOTH = "keep_both"


class BiAction(StrEnum):
    """One step of a bidirectional plan."""

    COPY_TO_DEST = "copy_to_dest"
    COPY_TO_SOURCE = "copy_to_source"
    DELETE_ON_DEST = "delete_on_dest"
    DELETE_ON_SOURCE = "delete_on_source"
    KEEP_SOURCE_AS_CONFLICT = "keep_source_as_conflict"  # rename the losing source file aside, then copy
    KEEP_DEST_AS_CONFLICT = "keep_dest_as_conflict"
    RECORD = "record"  # nothing to move; the baseline takes the current state
    FORGET = "forget"  # gone on both sides; drop it from the baseline


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One side of a path as the baseline remembers it.

    `etag` is the backend's own change token where it has one (S3): it changes with every
    upload and is the most reliable test, since an S3 listing's time is the upload time.
    """

    size: int
    mtime: float | None
    hash: str | None = None
    etag: str | None = None

    @classmethod
    def of(cls, entry: Entry) -> Snapshot:
        return cls(entry.size, entry.mtime, entry.hashes.get("md5"), entry.etag)


@dataclass(frozen=True, slots=True)
class BaselineEntry:
    """A path as both sides were after the last good run."""

    path: str
    source: Snapshot
    destination: Snapshot


@dataclass(frozen=True, slots=True)
class BiOperation:
    """The decision for one path, with both current entries and the reason."""

    action: BiAction
    path: str
    reason: str
    source: Entry | None
    destination: Entry | None
    conflict_name: str | None = None

    @property
    def size(self) -> int:
        """Bytes the operation concerns: the copied side's for a copy to the destination, else the
        destination's file (the source's when the destination has none)."""
        entry = self.source if self.action is BiAction.COPY_TO_DEST else self.destination or self.source
        return max(entry.size, 0) if entry is not None else 0


Triple = tuple[BaselineEntry | None, Entry | None, Entry | None]


class BaselineStore(Protocol):
    """Where the baseline of one endpoint pair lives."""

    def iterate(self) -> AsyncIterator[BaselineEntry]:
        """Every baseline entry in canonical order."""
        ...

    async def save(self, entries: Sequence[BaselineEntry]) -> None:
        """Insert or replace these entries."""

    async def forget(self, paths: Sequence[str]) -> None:
        """Drop these paths."""


def side_change(before: Snapshot | None, now: Entry | None, window: float | None) -> Change:
    """Compare one side with its own snapshot: NEW, DELETED, MODIFIED or NONE.

    Modified: the size differs, or the change token (ETag) differs, or a hash both carry
    differs, or (without those) the mtime moved beyond the side's own precision window.
    """
    if before is None:
        return Change.NONE if now is None else Change.NEW
    if now is None:
        return Change.DELETED
    if now.size != before.size:
        return Change.MODIFIED
    if before.etag is not None and now.etag is not None:
        return Change.NONE if before.etag == now.etag else Change.MODIFIED
    current_hash = now.hashes.get("md5")
    if before.hash is not None and current_hash is not None:
        return Change.NONE if before.hash == current_hash else Change.MODIFIED
    if before.mtime is None or now.mtime is None or window is None:
        return Change.NONE
    return Change.NONE if abs(now.mtime - before.mtime) <= window else Change.MODIFIED


Enricher = Callable[[Entry, Entry], Awaitable[tuple[Entry, Entry]]]
"""Fills in a hash both entries share (by reading where no server hash exists)."""


def same_content(source: Entry, destination: Entry, window: float | None) -> bool:
    """Whether two current files hold the same version: a common hash decides; without one,
    equal size and mtimes within the window (an identical edit is no conflict). Equal sizes
    with differing times and no common hash say nothing: `needs_content` asks for hashes."""
    algorithm = common_hash(source, destination)
    if algorithm is not None:
        return source.hashes[algorithm] == destination.hashes[algorithm]
    if source.size != destination.size:
        return False
    if source.mtime is None or destination.mtime is None or window is None:
        return False  # cannot tell: treat as a conflict rather than merge silently
    return abs(source.mtime - destination.mtime) <= window


def needs_content(
    triple: Triple, *, source_window: float | None, destination_window: float | None, cross_window: float | None
) -> bool:
    """Whether deciding this path takes hashing both files: both changed since the baseline
    (or no baseline), equal sizes, no common hash, and times that do not already agree."""
    base, source, destination = triple
    if source is None or destination is None or source.size != destination.size or source.size < 0:
        return False
    if common_hash(source, destination) is not None:
        return False
    if (
        source.mtime is not None
        and destination.mtime is not None
        and cross_window is not None
        and abs(source.mtime - destination.mtime) <= cross_window
    ):
        return False
    changed = (Change.NEW, Change.MODIFIED)
    return (
        side_change(base.source if base else None, source, source_window) in changed
        and side_change(base.destination if base else None, destination, destination_window) in changed
    )


def conflict_name(path: str, when: datetime) -> str:
    """`dir/name.ext` → `dir/name.conflict-YYYYMMDD-HHMMSS.ext` (the extension stays last)."""
    directory, _, name = path.rpartition("/")
    stem, dot, extension = name.rpartition(".")
    if not stem:  # no extension, or a dot-file like ".env"
        stem, dot, extension = name, "", ""
    stamp = when.astimezone(UTC).strftime("%Y%m%d-%H%M%S")
    renamed = f"{stem}.conflict-{stamp}{dot}{extension}"
    return f"{directory}/{renamed}" if directory else renamed


def decide(
    triple: Triple,
    *,
    source_window: float | None,
    destination_window: float | None,
    cross_window: float | None,
    policy: ConflictPolicy,
    now: datetime,
) -> BiOperation | None:
    """The operation for one path (None when nothing changed and the baseline is current).

    Each side's change against its own snapshot (none, new/modified, deleted), then:

    - none / none → nothing; deleted / deleted → forget the path;
    - changed on one side only → copy it over, or propagate its deletion;
    - modified on one side, deleted on the other → copy the modified file (modified wins);
    - changed on both → the same content is recorded; different content is a conflict,
      settled by `policy` (keep_both renames the older version to `conflict_name`).

    With no baseline entry for a path both sides hold (a first run, or a lost baseline),
    both count as new: equal content is recorded, different content is a conflict. Nothing
    is ever deleted without a baseline entry saying the file existed on both sides.
    """
    base, source, destination = triple
    path = (base or source or destination).path  # type: ignore[union-attr]
    on_source = side_change(base.source if base else None, source, source_window)
    on_dest = side_change(base.destination if base else None, destination, destination_window)
    if on_source is Change.NONE and on_dest is Change.NONE:
        return None
    if on_source is Change.DELETED and on_dest is Change.DELETED:
        return BiOperation(BiAction.FORGET, path, "deleted on both sides", None, None)
    if on_dest is Change.NONE or (on_dest is Change.DELETED and on_source is not Change.NONE):
        return _one_sided(path, on_source, on_dest, source, destination, to_dest=True)
    if on_source is Change.NONE or on_source is Change.DELETED:
        return _one_sided(path, on_dest, on_source, source, destination, to_dest=False)
    assert source is not None and destination is not None  # changed (new or modified) on both
    if same_content(source, destination, cross_window):
        return BiOperation(BiAction.RECORD, path, "identical on both sides", source, destination)
    return _conflict(path, source, destination, policy, now)


def _one_sided(
    path: str, change: Change, other: Change, source: Entry | None, destination: Entry | None, *, to_dest: bool
) -> BiOperation:
    """The changed side wins; a deletion on it propagates, a modification beats the other's deletion."""
    if change is Change.DELETED:
        action = BiAction.DELETE_ON_DEST if to_dest else BiAction.DELETE_ON_SOURCE
        return BiOperation(
            action, path, f"deleted on the {'source' if to_dest else 'destination'}", source, destination
        )
    action = BiAction.COPY_TO_DEST if to_dest else BiAction.COPY_TO_SOURCE
    side = "source" if to_dest else "destination"
    reason = f"{change.value} on the {side}" + (
        ", deleted on the other side: modified wins" if other is Change.DELETED else ""
    )
    return BiOperation(action, path, reason, source, destination)


def _conflict(path: str, source: Entry, destination: Entry, policy: ConflictPolicy, now: datetime) -> BiOperation:
    source_newer = (source.mtime or 0.0) >= (destination.mtime or 0.0)
    if policy is ConflictPolicy.SOURCE_WINS or (policy is ConflictPolicy.NEWER_WINS and source_newer):
        return BiOperation(
            BiAction.COPY_TO_DEST, path, f"conflict: {policy.value}, source kept", source, destination
        )
    if policy in (ConflictPolicy.DEST_WINS, ConflictPolicy.NEWER_WINS):
        return BiOperation(
            BiAction.COPY_TO_SOURCE, path, f"conflict: {policy.value}, destination kept", source, destination
        )
    # keep_both: the newer version takes the name; the other is kept beside it on both sides.
    action = BiAction.KEEP_DEST_AS_CONFLICT if source_newer else BiAction.KEEP_SOURCE_AS_CONFLICT
    return BiOperation(action, path, "conflict: keep_both", source, destination, conflict_name(path, now))


async def merge3(
    baseline: AsyncIterator[BaselineEntry], source: AsyncIterator[Entry], destination: AsyncIterator[Entry]
) -> AsyncGenerator[Triple, None]:
    """Merge three canonical-order streams by path; raise `ListingOrderError` on disorder."""
    streams = (_ordered(baseline, "baseline"), _ordered(source, "source"), _ordered(destination, "destination"))
    try:
        heads = [await anext(stream, None) for stream in streams]
        while any(head is not None for head in heads):
            key = min(head.path.encode() for head in heads if head is not None)
            triple: list[object] = [None, None, None]
            for index, head in enumerate(heads):
                if head is not None and head.path.encode() == key:
                    triple[index] = head
                    heads[index] = await anext(streams[index], None)
            yield triple[0], triple[1], triple[2]  # type: ignore[misc]
    finally:
        # Closed here, in this task: left to the garbage collector, a database cursor or a
        # listing would be closed later from another task ("generator already running").
        for stream in streams:
            await stream.aclose()


async def _ordered(
    items: AsyncIterator[BaselineEntry] | AsyncIterator[Entry], name: str
) -> AsyncGenerator[BaselineEntry | Entry, None]:
    previous: bytes | None = None
    async for item in items:
        key = item.path.encode()
        if previous is not None and key <= previous:
            raise ListingOrderError(f"the {name} is out of canonical order at {item.path!r}")
        previous = key
        yield item


async def plan_bidirectional(
    baseline: AsyncIterator[BaselineEntry],
    source: AsyncIterator[Entry],
    destination: AsyncIterator[Entry],
    *,
    source_window: float | None,
    destination_window: float | None,
    cross_window: float | None,
    policy: ConflictPolicy,
    now: datetime | None = None,
    enrich: Enricher | None = None,
    on_unchanged: Callable[[], None] | None = None,
) -> AsyncIterator[BiOperation]:
    """Every path's decision, in canonical order; paths needing nothing are left out.

    `enrich` hashes both files of a pair that `needs_content`; without it such a pair is a
    conflict (never assume content matches what was not compared). `on_unchanged` hears of
    each path both sides hold that needs nothing.
    """
    moment = now or datetime.now(UTC)
    windows = {
        "source_window": source_window,
        "destination_window": destination_window,
        "cross_window": cross_window,
    }
    async for triple in merge3(baseline, source, destination):
        if enrich is not None and needs_content(triple, **windows):
            base, source_entry, destination_entry = triple
            assert source_entry is not None and destination_entry is not None
            triple = (base, *await enrich(source_entry, destination_entry))
        operation = decide(
            triple,
            source_window=source_window,
            destination_window=destination_window,
            cross_window=cross_window,
            policy=policy,
            now=moment,
        )
        if operation is not None:
            yield operation
        elif on_unchanged is not None and triple[1] is not None and triple[2] is not None:
            on_unchanged()
