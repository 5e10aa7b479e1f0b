"""Read-only inspection of an endpoint: browse a folder, describe a path, analyze a tree.

Every function takes a connected `Backend` (the caller owns `async with backend`) and a
root-relative path the caller has validated. Listings are consumed as streams and always
closed, so a folder of millions of objects costs bounded memory: at most one page of
entries, a bounded heap of the largest files, and capped breakdown tables.
"""

from __future__ import annotations

import dataclasses
import heapq
import mimetypes
import os
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from datetime import UTC, datetime

from f2l.services.inspect_models import (
    Analysis,
    BreakdownRow,
    BrowseItem,
    BrowsePage,
    BrowsePagination,
    CountBytes,
    FilterMatch,
    LargestFile,
    PathMetadata,
    SizeBucket,
)
from f2l.storage.base import Backend, Entry
from f2l.sync.filters import FileFilter

KIB = 1 << 10
MIB = 1 << 20
GIB = 1 << 30

SIZE_BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("<1 KiB", 0, KIB),
    ("1 KiB–1 MiB", KIB, MIB),
    ("1–16 MiB", MIB, 16 * MIB),
    ("16–128 MiB", 16 * MIB, 128 * MIB),
    ("128 MiB–1 GiB", 128 * MIB, GIB),
    (">=1 GiB", GIB, None),
)
"""Histogram buckets: label, inclusive lower bound, exclusive upper bound (None: unbounded)."""

BREAKDOWN_ROWS = 50
"""Rows a breakdown shows before folding the rest into `OTHER`."""
OTHER = "(other)"
MAX_TRACKED_KEYS = 10_000
"""Distinct keys a breakdown keeps apart; later new keys count under `OTHER` so memory stays bounded."""
UNKNOWN_CLASS = "unknown"


class NotADirectory(ValueError):
    """The path names a file where a folder was expected."""

    def __init__(self, path: str) -> None:
        self.path = path
        super().__init__(f"{path!r} is a file, not a folder")


# -- browse ------------------------------------------------------------------------------


async def browse(backend: Backend, path: str, *, page: int, limit: int) -> BrowsePage:
    """One page of the direct children of folder `path`, in the backend's canonical order."""
    if page < 1 or limit < 1:
        raise ValueError("page and limit must be at least 1")
    await _require_folder(backend, path)
    skip = (page - 1) * limit
    items: list[BrowseItem] = []
    seen = 0
    has_more = False
    async with aclosing(backend.list_dir(path)) as children:
        async for entry in children:
            if seen >= skip + limit:
                has_more = True  # one entry past the window answers has_more; stop reading there
                break
            if seen >= skip:
                items.append(_browse_item(entry))
            seen += 1
    total = None if has_more else seen
    pagination = BrowsePagination(page=page, limit=limit, total=total, has_more=has_more)
    return BrowsePage(data=items, pagination=pagination)


def _browse_item(entry: Entry) -> BrowseItem:
    """The API view of one listed entry."""
    known_size = not entry.is_dir and entry.size >= 0
    return BrowseItem(
        name=entry.name,
        path=entry.path,
        is_dir=entry.is_dir,
        size=entry.size if known_size else None,
        modified=_datetime(entry.mtime),
        etag=entry.etag,
        storage_class=entry.storage_class,
        content_type=_listed_type(entry),
    )


def _listed_type(entry: Entry) -> str | None:
    """A listed file's content type: the listing's when it has one, else guessed from the name.

    No backend's listing carries the stored type (an S3 listing has none; a HEAD per entry would
    cost a request per file), so browse guesses it from the extension, as F2L itself does when it
    uploads to S3. The stored Content-Type of one object is in `metadata`.
    """
    if entry.is_dir:
        return None
    return entry.content_type or mimetypes.guess_type(entry.name)[0]


# -- metadata ----------------------------------------------------------------------------


async def metadata(backend: Backend, path: str, *, max_entries: int = 100_000) -> PathMetadata:
    """A file's attributes, or a folder's file count, folder count, size and newest change."""
    # S3Backend.stat already answers a prefix without a marker object as a directory and
    # raises NotFound only when nothing at all lies under it.
    entry = await backend.stat(path)
    if not entry.is_dir:
        return _file_metadata(entry)
    totals = _FolderTotals()
    async with aclosing(backend.walk(path)) as files:
        async for file in files:
            if totals.file_count >= max_entries:
                totals.truncated = True
                break
            totals.add(_relative(file.path, path), file)
    return PathMetadata(
        path=path,
        name=entry.name,
        kind="folder",
        modified=_datetime(entry.mtime),
        file_count=totals.file_count,
        folder_count=totals.folder_count,
        total_size=totals.total_size,
        last_modified=_datetime(totals.newest),
        truncated=totals.truncated,
    )


def _file_metadata(entry: Entry) -> PathMetadata:
    return PathMetadata(
        path=entry.path,
        name=entry.name,
        kind="file",
        modified=_datetime(entry.mtime),
        size=entry.size if entry.size >= 0 else None,
        etag=entry.etag,
        content_type=entry.content_type,
        storage_class=entry.storage_class,
        hashes=dict(entry.hashes),
        metadata=dict(entry.metadata),
    )


