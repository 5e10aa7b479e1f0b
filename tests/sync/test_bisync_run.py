"""Bidirectional runs over real backends, with the baseline in a real SQLite database."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from f2l.storage.base import Backend, iterate_bytes, read_all
from f2l.sync.bisync import BaselineStore, ConflictPolicy
from f2l.sync.bisync_run import BiResult, run_bidirectional
from f2l.sync.engine import RunStatus
from f2l.sync.options import SyncSettings
from f2l.sync.progress import Phase, ProgressSnapshot
from tests.sync.conftest import MakeBackend, local_path

OLD = float(int(time.time() - 86_400))
OTHER_KINDS = ["local", "s3", "sftp", "ftp"]


async def fill(backend: Backend, files: dict[str, bytes], mtime: float = OLD) -> None:
    for path, data in files.items():
        await backend.write(path, iterate_bytes(data), size=len(data), mtime=mtime)


async def contents(backend: Backend) -> dict[str, bytes]:
    return {entry.path: await read_all(backend.read(entry.path)) async for entry in backend.walk()}


async def bisync(
    source: Backend,
    destination: Backend,
    store: BaselineStore,
    policy: ConflictPolicy = ConflictPolicy.NEWER_WINS,
    **settings: object,
) -> BiResult:
    return await run_bidirectional(source, destination, SyncSettings(**settings), store, policy)  # type: ignore[arg-type]


@pytest.mark.parametrize("kind", OTHER_KINDS)
async def test_first_run_merges_then_changes_flow_both_ways(
    endpoint: MakeBackend, baseline_store: BaselineStore, kind: str
) -> None:
    left, right = await endpoint("local"), await endpoint(kind)
    await fill(left, {"shared.txt": b"same", "left-only.txt": b"L", "edit-left.txt": b"v1", "del-left.txt": b"d"})
    await fill(
        right, {"shared.txt": b"same", "right-only.txt": b"R", "edit-right.txt": b"v1", "del-right.txt": b"d"}
    )
    first = await bisync(left, right, baseline_store)
    assert first.status is RunStatus.COMPLETED, first.errors
    assert first.files_deleted == 0
    merged = await contents(left)
    assert merged == await contents(right) and len(merged) == 7
    assert (await bisync(left, right, baseline_store)).operations == []

    await fill(left, {"edit-left.txt": b"v2 from the left"})
    await fill(right, {"edit-right.txt": b"v2 from the right"})
    await left.delete("del-left.txt")
    await right.delete("del-right.txt")
    second = await bisync(left, right, baseline_store)
    assert second.status is RunStatus.COMPLETED and second.files_deleted == 2, second.errors
    assert await contents(left) == await contents(right)
    assert (await contents(left))["edit-right.txt"] == b"v2 from the right"
    assert "del-left.txt" not in await contents(right)
    assert (await bisync(left, right, baseline_store)).operations == []


@pytest.mark.parametrize("kind", ["local", "s3"])
async def test_conflict_keep_both_keeps_both_versions_everywhere(
    endpoint: MakeBackend, baseline_store: BaselineStore, kind: str
) -> None:
    left, right = await endpoint("local"), await endpoint(kind)
    await fill(left, {"doc.txt": b"original"})
    await bisync(left, right, baseline_store)
    await fill(left, {"doc.txt": b"left edit"}, mtime=OLD + 100)
    await fill(right, {"doc.txt": b"right edit, newer"}, mtime=OLD + 200)
    result = await bisync(left, right, baseline_store, ConflictPolicy.KEEP_BOTH)
    assert result.conflicts == 1 and result.status is RunStatus.COMPLETED, result.errors
    both = await contents(left)
    assert both == await contents(right)
    assert both["doc.txt"] == b"right edit, newer"
    kept = [path for path in both if path.startswith("doc.conflict-")]
    assert len(kept) == 1 and both[kept[0]] == b"left edit"
    assert (await bisync(left, right, baseline_store)).operations == []


async def test_modified_beats_deleted(endpoint: MakeBackend, baseline_store: BaselineStore) -> None:
    left, right = await endpoint("local"), await endpoint("ftp")
    await fill(left, {"f.txt": b"v1"})
    await bisync(left, right, baseline_store)
    await left.delete("f.txt")
    await fill(right, {"f.txt": b"v2, edited"})
    result = await bisync(left, right, baseline_store)
    assert result.files_deleted == 0
    assert (await contents(left))["f.txt"] == b"v2, edited"


async def test_a_side_that_lists_empty_deletes_nothing(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left, right = await endpoint("local"), await endpoint("local")
    await fill(left, {"a.txt": b"a", "b.txt": b"b"})
    await bisync(left, right, baseline_store)
    for path in ("a.txt", "b.txt"):
        (local_path(right) / path).unlink()  # as if the wrong, empty disk were mounted
    refused = await bisync(left, right, baseline_store)
    assert refused.status is RunStatus.FAILED and "lists no files" in refused.message
    assert sorted(await contents(left)) == ["a.txt", "b.txt"]


async def test_a_change_during_the_run_is_never_overwritten_unseen(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left, right = await endpoint("local"), await endpoint("local")
    await fill(left, {"f.txt": b"v1"})
    await bisync(left, right, baseline_store)
    await fill(left, {"f.txt": b"v2 on the left"}, mtime=OLD + 60)
    right_file = local_path(right) / "f.txt"

    def edit_right_meanwhile(snapshot: ProgressSnapshot) -> None:
        if snapshot.phase is Phase.TRANSFERRING and right_file.read_bytes() == b"v1":
            right_file.write_bytes(b"v2 on the right, during the run")

    result = await run_bidirectional(
        left, right, SyncSettings(), baseline_store, ConflictPolicy.SOURCE_WINS, edit_right_meanwhile
    )
    assert result.status is RunStatus.COMPLETED_WITH_DIFFERENCES
    assert "changed during the run" in result.errors[0].message
    assert right_file.read_bytes() == b"v2 on the right, during the run"
    settled = await bisync(left, right, baseline_store, ConflictPolicy.KEEP_BOTH)
    assert settled.conflicts == 1 and await contents(left) == await contents(right)


async def test_an_interrupted_run_recovers_without_resurrected_or_lost_files(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left, right = await endpoint("local"), await endpoint("sftp")
    await fill(left, {f"{name}.txt": name.encode() for name in "abcdef"})
    await bisync(left, right, baseline_store)
    await left.delete("a.txt")
    await fill(left, {"g.bin": os.urandom(2_000_000)}, mtime=OLD + 60)
    await fill(right, {"b.txt": b"b edited on the right"}, mtime=OLD + 60)
    started = asyncio.Event()

    def on_progress(snapshot: ProgressSnapshot) -> None:
        if snapshot.phase is Phase.TRANSFERRING and snapshot.bytes_done > 0:
            started.set()

    # Slowed by the bandwidth limit so that the cancellation lands mid-transfer.
    run = asyncio.create_task(
        run_bidirectional(
            left,
            right,
            SyncSettings(bwlimit=1e6, transfers=1),
            baseline_store,
            ConflictPolicy.NEWER_WINS,
            on_progress,
        )
    )
    await asyncio.wait_for(started.wait(), 30)
    run.cancel()
    with pytest.raises(asyncio.CancelledError):
        await run
    final = await bisync(left, right, baseline_store)
    assert final.status is RunStatus.COMPLETED, final.errors
    both = await contents(left)
    assert both == await contents(right)
    assert "a.txt" not in both and both["b.txt"] == b"b edited on the right" and len(both["g.bin"]) == 2_000_000
    assert (await bisync(left, right, baseline_store)).operations == []
