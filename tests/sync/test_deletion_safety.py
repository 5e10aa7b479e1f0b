"""INV-3 through the doors a real fault comes in: a write that fails keeps every deletion from
happening, one-way and bidirectional alike."""

from __future__ import annotations

from f2l.sync.bisync import BaselineStore
from f2l.sync.engine import RunStatus, run_sync
from f2l.sync.options import SyncSettings
from tests.sync.conftest import MakeBackend, local_path
from tests.sync.test_bisync_run import bisync, contents, fill


async def test_a_failed_write_blocks_every_deletion_of_a_mirror(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("s3"), await endpoint("local")
    # A local folder cannot hold a file and a folder of one name: one of these two writes fails.
    await fill(source, {"clash": b"a file", "clash/inner.txt": b"inside a folder of that name", "ok.txt": b"ok"})
    await fill(destination, {"extraneous.txt": b"only here"})
    result = await run_sync(source, destination, SyncSettings(delete_extraneous=True))
    assert result.status is RunStatus.COMPLETED_WITH_DIFFERENCES
    assert [error.operation for error in result.errors] == ["copy"]
    assert result.files_deleted == 0 and "never deletes after an error" in result.message
    assert (local_path(destination) / "extraneous.txt").read_bytes() == b"only here"
    assert (local_path(destination) / "ok.txt").read_bytes() == b"ok"


async def test_a_failed_write_blocks_bidirectional_deletions(
    endpoint: MakeBackend, baseline_store: BaselineStore
) -> None:
    left, right = await endpoint("local"), await endpoint("s3")
    await fill(left, {"gone-soon.txt": b"g", "stays-1.txt": b"s", "stays-2.txt": b"s"})
    await bisync(left, right, baseline_store)
    (local_path(left) / "gone-soon.txt").unlink()
    await fill(right, {"clash": b"a file", "clash/inner.txt": b"under a folder of the same name"})
    result = await bisync(left, right, baseline_store)
    assert result.errors and result.files_deleted == 0
    assert "gone-soon.txt" in await contents(right)
