"""Plan a one-way run by a streaming merge-join of two canonical-order listings.

Neither tree is ever loaded into a dict: both listings are walked together, O(1) entries
in memory, and each pair becomes an `Operation` with its reason. A listing that is out of
canonical order is an error, never a guess — a mis-ordered merge would make files look
missing and, in a mirror, deleted.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from f2l.storage.base import Entry
from f2l.sync.compare import CompareMode, Difference, difference

Pair = tuple[Entry | None, Entry | None]


class ListingOrderError(RuntimeError):
    """A backend listed entries out of canonical order, so the two sides cannot be merged."""


class Action(StrEnum):
    """What one planned operation does."""

    COPY = "copy"
    DELETE = "delete"
    SKIP = "skip"


class Reason(StrEnum):
    """Why an operation was planned; shown in dry runs, reports and logs."""

    NEW = "new"
    SIZE = "size differs"
    MTIME = "modification time differs"
    CHECKSUM = "checksum differs"
    FORCED = "forced"
    EXTRANEOUS = "extraneous"
    UNCHANGED = "unchanged"
    KEPT = "only on destination, kept"


_REASON_OF = {Difference.SIZE: Reason.SIZE, Difference.MTIME: Reason.MTIME, Difference.CHECKSUM: Reason.CHECKSUM}


@dataclass(frozen=True, slots=True)
class Operation:
    """One planned step for one path: the entries on each side and why."""

    action: Action
    path: str
    reason: Reason
    source: Entry | None
    destination: Entry | None

    @property
    def size(self) -> int:
        """Bytes a copy moves (0 for deletes and skips)."""
        return max(self.source.size, 0) if self.action is Action.COPY and self.source else 0


@dataclass(frozen=True, slots=True)
class OneWayRules:
    """The settings of a one-way run that the planner needs."""

    compare: CompareMode = CompareMode.SIZE_MTIME
    window: float | None = 1.0
    delete_extraneous: bool = False
    force: bool = False


Enricher = Callable[[Entry, Entry], Awaitable[tuple[Entry, Entry]]]
"""Fills what the listing lacks for a comparison (real mtimes, hashes) for one pair."""


async def merge_join(left: AsyncIterator[Entry], right: AsyncIterator[Entry]) -> AsyncIterator[Pair]:
    """Pair entries of two canonical-order listings by path: (left, right), either may be None.

    Raises `ListingOrderError` as soon as either side goes backwards or repeats a path.
    """
    left_checked, right_checked = _in_order(left, "source"), _in_order(right, "destination")
    a, b = await anext(left_checked, None), await anext(right_checked, None)
    while a is not None or b is not None:
        if b is None or (a is not None and a.sort_key < b.sort_key):
            yield a, None
            a = await anext(left_checked, None)
        elif a is None or b.sort_key < a.sort_key:
            yield None, b
            b = await anext(right_checked, None)
        else:
            yield a, b
            a, b = await anext(left_checked, None), await anext(right_checked, None)


async def _in_order(entries: AsyncIterator[Entry], side: str) -> AsyncIterator[Entry]:
    previous: bytes | None = None
    async for entry in entries:
        key = entry.sort_key
        if previous is not None and key <= previous:
            raise ListingOrderError(
                f"the {side} listing is out of canonical order at {entry.path!r} "
                f"(after {previous.decode(errors='replace')!r}); refusing to compare"
            )
        previous = key
        yield entry


async def plan_one_way(
    pairs: AsyncIterator[Pair], rules: OneWayRules, enrich: Enricher | None = None
) -> AsyncIterator[Operation]:
    """Turn merged pairs into operations: copy what is new or changed, delete extraneous files
    when asked, skip the rest.

    `enrich` is awaited for pairs whose sizes match before comparing, so a backend whose
    listing lacks real mtimes or hashes can supply them (one request per such pair).
    """
    async for source, destination in pairs:
        yield await plan_pair(source, destination, rules, enrich)


def needs_enrichment(source: Entry | None, destination: Entry | None, rules: OneWayRules) -> bool:
    """Whether deciding this pair takes more than the listings: both present, sizes matching
    (a size difference decides alone), and a mode that looks past the size."""
    if source is None or destination is None or rules.force or rules.compare is CompareMode.SIZE:
        return False
    return source.size == destination.size or source.size < 0 or destination.size < 0


async def plan_pair(
    source: Entry | None, destination: Entry | None, rules: OneWayRules, enrich: Enricher | None = None
) -> Operation:
    """The operation for one merged pair (see `plan_one_way`); at least one side must be given."""
    if source is None and destination is None:
        raise ValueError("plan_pair needs an entry on at least one side")
    if destination is None:
        assert source is not None
        return Operation(Action.COPY, source.path, Reason.NEW, source, None)
    if source is None:
        if rules.delete_extraneous:
            return Operation(Action.DELETE, destination.path, Reason.EXTRANEOUS, None, destination)
        return Operation(Action.SKIP, destination.path, Reason.KEPT, None, destination)
    if rules.force:
        return Operation(Action.COPY, source.path, Reason.FORCED, source, destination)
    if enrich is not None and needs_enrichment(source, destination, rules):
        source, destination = await enrich(source, destination)
    found = difference(source, destination, rules.compare, rules.window)
    if found is None:
        return Operation(Action.SKIP, source.path, Reason.UNCHANGED, source, destination)
    return Operation(Action.COPY, source.path, _REASON_OF[found], source, destination)
