"""The bidirectional planner: per-side change detection and one decision per path."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime

import pytest

from f2l.storage.base import Entry
from f2l.sync.bisync import (
    BaselineEntry,
    BiAction,
    Change,
    ConflictPolicy,
    Snapshot,
    conflict_name,
    plan_bidirectional,
    side_change,
)
from f2l.sync.plan import ListingOrderError

NOW = datetime(2026, 11, 22, 10, 30, 5, tzinfo=UTC)
T = 1_700_000_000.0


async def stream(items: Iterable[object]) -> AsyncIterator[object]:
    for item in items:
        yield item


def base(path: str, size: int = 1, mtime: float = T) -> BaselineEntry:
    return BaselineEntry(path, Snapshot(size, mtime), Snapshot(size, mtime))


async def plan(
    baseline: list[BaselineEntry],
    source: list[Entry],
    destination: list[Entry],
    policy: ConflictPolicy = ConflictPolicy.NEWER_WINS,
) -> list[tuple[BiAction, str]]:
    operations = plan_bidirectional(
        stream(baseline),
        stream(source),
        stream(destination),  # type: ignore[arg-type]
        source_window=1.0,
        destination_window=1.0,
        cross_window=1.0,
        policy=policy,
        now=NOW,
    )
    return [(op.action, op.path) async for op in operations]


def test_side_change_is_judged_against_the_sides_own_snapshot() -> None:
    before = Snapshot(10, T)
    assert side_change(None, None, 1.0) is Change.NONE
    assert side_change(None, Entry("f", 10, T), 1.0) is Change.NEW
    assert side_change(before, None, 1.0) is Change.DELETED
    assert side_change(before, Entry("f", 11, T), 1.0) is Change.MODIFIED
    assert side_change(before, Entry("f", 10, T + 0.5), 1.0) is Change.NONE
    # A clock far behind still shows a change: it moved, whichever way.
    assert side_change(before, Entry("f", 10, T - 86_400), 1.0) is Change.MODIFIED
    hashed = Snapshot(10, T, "aa")
    assert side_change(hashed, Entry("f", 10, T + 999, hashes={"md5": "aa"}), 1.0) is Change.NONE
    assert side_change(hashed, Entry("f", 10, T, hashes={"md5": "bb"}), 1.0) is Change.MODIFIED


async def test_non_overlapping_changes_propagate_both_ways() -> None:
    baseline = [base("a"), base("b"), base("c"), base("d")]
    source = [Entry("a", 2, T + 60), Entry("b", 1, T), Entry("d", 1, T), Entry("new-on-source", 1, T)]
    destination = [Entry("a", 1, T), Entry("b", 5, T + 60), Entry("c", 1, T), Entry("new-on-dest", 1, T)]
    assert await plan(baseline, source, destination) == [
        (BiAction.COPY_TO_DEST, "a"),
        (BiAction.COPY_TO_SOURCE, "b"),
        (BiAction.DELETE_ON_DEST, "c"),
        (BiAction.DELETE_ON_SOURCE, "d"),
        (BiAction.COPY_TO_SOURCE, "new-on-dest"),
        (BiAction.COPY_TO_DEST, "new-on-source"),
    ]


async def test_modified_beats_deleted_on_either_side() -> None:
    baseline = [base("edited-here"), base("edited-there")]
    source = [Entry("edited-here", 9, T + 60)]
    destination = [Entry("edited-there", 9, T + 60)]
    assert await plan(baseline, source, destination) == [
        (BiAction.COPY_TO_DEST, "edited-here"),
        (BiAction.COPY_TO_SOURCE, "edited-there"),
    ]


async def test_deleted_on_both_sides_is_forgotten() -> None:
    assert await plan([base("gone")], [], []) == [(BiAction.FORGET, "gone")]


async def test_rename_is_a_delete_and_a_create() -> None:
    assert await plan([base("old-name")], [Entry("new-name", 1, T)], [Entry("old-name", 1, T)]) == [
        (BiAction.COPY_TO_DEST, "new-name"),
        (BiAction.DELETE_ON_DEST, "old-name"),
    ]


@pytest.mark.parametrize(
    ("policy", "newer", "expected"),
    [
        (ConflictPolicy.SOURCE_WINS, "dest", BiAction.COPY_TO_DEST),
        (ConflictPolicy.DEST_WINS, "source", BiAction.COPY_TO_SOURCE),
        (ConflictPolicy.NEWER_WINS, "source", BiAction.COPY_TO_DEST),
        (ConflictPolicy.NEWER_WINS, "dest", BiAction.COPY_TO_SOURCE),
        (ConflictPolicy.KEEP_BOTH, "source", BiAction.KEEP_DEST_AS_CONFLICT),
        (ConflictPolicy.KEEP_BOTH, "dest", BiAction.KEEP_SOURCE_AS_CONFLICT),
    ],
)
async def test_edit_edit_conflicts_under_each_policy(
    policy: ConflictPolicy, newer: str, expected: BiAction
) -> None:
    source_time, dest_time = (T + 200, T + 100) if newer == "source" else (T + 100, T + 200)
    result = plan_bidirectional(
        stream([base("doc.txt")]),
        stream([Entry("doc.txt", 2, source_time)]),  # type: ignore[arg-type]
        stream([Entry("doc.txt", 3, dest_time)]),
        source_window=1.0,  # type: ignore[arg-type]
        destination_window=1.0,
        cross_window=1.0,
        policy=policy,
        now=NOW,
    )
    operations = [op async for op in result]
    assert [op.action for op in operations] == [expected]
    if policy is ConflictPolicy.KEEP_BOTH:
        assert operations[0].conflict_name == "doc.conflict-20261122-103005.txt"


async def test_identical_edits_are_not_conflicts() -> None:
    source = [Entry("same", 4, T + 60, hashes={"md5": "x"})]
    destination = [Entry("same", 4, T + 300, hashes={"md5": "x"})]
    assert await plan([base("same")], source, destination) == [(BiAction.RECORD, "same")]


async def test_first_run_merges_and_deletes_nothing() -> None:
    source = [Entry("both-differ", 1, T), Entry("both-same", 1, T), Entry("only-source", 1, T)]
    destination = [Entry("both-differ", 2, T + 50), Entry("both-same", 1, T), Entry("only-dest", 1, T)]
    result = await plan([], source, destination)
    assert result == [
        (BiAction.COPY_TO_SOURCE, "both-differ"),
        (BiAction.RECORD, "both-same"),
        (BiAction.COPY_TO_SOURCE, "only-dest"),
        (BiAction.COPY_TO_DEST, "only-source"),
    ]
    assert not any(action in (BiAction.DELETE_ON_DEST, BiAction.DELETE_ON_SOURCE) for action, _ in result)


async def test_unchanged_paths_need_nothing() -> None:
    assert await plan([base("a")], [Entry("a", 1, T)], [Entry("a", 1, T + 0.4)]) == []


async def test_out_of_order_baseline_is_refused() -> None:
    with pytest.raises(ListingOrderError, match="baseline"):
        await plan([base("b"), base("a")], [], [])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("report.pdf", "report.conflict-20261122-103005.pdf"),
        ("dir/archive.tar.gz", "dir/archive.tar.conflict-20261122-103005.gz"),
        ("Makefile", "Makefile.conflict-20261122-103005"),
        ("a/.env", "a/.env.conflict-20261122-103005"),
    ],
)
def test_conflict_names(path: str, expected: str) -> None:
    assert conflict_name(path, NOW) == expected
