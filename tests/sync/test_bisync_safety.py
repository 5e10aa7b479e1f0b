"""Bidirectional safety over real backends: the deletion share guard, identical files after a lost
baseline, verification, and a dry run into a missing folder."""

from __future__ import annotations

import shutil

import pytest

from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.bisync import BaselineStore, ConflictPolicy
from f2l.sync.engine import RunStatus
from f2l.sync.guards import BIDIRECTIONAL_MAX_DELETE_PERCENT
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.sides import connected_sides
from tests.sync.conftest import MakeBackend, local_path
from tests.sync.test_bisync_run import OLD, bisync, contents, fill

TEN = {f"f{number}.txt": f"file {number}".encode() for number in range(10)}


@pytest.mark.parametrize("kind", ["local", "s3"])
async def test_a_side_back_with_too_few_files_aborts_before_any_change(
    endpoint: MakeBackend, baseline_store: BaselineStore, kind: str
) -> None:
    left, right = await endpoint("local"), await endpoint(kind)
    await fill(left, TEN)
    assert (await bisync(left, right, baseline_store)).files_transferred == 10
    for number in range(6):  # 60 % of the source gone: a half-mounted disk, a wrong prefix
        (local_path(left) / f"f{number}.txt").unlink()
    refused = await bisync(left, right, baseline_store)
    assert refused.status is RunStatus.FAILED and refused.files_deleted == 0
    assert "6 of the destination's 10 files (60.0 %)" in refused.message
    assert f"limit of {BIDIRECTIONAL_MAX_DELETE_PERCENT:g} %" in refused.message
    assert len(await contents(right)) == 10  # nothing was changed on either side
    assert len(await contents(left)) == 4

    raised = await bisync(left, right, baseline_store, max_delete_percent=70)
    assert raised.status is RunStatus.COMPLETED and raised.files_deleted == 6
    assert await contents(right) == await contents(left)


