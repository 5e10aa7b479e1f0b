"""The conformance suite every storage backend passes (rclone's `fstests` idea).

A backend's test module subclasses `BackendConformance` and provides these fixtures:

- `backend`: a connected backend rooted at a fresh, empty location on a real server;
- `wrong_auth_backend`: the same endpoint with a wrong password/key, or None where the
  backend has no credentials (local);
- `closed_port_backend`: the same endpoint on a port where nothing listens, or None;
- `missing_root_backend`: a backend whose root folder/bucket does not exist;
- `big_size`: a file size above the backend's multipart/chunking threshold;
- `page_size`: how many entries one listing page holds (so pagination is crossed).

Every skip in a backend module must be an explicit, commented decision.
"""

from __future__ import annotations

import asyncio
import os
import time
import unicodedata
from collections.abc import AsyncIterator

import pytest

from f2l.storage.base import Backend, ByteStream, iterate_bytes, read_all
from f2l.storage.errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NotFound,
    StorageError,
)

SECRET_MARKERS = ("wrong-secret", "secret-pass")


async def put(backend: Backend, path: str, data: bytes, mtime: float | None = None) -> None:
    await backend.write(path, iterate_bytes(data, 256 * 1024), size=len(data), mtime=mtime)


async def get(backend: Backend, path: str) -> bytes:
    return await read_all(backend.read(path))


async def walk_paths(backend: Backend, path: str = "") -> list[str]:
    return [entry.path async for entry in backend.walk(path)]


class FailingStream(Exception):
    """Raised by `failing_stream` to simulate a source that breaks mid-transfer."""


async def failing_stream(head: bytes, fail_after_chunks: int = 2) -> ByteStream:
    for _ in range(fail_after_chunks):
        yield head
        await asyncio.sleep(0)
    raise FailingStream("source read failed halfway")


def canonical(paths: list[str]) -> list[str]:
    return sorted(paths, key=lambda p: p.encode())


