"""Reconciliation: compare both sides under the run's filters and list every difference.

Used after a run (`verify`) and on its own (`f2l check`). It never changes anything.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from f2l.storage.base import Backend, Entry
from f2l.storage.errors import StorageError
from f2l.sync.compare import common_hash
from f2l.sync.filters import FileFilter, FilterSpec
from f2l.sync.hashing import with_md5
from f2l.sync.listing import filtered_walk
from f2l.sync.plan import merge_join


@dataclass
class CheckReport:
    """Differences between two sides, as lists of root-relative paths in canonical order."""

    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    size_mismatch: list[str] = field(default_factory=list)
    checksum_mismatch: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)
    matched: int = 0

    @property
    def in_sync(self) -> bool:
        """True when both sides hold the same files (under the filters) and nothing failed."""
        return not (self.missing or self.extra or self.size_mismatch or self.checksum_mismatch or self.errors)

    def sort(self) -> None:
        """Put every list in canonical order (hash checks finish out of order)."""
        for paths in (self.missing, self.extra, self.size_mismatch, self.checksum_mismatch):
            paths.sort(key=lambda path: path.encode())


async def check(
    source: Backend,
    destination: Backend,
    filters: FilterSpec | None = None,
    *,
    checksum: bool = False,
    checkers: int = 8,
) -> CheckReport:
    """Compare two sides: missing (source only), extra (destination only), size and content.

    Sizes are always compared. Content is compared when both listings carry a common free
    hash, and — with `checksum` — for every same-size pair, reading and hashing the sides
    that have no server hash. Raises `StorageError` if a listing fails: a partial listing
    must not report files as missing.
    """
    file_filter = FileFilter(filters)
    report = CheckReport()
    gate = asyncio.Semaphore(checkers)

    async def compare_content(a: Entry, b: Entry) -> None:
        try:
            a, b = await with_md5(source, a), await with_md5(destination, b)
        except StorageError as error:
            report.errors.append((a.path, str(error)))
        else:
            _record(report, a, b)
        finally:
            gate.release()

    listing_error: StorageError | None = None
    async with asyncio.TaskGroup() as group:
        try:

            def unlisted(error: StorageError) -> None:
                report.errors.append((error.path or "", str(error)))

            async for a, b in merge_join(
                filtered_walk(source, file_filter, on_unreadable=unlisted),
                filtered_walk(destination, file_filter, on_unreadable=unlisted),
            ):
                if b is None:
                    report.missing.append(a.path)  # type: ignore[union-attr]
                elif a is None:
                    report.extra.append(b.path)
                elif a.size != b.size and a.size >= 0 and b.size >= 0:
                    report.size_mismatch.append(a.path)
                elif checksum:
                    await gate.acquire()
                    group.create_task(compare_content(a, b))
                else:
                    _record(report, a, b)
        except StorageError as error:
            listing_error = error  # raised as itself, not wrapped in the group's ExceptionGroup
    if listing_error is not None:
        raise listing_error
    report.sort()
    return report


def _record(report: CheckReport, a: Entry, b: Entry) -> None:
    algorithm = common_hash(a, b)
    if algorithm is not None and a.hashes[algorithm] != b.hashes[algorithm]:
        report.checksum_mismatch.append(a.path)
    else:
        report.matched += 1
