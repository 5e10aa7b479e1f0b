"""The engine over real backend pairs: copy, re-run, incremental, mirror, dry run, guards, faults."""

from __future__ import annotations

import contextlib
import os
import time

import pytest

from f2l.storage.base import TEMP_PREFIX, Backend, Entry, iterate_bytes, read_all
from f2l.storage.errors import NotFound
from f2l.sync.bisync import BaselineStore
from f2l.sync.compare import CompareMode
from f2l.sync.engine import RunStatus, SyncResult, run_sync
from f2l.sync.filters import FilterSpec
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.progress import Phase, ProgressSnapshot
from f2l.sync.verify import check
from tests.sync.conftest import MakeBackend, local_path

PAIRS = [
    ("local", "local"),
    ("local", "s3"),
    ("s3", "local"),
    ("local", "sftp"),
    ("local", "ftp"),
    ("sftp", "ftp"),
    ("ftp", "s3"),
]
PAIR_IDS = [f"{a}-{b}" for a, b in PAIRS]
OLD = time.time() - 86_400  # an mtime well in the past, in whole seconds for FTP/SFTP
FILES = {
    "a.txt": b"alpha",
    "dir/b.bin": os.urandom(3000),
    "dir/sub/c.txt": b"c" * 10,
    "empty": b"",
    "ünï cødé #1.txt": b"unicode",
}


async def fill(backend: Backend, files: dict[str, bytes], mtime: float = OLD) -> None:
    for path, data in files.items():
        await backend.write(path, iterate_bytes(data), size=len(data), mtime=float(int(mtime)))


async def contents(backend: Backend) -> dict[str, bytes]:
    return {entry.path: await read_all(backend.read(entry.path)) async for entry in backend.walk()}


async def sync(source: Backend, destination: Backend, **settings: object) -> SyncResult:
    return await run_sync(source, destination, SyncSettings(**settings))  # type: ignore[arg-type]


@pytest.mark.parametrize(("src_kind", "dst_kind"), PAIRS, ids=PAIR_IDS)
async def test_copy_then_rerun_transfers_nothing(endpoint: MakeBackend, src_kind: str, dst_kind: str) -> None:
    source, destination = await endpoint(src_kind), await endpoint(dst_kind)
    await fill(source, FILES)
    first = await sync(source, destination)
    assert first.status is RunStatus.COMPLETED, first.errors
    assert first.files_transferred == len(FILES)
    assert first.bytes_transferred == sum(len(data) for data in FILES.values())
    assert await contents(destination) == FILES
    again = await sync(source, destination)
    assert (again.files_transferred, again.files_skipped, again.errors) == (0, len(FILES), [])
    report = await check(source, destination, checksum=True)
    assert report.in_sync and report.matched == len(FILES)


@pytest.mark.parametrize(("src_kind", "dst_kind"), PAIRS[:5], ids=PAIR_IDS[:5])
async def test_incremental_run_moves_only_what_changed(
    endpoint: MakeBackend, src_kind: str, dst_kind: str
) -> None:
    source, destination = await endpoint(src_kind), await endpoint(dst_kind)
    await fill(source, FILES)
    await sync(source, destination)
    await fill(source, {"a.txt": b"alpha, longer now"})  # size changed
    await fill(source, {"dir/sub/c.txt": b"C" * 10}, mtime=OLD + 600)  # same size, newer
    await fill(source, {"new.txt": b"new"})
    result = await sync(source, destination)
    changed = {op.path: op.reason.value for op in result.plan.copies}
    assert changed == {"a.txt": "size differs", "dir/sub/c.txt": "modification time differs", "new.txt": "new"}
    assert result.files_transferred == 3
    assert (await contents(destination))["dir/sub/c.txt"] == b"C" * 10


@pytest.mark.parametrize("dst_kind", ["local", "s3", "sftp", "ftp"])
async def test_mirror_deletes_extraneous_but_not_excluded(endpoint: MakeBackend, dst_kind: str) -> None:
    source, destination = await endpoint("local"), await endpoint(dst_kind)
    await fill(source, {"keep.txt": b"k"})
    await fill(destination, {"keep.txt": b"k", "stale.txt": b"s", "old/x.txt": b"x", "notes.tmp": b"t"})
    filters = FilterSpec(exclude=["*.tmp"])
    copy_only = await sync(source, destination, filters=filters)
    assert copy_only.files_deleted == 0 and copy_only.plan.kept == 2
    mirror = await sync(source, destination, delete_extraneous=True, filters=filters)
    assert mirror.status is RunStatus.COMPLETED and mirror.files_deleted == 2
    assert sorted(await contents(destination)) == ["keep.txt", "notes.tmp"]