@dataclass(slots=True)
class _FolderTotals:
    """Running totals of a folder walk."""

    file_count: int = 0
    folder_count: int = 0
    total_size: int = 0
    newest: float | None = None
    truncated: bool = False
    previous_dirs: list[str] = field(default_factory=list)

    def add(self, relative: str, file: Entry) -> None:
        """Count one walked file, given its path relative to the walked folder."""
        self.file_count += 1
        self.total_size += max(file.size, 0)
        if file.mtime is not None and (self.newest is None or file.mtime > self.newest):
            self.newest = file.mtime
        # A walk is in canonical order, so each folder's files come in one run: the folders
        # this file's chain does not share with the previous file's are new. No set needed.
        dirs = relative.split("/")[:-1]
        shared = _common_length(dirs, self.previous_dirs)
        self.folder_count += len(dirs) - shared
        self.previous_dirs = dirs


def _common_length(left: list[str], right: list[str]) -> int:
    """Length of the common leading run of two segment lists."""
    shared = 0
    for a, b in zip(left, right, strict=False):
        if a != b:
            break
        shared += 1
    return shared


# -- filter match ------------------------------------------------------------------------


MATCH_SAMPLE_SIZE = 20
MATCH_MAX_FILES = 200_000
MATCH_SECONDS = 10.0


async def match(
    backend: Backend,
    path: str,
    file_filter: FileFilter,
    *,
    max_files: int = MATCH_MAX_FILES,
    seconds: float = MATCH_SECONDS,
    sample_size: int = MATCH_SAMPLE_SIZE,
) -> FilterMatch:
    """Count what `file_filter` lets through under folder `path`, judged as a run judges it.

    Paths are matched relative to `path`, as a session rooted there sees them. The walk stops
    after `max_files` files or `seconds`, so the wizard's count stays interactive on huge trees.
    """
    await _require_folder(backend, path)
    deadline = time.monotonic() + seconds
    matched = matched_bytes = scanned = 0
    sample: list[str] = []
    complete = True

    def descend(dir_path: str) -> bool:
        return file_filter.descend(_relative(dir_path, path))

    async with aclosing(backend.walk(path, descend=None if file_filter.is_empty else descend)) as files:
        async for file in files:
            if scanned >= max_files or time.monotonic() > deadline:
                complete = False
                break
            scanned += 1
            relative = _relative(file.path, path)
            if file_filter.is_empty or file_filter.includes(dataclasses.replace(file, path=relative)):
                matched += 1
                matched_bytes += max(file.size, 0)
                if len(sample) < sample_size:
                    sample.append(relative)
    return FilterMatch(
        path=path,
        matched_files=matched,
        matched_bytes=matched_bytes,
        scanned_files=scanned,
        sample=sample,
        complete=complete,
    )


# -- analyze -----------------------------------------------------------------------------


async def analyze(
    backend: Backend, path: str, *, recent_speed_bps: float | None, top_n: int = 20, max_entries: int = 1_000_000
) -> Analysis:
    """Totals, size histogram, largest files and breakdowns of everything under folder `path`."""
    await _require_folder(backend, path)
    tally = _AnalysisTally(top_n)
    async with aclosing(backend.walk(path)) as files:
        async for file in files:
            if tally.object_count >= max_entries:
                tally.truncated = True
                break
            tally.add(_relative(file.path, path), file)
    speed = recent_speed_bps if recent_speed_bps and recent_speed_bps > 0 else None
    return Analysis(
        path=path,
        object_count=tally.object_count,
        total_size=tally.total_size,
        unknown_size_count=tally.unknown_size_count,
        size_histogram=tally.size_histogram(),
        largest_files=tally.largest(),
        by_folder=tally.by_folder.rows(),
        by_extension=tally.by_extension.rows(),
        storage_classes=tally.storage_class_totals(),
        oldest_modified=_datetime(tally.oldest),
        newest_modified=_datetime(tally.newest),
        estimated_transfer_seconds=tally.total_size / speed if speed is not None else None,
        truncated=tally.truncated,
    )


@dataclass(slots=True)
class _Counter:
    """A mutable count and byte total; plain slots, as pydantic models are slow to mutate in a hot loop."""

    count: int = 0
    bytes: int = 0

    def add(self, size: int) -> None:
        self.count += 1
        self.bytes += size