async def test_the_guard_weighs_each_side_and_can_be_overridden(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left, right = await endpoint("local"), await endpoint("local")
    await fill(left, TEN)
    await bisync(left, right, baseline_store)
    for number in range(5):  # exactly half of a side: not over the default limit
        (local_path(left) / f"f{number}.txt").unlink()
    half = await bisync(left, right, baseline_store)
    assert half.status is RunStatus.COMPLETED and half.files_deleted == 5
    for number in range(5, 8):  # now 3 of the remaining 5 vanish from the *destination*
        (local_path(right) / f"f{number}.txt").unlink()
    refused = await bisync(left, right, baseline_store)
    assert refused.status is RunStatus.FAILED and "3 of the source's 5 files (60.0 %)" in refused.message
    assert len(await contents(left)) == 5
    strict = await bisync(left, right, baseline_store, max_delete=2)
    assert strict.status is RunStatus.FAILED and "3 deletions planned, over the limit of 2" in strict.message
    forced = await bisync(left, right, baseline_store, allow_mass_delete=True, max_delete=2)
    assert forced.status is RunStatus.COMPLETED and forced.files_deleted == 3
    assert sorted(await contents(left)) == sorted(await contents(right)) == ["f8.txt", "f9.txt"]


async def test_one_way_runs_keep_no_share_limit_unless_set(endpoint: MakeBackend) -> None:
    from f2l.sync.engine import run_sync

    source, destination = await endpoint("local"), await endpoint("local")
    await fill(source, {"keep.txt": b"k"})
    await fill(destination, {"keep.txt": b"k", **TEN})
    mirror = SyncSettings(delete_extraneous=True)
    refused = await run_sync(source, destination, mirror.model_copy(update={"max_delete_percent": 50}))
    assert refused.status is RunStatus.FAILED and "10 of the destination's 11 files" in refused.message
    done = await run_sync(source, destination, mirror)
    assert done.status is RunStatus.COMPLETED and done.files_deleted == 10


@pytest.mark.parametrize("kind", ["s3", "sftp"])
async def test_identical_files_are_never_conflicts_whatever_their_times(
    endpoint: MakeBackend, baseline_store: BaselineStore, kind: str
) -> None:
    """A lost baseline (or an interrupted run's unrecorded copies): same bytes on both sides, times
    that disagree (S3 lists the upload time) — recorded, not turned into `.conflict-` copies."""
    left, right = await endpoint("local"), await endpoint(kind)
    await fill(left, {"same.txt": b"identical bytes", "differs.txt": b"left version"}, mtime=OLD)
    await fill(right, {"same.txt": b"identical bytes", "differs.txt": b"right versio"}, mtime=OLD + 3600)
    result = await bisync(left, right, baseline_store, ConflictPolicy.KEEP_BOTH)
    assert result.status is RunStatus.COMPLETED, result.errors
    assert result.conflicts == 1  # only the file whose bytes differ at the same size
    assert [op.path for op in result.operations if op.reason.startswith("conflict")] == ["differs.txt"]
    assert not [path for path in await contents(left) if path.startswith("same.conflict-")]
    assert (await bisync(left, right, baseline_store)).operations == []


async def test_verify_runs_for_bidirectional_runs_and_reports_what_differs(endpoint: MakeBackend) -> None:
    from f2l.sync.run import run
    from f2l.sync.state import MemoryBaseline

    left, right = await endpoint("local"), await endpoint("s3")
    baseline = MemoryBaseline()

    class States:
        def baseline(self, *_labels: str) -> MemoryBaseline:
            return baseline

        def record(self, *_labels: str) -> MemoryBaseline:
            return MemoryBaseline()

    settings = SyncSettings(direction=Direction.BIDIRECTIONAL, verify=True)
    await fill(left, {"ok.txt": b"fine"})
    done = await run(left, right, settings, states=States())  # type: ignore[arg-type]
    assert done.check is not None and done.check.in_sync and done.check.matched == 1
    # A file the destination cannot take: an S3 key `clash` beside `clash/inner.txt` — a local
    # folder cannot hold a file and a folder of the same name.
    await fill(right, {"clash": b"a file", "clash/inner.txt": b"under a folder of the same name"})
    failed = await run(left, right, settings, states=States())  # type: ignore[arg-type]
    assert failed.status is RunStatus.COMPLETED_WITH_DIFFERENCES
    assert failed.check is not None and not failed.check.in_sync
    assert failed.check.extra, failed.check  # what the local side could not take, found by the check


async def test_a_dry_run_into_a_missing_folder_plans_every_file_and_creates_nothing(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left = await endpoint("local")
    await fill(left, {"a.txt": b"a", "sub/b.txt": b"b"})
    missing = local_path(left).parent / "not-yet"
    for direction in (Direction.BIDIRECTIONAL, Direction.SOURCE_TO_DEST):
        for order in ("destination missing", "source missing"):
            settings = SyncSettings(direction=direction, dry_run=True)
            present, absent = (
                LocalBackend(LocalOptions(path=str(local_path(left)))),
                LocalBackend(LocalOptions(path=str(missing))),
            )
            pair = (present, absent) if order == "destination missing" else (absent, present)
            if direction is Direction.SOURCE_TO_DEST and order == "source missing":
                with pytest.raises(Exception, match="not-yet"):
                    async with connected_sides(*pair, settings):
                        pass
                continue
            async with connected_sides(*pair, settings) as (source, destination):
                from f2l.sync.bisync_run import run_bidirectional
                from f2l.sync.engine import run_sync

                if direction is Direction.BIDIRECTIONAL:
                    planned = await run_bidirectional(source, destination, settings, baseline_store)
                    paths = sorted(op.path for op in planned.operations)
                else:
                    one_way = await run_sync(source, destination, settings)
                    paths = sorted(op.path for op in one_way.plan.copies)
            assert paths == ["a.txt", "sub/b.txt"], (direction, order)
            assert not missing.exists()
    shutil.rmtree(local_path(left))


async def test_true_conflicts_keep_both_versions_by_default(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    """With no policy given, neither edit is lost — whatever the two hosts' clocks say."""
    from f2l.sync.bisync_run import run_bidirectional

    left, right = await endpoint("local"), await endpoint("local")
    await fill(left, {"doc.txt": b"original"})
    await run_bidirectional(left, right, SyncSettings(), baseline_store)
    await fill(left, {"doc.txt": b"left edit"}, mtime=OLD + 100)
    await fill(right, {"doc.txt": b"right edit"}, mtime=OLD + 200)
    result = await run_bidirectional(left, right, SyncSettings(), baseline_store)
    assert result.conflicts == 1 and result.status is RunStatus.COMPLETED
    versions = sorted((await contents(left)).values())
    assert versions == [b"left edit", b"right edit"] and await contents(left) == await contents(right)