@pytest.mark.parametrize("dst_kind", ["local", "s3", "ftp"])
async def test_dry_run_changes_nothing_and_predicts_the_run(endpoint: MakeBackend, dst_kind: str) -> None:
    source, destination = await endpoint("local"), await endpoint(dst_kind)
    await fill(source, FILES)
    await fill(destination, {"a.txt": b"different", "extra.txt": b"e"})
    before = await contents(destination)
    dry = await sync(source, destination, delete_extraneous=True, dry_run=True)
    assert await contents(destination) == before
    predicted = ({op.path for op in dry.plan.copies}, {op.path for op in dry.plan.deletes})
    real = await sync(source, destination, delete_extraneous=True)
    assert ({op.path for op in real.plan.copies}, {op.path for op in real.plan.deletes}) == predicted
    assert real.files_transferred == len(predicted[0]) and real.files_deleted == len(predicted[1])


async def test_max_delete_aborts_before_any_change(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("s3")
    await fill(source, {"new.txt": b"n"})
    await fill(destination, {f"old{i}.txt": b"o" for i in range(5)})
    before = await contents(destination)
    for limits in ({"max_delete": 4}, {"max_delete_percent": 50.0}):
        aborted = await sync(source, destination, delete_extraneous=True, **limits)
        assert aborted.status is RunStatus.FAILED and "nothing was changed" in aborted.message
        assert await contents(destination) == before  # not even the new file was copied
    allowed = await sync(source, destination, delete_extraneous=True, max_delete=5)
    assert allowed.files_deleted == 5 and sorted(await contents(destination)) == ["new.txt"]


async def test_empty_source_never_empties_the_destination(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("local")
    await fill(destination, {"precious.txt": b"p"})
    refused = await sync(source, destination, delete_extraneous=True)
    assert refused.status is RunStatus.FAILED and "lists no files" in refused.message
    assert await contents(destination) == {"precious.txt": b"p"}
    forced = await sync(source, destination, delete_extraneous=True, allow_empty_source=True)
    assert forced.files_deleted == 1


async def test_missing_source_root_fails_without_deleting(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("local")
    await fill(destination, {"precious.txt": b"p"})
    local_path(source).rmdir()
    result = await sync(source, destination, delete_extraneous=True, allow_empty_source=True)
    assert result.status is RunStatus.FAILED and result.errors[0].operation == "list"
    assert await contents(destination) == {"precious.txt": b"p"}


async def test_filters_of_each_kind(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("s3")
    await fill(
        source,
        {
            "docs/a.pdf": b"p" * 100,
            "docs/b.tmp": b"t",
            "docs/tiny.pdf": b"p",
            "other/c.pdf": b"c" * 100,
            "Docs2/d.pdf": b"d" * 100,
            "node_modules/x.pdf": b"x" * 100,
        },
    )
    spec = FilterSpec(
        folders=["docs"],
        folder_match="startswith",
        case_sensitive=False,
        include=["*.pdf"],
        exclude=["node_modules/"],
        min_size=10,
    )
    result = await sync(source, destination, filters=spec)
    assert sorted(await contents(destination)) == ["Docs2/d.pdf", "docs/a.pdf"]
    assert result.files_transferred == 2


async def test_dest_to_source_direction(endpoint: MakeBackend) -> None:
    left, right = await endpoint("local"), await endpoint("sftp")
    await fill(right, {"from-right.txt": b"r"})
    result = await sync(left, right, direction=Direction.DEST_TO_SOURCE)
    assert result.files_transferred == 1 and await contents(left) == {"from-right.txt": b"r"}


async def test_checksum_compare_finds_same_size_edits_with_restored_mtime(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("ftp")
    await fill(source, {"same-size.txt": b"version 1"})
    await sync(source, destination)
    await fill(source, {"same-size.txt": b"version 2"})  # same size, mtime put back to OLD
    assert (await sync(source, destination)).files_transferred == 0  # size_mtime cannot see it
    assert (await check(source, destination, checksum=True)).checksum_mismatch == ["same-size.txt"]
    result = await sync(source, destination, compare=CompareMode.CHECKSUM)
    assert [op.reason.value for op in result.plan.copies] == ["checksum differs"]
    assert (await contents(destination))["same-size.txt"] == b"version 2"


async def test_source_file_vanishing_mid_run_is_reported_and_blocks_deletes(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("s3")
    await fill(source, {"a.txt": b"a", "vanishes.txt": b"v", "z.txt": b"z"})
    await fill(destination, {"extraneous.txt": b"e"})
    root = local_path(source)

    def on_progress(snapshot: ProgressSnapshot) -> None:
        if snapshot.phase is Phase.TRANSFERRING:
            (root / "vanishes.txt").unlink(missing_ok=True)

    settings = SyncSettings(delete_extraneous=True, transfers=1)
    result = await run_sync(source, destination, settings, on_progress)
    assert result.status is RunStatus.COMPLETED_WITH_DIFFERENCES
    assert [(e.path, e.operation) for e in result.errors] == [("vanishes.txt", "copy")]
    assert "deletions skipped" in result.message
    assert sorted(await contents(destination)) == ["a.txt", "extraneous.txt", "z.txt"]


async def test_file_growing_during_the_copy_is_not_stored(endpoint: MakeBackend) -> None:
    source, destination = await endpoint("local"), await endpoint("local")
    await fill(source, {"growing.log": b"0" * 1000})
    root = local_path(source)

    def on_progress(snapshot: ProgressSnapshot) -> None:
        if snapshot.phase is Phase.TRANSFERRING:
            with open(root / "growing.log", "ab") as handle:
                handle.write(b"1" * 500)

    result = await run_sync(source, destination, SyncSettings(retries=1), on_progress)
    assert [e.path for e in result.errors] == ["growing.log"]
    assert "grew" in result.errors[0].message
    assert await contents(destination) == {}


async def test_server_dropping_mid_transfer_then_convergence(
    endpoint: MakeBackend, request: pytest.FixtureRequest
) -> None:
    source, destination = await endpoint("local"), await endpoint("ftp")
    files = {f"f{i}.bin": os.urandom(1_000_000) for i in range(6)}
    await fill(source, files)
    server = request.getfixturevalue("ftp_server")
    dropped = False

    def on_progress(snapshot: ProgressSnapshot) -> None:
        nonlocal dropped
        if snapshot.phase is Phase.TRANSFERRING and snapshot.bytes_done > 0 and not dropped:
            dropped = server.kill_connections() > 0

    # The bandwidth limit stretches the run past the first progress report (0.25 s).
    first = await run_sync(source, destination, SyncSettings(transfers=2, retries=1, bwlimit=4e6), on_progress)
    assert dropped
    assert first.status in (RunStatus.COMPLETED, RunStatus.COMPLETED_WITH_DIFFERENCES)
    for path, data in (await contents(destination)).items():
        assert data == files[path], "a partial file under its final name"
    second = await sync(source, destination)
    assert second.status is RunStatus.COMPLETED and not second.errors
    assert (await check(source, destination, checksum=True)).in_sync
    assert (await sync(source, destination)).files_transferred == 0


@pytest.mark.parametrize(("src_kind", "dst_kind"), [("local", "s3"), ("s3", "local")])
async def test_sync_record_spares_metadata_requests_on_reruns(
    endpoint: MakeBackend,
    baseline_store: BaselineStore,
    monkeypatch: pytest.MonkeyPatch,
    src_kind: str,
    dst_kind: str,
) -> None:
    source, destination = await endpoint(src_kind), await endpoint(dst_kind)
    await fill(source, FILES)
    s3_side = destination if dst_kind == "s3" else source
    stats: list[str] = []
    real_stat = s3_side.stat

    async def counting_stat(path: str) -> Entry:
        stats.append(path)
        return await real_stat(path)

    monkeypatch.setattr(s3_side, "stat", counting_stat)
    first = await run_sync(source, destination, SyncSettings(), records=baseline_store)
    assert first.files_transferred == len(FILES)
    stats.clear()
    again = await run_sync(source, destination, SyncSettings(), records=baseline_store)
    assert (again.files_transferred, again.files_skipped) == (0, len(FILES))
    assert stats == [], "an unchanged pair with a record needs no metadata request"
    # An object replaced behind F2L's back has a new ETag: the record no longer vouches for it.
    await s3_side.write("a.txt", iterate_bytes(b"omega"), size=5, mtime=OLD + 3600)
    third = await run_sync(source, destination, SyncSettings(), records=baseline_store)
    assert stats == ["a.txt"]
    assert [op.path for op in third.plan.copies] == ["a.txt"]
    assert (await contents(destination))["a.txt"] == (await contents(source))["a.txt"]


@pytest.mark.parametrize("dst_kind", ["local", "sftp", "ftp"])
async def test_temp_files_of_killed_runs_are_swept_after_a_good_run(endpoint: MakeBackend, dst_kind: str) -> None:
    source, destination = await endpoint("local"), await endpoint(dst_kind)
    await fill(source, {"a.txt": b"alpha"})
    stale, fresh = f"dir/{TEMP_PREFIX}killed", f"{TEMP_PREFIX}in-flight"
    await fill(destination, {stale: b"half a file"}, mtime=OLD)  # left by a run killed a day ago
    await fill(destination, {fresh: b"being written"}, mtime=time.time() + 60)  # another run's, in progress
    assert [e.path async for e in destination.walk() if not e.is_dir] == [], "temp files are never data"
    result = await sync(source, destination)
    assert result.status is RunStatus.COMPLETED
    names = {entry.path for entry in await _raw_listing(destination)}
    assert stale not in names and fresh in names


async def _raw_listing(backend: Backend) -> list[Entry]:
    """Every file including temp names (stat each candidate, since listings hide them)."""
    found = []
    for path in (f"dir/{TEMP_PREFIX}killed", f"{TEMP_PREFIX}in-flight"):
        with contextlib.suppress(NotFound):
            found.append(await backend.stat(path))
    return found