class _Breakdown:
    """Count and bytes per key, reported as the largest `BREAKDOWN_ROWS` plus `OTHER`."""

    def __init__(self) -> None:
        self.totals: dict[str, _Counter] = {}
        self.overflow = _Counter()

    def add(self, key: str, size: int) -> None:
        """Count one file of `size` bytes under `key`."""
        totals = self.totals.get(key)
        if totals is None:
            if len(self.totals) >= MAX_TRACKED_KEYS:
                totals = self.overflow  # pathological key counts (random suffixes) must not grow memory
            else:
                totals = self.totals[key] = _Counter()
        totals.add(size)

    def rows(self) -> list[BreakdownRow]:
        """Rows by bytes descending (then key), the tail folded into one `OTHER` row."""
        ordered = sorted(self.totals.items(), key=lambda item: (-item[1].bytes, item[0]))
        rows = [
            BreakdownRow(key=key, count=value.count, bytes=value.bytes) for key, value in ordered[:BREAKDOWN_ROWS]
        ]
        other = _Counter(self.overflow.count, self.overflow.bytes)
        for _, value in ordered[BREAKDOWN_ROWS:]:
            other.count += value.count
            other.bytes += value.bytes
        if other.count:
            rows.append(BreakdownRow(key=OTHER, count=other.count, bytes=other.bytes))
        return rows


class _AnalysisTally:
    """Running statistics of an analysis walk, in memory bounded by `top_n` and the breakdown caps."""

    def __init__(self, top_n: int) -> None:
        self.top_n = top_n
        self.object_count = 0
        self.total_size = 0
        self.unknown_size_count = 0
        self.histogram = [_Counter() for _ in SIZE_BUCKETS]
        # Min-heap of the largest files; the sequence number keeps the earlier file on equal sizes.
        self.top: list[tuple[int, int, Entry]] = []
        self.by_folder = _Breakdown()
        self.by_extension = _Breakdown()
        self.storage_classes: dict[str, _Counter] = {}
        self.oldest: float | None = None
        self.newest: float | None = None
        self.truncated = False

    def add(self, relative: str, file: Entry) -> None:
        """Count one walked file, given its path relative to the analyzed folder."""
        self.object_count += 1
        self._add_times(file.mtime)
        if file.size < 0:
            self.unknown_size_count += 1
            return
        size = file.size
        self.total_size += size
        self.histogram[_bucket_index(size)].add(size)
        self._add_top(size, file)
        self.by_folder.add(relative.split("/", 1)[0] if "/" in relative else "", size)
        self.by_extension.add(_extension(file.name), size)
        self.storage_classes.setdefault(file.storage_class or UNKNOWN_CLASS, _Counter()).add(size)

    def _add_times(self, mtime: float | None) -> None:
        if mtime is None:
            return
        if self.oldest is None or mtime < self.oldest:
            self.oldest = mtime
        if self.newest is None or mtime > self.newest:
            self.newest = mtime

    def _add_top(self, size: int, file: Entry) -> None:
        if self.top_n <= 0:
            return
        item = (size, -self.object_count, file)
        if len(self.top) < self.top_n:
            heapq.heappush(self.top, item)
        elif item[:2] > self.top[0][:2]:
            heapq.heapreplace(self.top, item)

    def size_histogram(self) -> list[SizeBucket]:
        """The histogram, smallest bucket first."""
        return [
            SizeBucket(label=label, min_bytes=low, max_bytes=high, count=counter.count, bytes=counter.bytes)
            for (label, low, high), counter in zip(SIZE_BUCKETS, self.histogram, strict=True)
        ]

    def storage_class_totals(self) -> dict[str, CountBytes]:
        """Count and bytes per storage class, most bytes first."""
        ordered = sorted(self.storage_classes.items(), key=lambda item: (-item[1].bytes, item[0]))
        return {name: CountBytes(count=counter.count, bytes=counter.bytes) for name, counter in ordered}

    def largest(self) -> list[LargestFile]:
        """The largest files, biggest first (earlier in walk order on equal sizes)."""
        return [
            LargestFile(path=file.path, size=size, modified=_datetime(file.mtime))
            for size, _, file in sorted(self.top, key=lambda item: item[:2], reverse=True)
        ]


def _bucket_index(size: int) -> int:
    """Index in `SIZE_BUCKETS` of the bucket holding `size` (buckets are contiguous from 0)."""
    for index, (_, _, high) in enumerate(SIZE_BUCKETS):
        if high is None or size < high:
            return index
    return len(SIZE_BUCKETS) - 1


def _extension(name: str) -> str:
    """Lowercased extension without the dot; "" for none (also for dot files like `.bashrc`)."""
    return os.path.splitext(name)[1][1:].lower()


# -- shared helpers ------------------------------------------------------------------------


async def _require_folder(backend: Backend, path: str) -> None:
    """Raise `NotFound` if nothing is at `path`, `NotADirectory` if a file is.

    Listing alone cannot tell: S3 lists a file's key as an empty prefix, and a missing
    prefix as empty too.
    """
    if not (await backend.stat(path)).is_dir:
        raise NotADirectory(path)


def _relative(path: str, base: str) -> str:
    """`path` relative to the folder `base` it lies under."""
    return path[len(base) + 1 :] if base else path


def _datetime(mtime: float | None) -> datetime | None:
    """A POSIX time as a UTC datetime; None when unknown or out of datetime's range."""
    if mtime is None:
        return None
    try:
        return datetime.fromtimestamp(mtime, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None  # a bogus server-reported date must not fail the whole listing