class BackendConformance:
    """Behaviour every backend must show, run against a real server of its kind."""

    # -- round trips --------------------------------------------------------------

    @pytest.mark.parametrize("size", [0, 1, 1 << 20])
    async def test_round_trip_is_byte_exact(self, backend: Backend, size: int) -> None:
        data = os.urandom(size)
        await put(backend, f"rt/file-{size}.bin", data)
        assert await get(backend, f"rt/file-{size}.bin") == data
        entry = await backend.stat(f"rt/file-{size}.bin")
        assert entry.size == size and not entry.is_dir

    @pytest.mark.slow
    async def test_round_trip_above_multipart_threshold(self, backend: Backend, big_size: int) -> None:
        data = os.urandom(big_size)
        returned = await backend.write("big/large.bin", iterate_bytes(data, 1 << 20), size=big_size)
        assert returned.size == big_size
        assert await get(backend, "big/large.bin") == data

    async def test_unknown_size_write(self, backend: Backend) -> None:
        data = os.urandom(300_000)
        entry = await backend.write("nosize.bin", iterate_bytes(data, 64 * 1024), size=None)
        assert entry.size == len(data)
        assert await get(backend, "nosize.bin") == data

    async def test_range_read(self, backend: Backend) -> None:
        data = bytes(range(256)) * 40
        await put(backend, "range.bin", data)
        assert await read_all(backend.read("range.bin", offset=100, length=50)) == data[100:150]
        assert await read_all(backend.read("range.bin", offset=10_000)) == data[10_000:]

    async def test_read_past_the_end_yields_nothing(self, backend: Backend) -> None:
        await put(backend, "short.bin", b"12345")
        assert await read_all(backend.read("short.bin", offset=5)) == b""
        assert await read_all(backend.read("short.bin", offset=50)) == b""
        assert await read_all(backend.read("short.bin", offset=2, length=0)) == b""

    async def test_abandoned_read_leaves_the_backend_usable(self, backend: Backend) -> None:
        data = os.urandom(3 << 20)
        await put(backend, "abandoned.bin", data)
        stream = backend.read("abandoned.bin")
        assert len(await anext(stream)) > 0
        await stream.aclose()  # a consumer that stops early, as a cancelled transfer does
        await put(backend, "after.txt", b"still working")
        assert await get(backend, "abandoned.bin") == data
        assert await walk_paths(backend) == ["abandoned.bin", "after.txt"]

    @pytest.mark.parametrize(
        "name",
        [
            "with space.txt",
            "hash#name.txt",
            "per%cent.txt",
            "plus+sign.txt",
            "ümlaut-ñ-日本.txt",
            unicodedata.normalize("NFD", "café-nfd.txt"),
            unicodedata.normalize("NFC", "café-nfc.txt"),
            "semi;colon & amp='q'.txt",
        ],
    )
    async def test_odd_names_round_trip_exactly(self, backend: Backend, name: str) -> None:
        data = name.encode() * 3
        await put(backend, f"names/{name}", data)
        assert [e.name async for e in backend.list_dir("names")] == [name]
        assert await get(backend, f"names/{name}") == data

    async def test_nfc_and_nfd_names_stay_distinct(self, backend: Backend) -> None:
        nfc, nfd = unicodedata.normalize("NFC", "é.txt"), unicodedata.normalize("NFD", "é.txt")
        await put(backend, nfc, b"nfc")
        await put(backend, nfd, b"nfd")
        assert await walk_paths(backend) == canonical([nfc, nfd])
        assert await get(backend, nfc) == b"nfc" and await get(backend, nfd) == b"nfd"

    async def test_deep_nesting(self, backend: Backend) -> None:
        deep = "/".join(f"level{i}" for i in range(12)) + "/leaf.txt"
        await put(backend, deep, b"deep")
        assert await walk_paths(backend) == [deep]
        assert await get(backend, deep) == b"deep"

    # -- listing --------------------------------------------------------------------

    async def test_walk_is_complete_and_canonical(self, backend: Backend) -> None:
        tricky = [
            "a.txt",
            "a/b.txt",
            "a b.txt",
            "ab.txt",
            "a+b/c.txt",
            "a-b.txt",
            "A.txt",
            "a/z/y.txt",
            "a/z.txt",
            "b/a.txt",
            "zzz",
            "a0.txt",
        ]
        for path in tricky:
            await put(backend, path, path.encode())
        assert await walk_paths(backend) == canonical(tricky)

    async def test_walk_crosses_pages(self, backend: Backend, page_size: int) -> None:
        count = page_size * 2 + 7
        paths = [f"many/f{i:05d}.dat" for i in range(count)] + ["many/sub/x.dat", "many+/y.dat"]
        await asyncio.gather(*(put(backend, p, b"x") for p in paths))
        listed = await walk_paths(backend)
        assert listed == canonical(paths)
        children = [e.path async for e in backend.list_dir("many")]
        assert len(children) == count + 1
        assert children == sorted(children, key=lambda p: (p + "/" if p.endswith("sub") else p).encode())

    async def test_list_dir_shows_files_and_dirs(self, backend: Backend) -> None:
        await put(backend, "top/file.txt", b"1")
        await put(backend, "top/sub/deeper.txt", b"22")
        children = [(e.path, e.is_dir) async for e in backend.list_dir("top")]
        assert children == [("top/file.txt", False), ("top/sub", True)]
        sizes = {e.path: e.size async for e in backend.list_dir("top") if not e.is_dir}
        assert sizes == {"top/file.txt": 1}

    async def test_walk_of_subpath_and_pruning(self, backend: Backend) -> None:
        for path in ("keep/a.txt", "keep/skip/b.txt", "keep/c/d.txt", "other/e.txt"):
            await put(backend, path, b"x")
        assert await walk_paths(backend, "keep") == ["keep/a.txt", "keep/c/d.txt", "keep/skip/b.txt"]
        pruned = [e.path async for e in backend.walk(descend=lambda d: not d.endswith("skip"))]
        assert pruned == ["keep/a.txt", "keep/c/d.txt", "other/e.txt"]

    async def test_empty_root_lists_nothing(self, backend: Backend) -> None:
        assert await walk_paths(backend) == []

    # -- stat and mtime --------------------------------------------------------------

    async def test_mtime_is_kept_per_capability(self, backend: Backend) -> None:
        when = 1_600_000_000.25
        await put(backend, "timed.txt", b"t", mtime=when)
        caps = backend.capabilities
        entry = await backend.stat("timed.txt")
        if caps.set_mtime and caps.mtime_precision is not None:
            assert entry.mtime is not None
            assert abs(entry.mtime - when) <= max(caps.mtime_precision, 1e-6)
            if caps.listing_has_mtime:
                listed = [e async for e in backend.list_dir("")][0]
                assert listed.mtime is not None
                assert abs(listed.mtime - when) <= max(caps.mtime_precision, 1e-6)
        else:
            # Without a settable mtime the backend reports the write time (or none).
            assert entry.mtime is None or abs(entry.mtime - time.time()) < 120

    async def test_stat_of_directory(self, backend: Backend) -> None:
        await put(backend, "d/f.txt", b"x")
        entry = await backend.stat("d")
        assert entry.is_dir

    # -- changes ------------------------------------------------------------------------

    async def test_overwrite_replaces_content_and_size(self, backend: Backend) -> None:
        await put(backend, "over.txt", b"first version, longer")
        await put(backend, "over.txt", b"second")
        assert await get(backend, "over.txt") == b"second"
        assert (await backend.stat("over.txt")).size == 6
        assert await walk_paths(backend) == ["over.txt"]

    async def test_delete(self, backend: Backend) -> None:
        await put(backend, "del/gone.txt", b"x")
        await put(backend, "del/stays.txt", b"y")
        await backend.delete("del/gone.txt")
        assert await walk_paths(backend) == ["del/stays.txt"]
        with pytest.raises(NotFound):
            await backend.stat("del/gone.txt")
        with pytest.raises(NotFound):
            await backend.delete("del/gone.txt")

    async def test_rmdir_after_emptying(self, backend: Backend) -> None:
        await put(backend, "rm/only.txt", b"x")
        await backend.delete("rm/only.txt")
        await backend.rmdir("rm")
        assert [e async for e in backend.list_dir("")] == []

    async def test_rename_moves_and_replaces(self, backend: Backend) -> None:
        await put(backend, "src.txt", b"moving")
        await put(backend, "other/dst.txt", b"old target")
        await backend.rename("src.txt", "other/dst.txt")
        assert await walk_paths(backend) == ["other/dst.txt"]
        assert await get(backend, "other/dst.txt") == b"moving"
        await backend.rename("other/dst.txt", "new/dir/moved.txt")
        assert await walk_paths(backend) == ["new/dir/moved.txt"]
        with pytest.raises(NotFound):
            await backend.rename("nothing-here.txt", "x.txt")

    async def test_mkdir_is_idempotent(self, backend: Backend) -> None:
        await backend.mkdir("made/deep/er")
        await backend.mkdir("made/deep/er")
        await backend.mkdir("made")
        await put(backend, "made/deep/er/f.txt", b"x")
        assert await walk_paths(backend) == ["made/deep/er/f.txt"]

    async def test_file_and_directory_names_do_not_collide(self, backend: Backend) -> None:
        if not backend.capabilities.empty_dirs:
            pytest.skip("no real directories: an object and a prefix of the same name can coexist")
        await put(backend, "taken.txt", b"file")
        with pytest.raises(AlreadyExists):
            await backend.mkdir("taken.txt")
        await put(backend, "folder/inside.txt", b"x")
        with pytest.raises(StorageError):
            await put(backend, "folder", b"would replace a directory")
        assert await walk_paths(backend) == ["folder/inside.txt", "taken.txt"]
        assert [e.name async for e in backend.list_dir("folder")] == ["inside.txt"]  # no temp file left

    # -- errors ---------------------------------------------------------------------------

    async def test_not_found_names_the_path(self, backend: Backend) -> None:
        with pytest.raises(NotFound) as info:
            await backend.stat("no/such/file.txt")
        assert "no/such/file.txt" in str(info.value)
        assert not info.value.retryable
        with pytest.raises(NotFound):
            await get(backend, "no/such/file.txt")
        with pytest.raises(FileNotFoundError):  # the built-in class works too
            await backend.stat("missing.txt")

    async def test_walk_of_missing_root_is_an_error(self, missing_root_backend: Backend) -> None:
        # An absent root must never look like an empty one: mirrors would delete everything.
        with pytest.raises(NotFound):
            async with missing_root_backend:
                await walk_paths(missing_root_backend)

    @pytest.mark.parametrize("bad", ["../escape.txt", "/abs.txt", "a/../../b", "a//b", "./a"])
    async def test_paths_outside_the_root_are_refused(self, backend: Backend, bad: str) -> None:
        with pytest.raises(InvalidPath):
            await put(backend, bad, b"x")
        with pytest.raises(InvalidPath):
            await backend.stat(bad)
        with pytest.raises(InvalidPath):
            await backend.delete(bad)
        assert await walk_paths(backend) == []

    async def test_failed_source_stream_leaves_no_file(self, backend: Backend) -> None:
        with pytest.raises(FailingStream):
            await backend.write("broken.bin", failing_stream(os.urandom(200_000)), size=None)
        assert await walk_paths(backend) == []
        await put(backend, "kept.bin", b"old content")
        with pytest.raises(FailingStream):
            await backend.write("kept.bin", failing_stream(os.urandom(200_000)), size=1_000_000)
        assert await get(backend, "kept.bin") == b"old content"
        assert await walk_paths(backend) == ["kept.bin"]

    async def test_cancelled_write_leaves_no_file(self, backend: Backend) -> None:
        started = asyncio.Event()

        async def slow_stream() -> AsyncIterator[bytes]:
            yield os.urandom(100_000)
            started.set()
            await asyncio.sleep(30)
            yield b"never"

        task = asyncio.create_task(backend.write("cancelled.bin", slow_stream(), size=None))
        await asyncio.wait_for(started.wait(), 10)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert await walk_paths(backend) == []

    # -- connection test ---------------------------------------------------------------

    async def test_connection_test_succeeds(self, backend: Backend) -> None:
        result = await backend.test_connection()
        assert result.ok, result.message
        assert result.latency_ms >= 0

    async def test_wrong_credentials_fail_clearly(self, wrong_auth_backend: Backend | None) -> None:
        if wrong_auth_backend is None:
            pytest.skip("this backend has no credentials")
        started = time.monotonic()
        result = await wrong_auth_backend.test_connection()
        assert not result.ok
        assert time.monotonic() - started < 10
        assert "auth" in result.message.lower() or "denied" in result.message.lower(), result.message
        assert not any(marker in result.message for marker in SECRET_MARKERS)
        with pytest.raises(AuthenticationFailed) as info:
            async with wrong_auth_backend:
                await walk_paths(wrong_auth_backend)
        assert not info.value.retryable

    async def test_closed_port_fails_fast(self, closed_port_backend: Backend | None) -> None:
        if closed_port_backend is None:
            pytest.skip("this backend has no network connection")
        started = time.monotonic()
        result = await closed_port_backend.test_connection()
        assert not result.ok
        assert time.monotonic() - started < 10
        with pytest.raises(ConnectionFailed) as info:
            async with closed_port_backend:
                await walk_paths(closed_port_backend)
        assert info.value.retryable
        assert isinstance(info.value, StorageError)
