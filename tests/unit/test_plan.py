"""The streaming merge-join and the one-way planner."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from f2l.storage.base import Entry
from f2l.sync.compare import CompareMode
from f2l.sync.plan import Action, ListingOrderError, OneWayRules, Reason, merge_join, plan_one_way


async def listing(*paths: str, size: int = 1, mtime: float = 100.0) -> AsyncIterator[Entry]:
    for path in paths:
        yield Entry(path, size, mtime)


async def collect(iterator: AsyncIterator[object]) -> list[object]:
    return [item async for item in iterator]


async def test_merge_join_pairs_by_path_in_canonical_order() -> None:
    pairs = await collect(merge_join(listing("a.txt", "a/b", "c"), listing("a+b", "a/b", "d")))
    simplified = [(s.path if s else None, d.path if d else None) for s, d in pairs]  # type: ignore[union-attr,misc]
    assert simplified == [(None, "a+b"), ("a.txt", None), ("a/b", "a/b"), ("c", None), (None, "d")]


async def test_merge_join_of_empty_sides() -> None:
    assert await collect(merge_join(listing(), listing())) == []
    assert len(await collect(merge_join(listing("x"), listing()))) == 1


@pytest.mark.parametrize("paths", [("b", "a"), ("a", "a"), ("a/b", "a.txt")])
async def test_out_of_order_listing_is_refused(paths: tuple[str, ...]) -> None:
    with pytest.raises(ListingOrderError, match="out of canonical order"):
        await collect(merge_join(listing(*paths), listing()))
    with pytest.raises(ListingOrderError, match="destination"):
        await collect(merge_join(listing(), listing(*paths)))


async def plan(
    source: AsyncIterator[Entry], destination: AsyncIterator[Entry], rules: OneWayRules
) -> list[tuple[Action, str, Reason]]:
    operations = plan_one_way(merge_join(source, destination), rules)
    return [(op.action, op.path, op.reason) async for op in operations]


async def test_copy_new_and_changed_keep_extraneous_by_default() -> None:
    async def source() -> AsyncIterator[Entry]:
        yield Entry("new.txt", 5, 100.0)
        yield Entry("same.txt", 5, 100.0)
        yield Entry("size.txt", 6, 100.0)
        yield Entry("time.txt", 5, 500.0)

    async def destination() -> AsyncIterator[Entry]:
        yield Entry("extra.txt", 1, 100.0)
        yield Entry("same.txt", 5, 100.4)
        yield Entry("size.txt", 5, 100.0)
        yield Entry("time.txt", 5, 100.0)

    assert await plan(source(), destination(), OneWayRules()) == [
        (Action.SKIP, "extra.txt", Reason.KEPT),
        (Action.COPY, "new.txt", Reason.NEW),
        (Action.SKIP, "same.txt", Reason.UNCHANGED),
        (Action.COPY, "size.txt", Reason.SIZE),
        (Action.COPY, "time.txt", Reason.MTIME),
    ]


async def test_mirror_deletes_extraneous_and_force_copies_everything() -> None:
    rules = OneWayRules(delete_extraneous=True, force=True)
    assert await plan(listing("a"), listing("a", "b"), rules) == [
        (Action.COPY, "a", Reason.FORCED),
        (Action.DELETE, "b", Reason.EXTRANEOUS),
    ]


async def test_enricher_is_asked_only_when_sizes_match() -> None:
    asked: list[str] = []

    async def enrich(source: Entry, destination: Entry) -> tuple[Entry, Entry]:
        asked.append(source.path)
        return source, Entry(destination.path, destination.size, source.mtime)

    async def destination() -> AsyncIterator[Entry]:
        yield Entry("a", 1, 1.0)  # upload time in the listing; the real mtime comes from enrich
        yield Entry("b", 2, 1.0)

    operations = plan_one_way(merge_join(listing("a", "b"), destination()), OneWayRules(), enrich)
    result = [(op.path, op.reason) async for op in operations]
    assert result == [("a", Reason.UNCHANGED), ("b", Reason.SIZE)]
    assert asked == ["a"]
    size_only = plan_one_way(merge_join(listing("a"), listing("a")), OneWayRules(compare=CompareMode.SIZE), enrich)
    assert [op.reason async for op in size_only] == [Reason.UNCHANGED]
    assert asked == ["a"]
