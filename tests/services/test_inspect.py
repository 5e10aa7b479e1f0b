"""Endpoint inspection (browse, metadata, analyze) against a real local folder and a real S3 server."""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Protocol

import pytest

from f2l.services.inspect import NotADirectory, analyze, browse, metadata
from f2l.storage.base import Backend, ByteSource, ByteStream, DirFilter, Entry, EntryStream
from f2l.storage.errors import NotFound
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.storage.s3 import S3Backend
from tests.storage.test_s3 import s3_options

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30


class Side(Protocol):
    """A place to lay out a test tree from outside F2L, then open as a backend."""

    name: str

    def put(self, path: str, size: int, *, mtime: float | None = None, **extra: Any) -> None: ...

    def backend(self) -> Backend: ...


class LocalSide:
    name = "local"

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir()

    def put(self, path: str, size: int, *, mtime: float | None = None, **extra: Any) -> None:
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as file:
            file.truncate(size)  # sparse: a 1 GiB file costs no disk
        if mtime is not None:
            os.utime(target, (mtime, mtime))

    def backend(self) -> Backend:
        return LocalBackend(LocalOptions(path=str(self.root)))


class S3Side:
    name = "s3"

    def __init__(self, url: str, bucket: str, boto: Any) -> None:
        self.url, self.bucket, self.boto = url, bucket, boto

    def put(self, path: str, size: int, *, mtime: float | None = None, **extra: Any) -> None:
        self.boto.put_object(Bucket=self.bucket, Key=f"data/{path}", Body=b"x" * size, **extra)

    def backend(self) -> Backend:
        # A small page size, so listings span several S3 pages.
        return S3Backend(s3_options(self.url, self.bucket, prefix="data", list_page_size=7))


@pytest.fixture(params=["local", "s3"])
def side(request: pytest.FixtureRequest, tmp_path: Path) -> Side:
    if request.param == "local":
        return LocalSide(tmp_path / "root")
    return S3Side(
        request.getfixturevalue("s3_url"), request.getfixturevalue("bucket"), request.getfixturevalue("boto")
    )


@pytest.fixture
def local_side(tmp_path: Path) -> LocalSide:
    return LocalSide(tmp_path / "root")


# -- browse ------------------------------------------------------------------------------

BROWSE_NAMES = [f"d{i}" for i in range(5)] + [f"f{i:02}" for i in range(20)]
"""25 children of `many`, in canonical order (`d0/` sorts before `f00`)."""


def lay_out_browse_tree(side: Side) -> None:
    for i in range(5):
        side.put(f"many/d{i}/inner.txt", 1)
    for i in range(20):
        side.put(f"many/f{i:02}", i)


async def test_browse_pages_through_25_entries(side: Side) -> None:
    lay_out_browse_tree(side)
    async with side.backend() as backend:
        pages = [await browse(backend, "many", page=page, limit=10) for page in (1, 2, 3)]
    assert [[item.name for item in page.data] for page in pages] == [
        BROWSE_NAMES[:10],
        BROWSE_NAMES[10:20],
        BROWSE_NAMES[20:],
    ]
    assert [page.pagination.has_more for page in pages] == [True, True, False]
    assert [page.pagination.total for page in pages] == [None, None, 25]
    assert [(page.pagination.page, page.pagination.limit) for page in pages] == [(1, 10), (2, 10), (3, 10)]


async def test_browse_total_is_known_when_the_listing_ends_exactly_at_the_page_end(side: Side) -> None:
    lay_out_browse_tree(side)
    async with side.backend() as backend:
        last = await browse(backend, "many", page=5, limit=5)
        beyond = await browse(backend, "many", page=9, limit=5)
    assert [item.name for item in last.data] == BROWSE_NAMES[20:]
    assert (last.pagination.total, last.pagination.has_more) == (25, False)
    assert (beyond.data, beyond.pagination.total, beyond.pagination.has_more) == ([], 25, False)


async def test_browse_shows_dirs_as_dirs_and_files_with_their_attributes(side: Side) -> None:
    lay_out_browse_tree(side)
    async with side.backend() as backend:
        page = await browse(backend, "many", page=1, limit=6)
    folder, file = page.data[0], page.data[5]
    assert (folder.name, folder.path, folder.is_dir, folder.size) == ("d0", "many/d0", True, None)
    assert (file.name, file.path, file.is_dir, file.size) == ("f00", "many/f00", False, 0)
    assert file.modified is not None and file.modified.tzinfo is UTC
    if side.name == "s3":
        assert file.etag and file.storage_class == "STANDARD"
    else:
        assert (file.etag, file.storage_class, file.content_type) == (None, None, None)


async def test_browse_root(side: Side) -> None:
    side.put("top.txt", 3)
    side.put("sub/x", 1)
    async with side.backend() as backend:
        page = await browse(backend, "", page=1, limit=10)
    assert [(item.path, item.is_dir) for item in page.data] == [("sub", True), ("top.txt", False)]
    assert (page.pagination.total, page.pagination.has_more) == (2, False)


async def test_browse_of_a_file_or_a_missing_path_is_refused(side: Side) -> None:
    side.put("dir/file.txt", 3)
    async with side.backend() as backend:
        with pytest.raises(NotADirectory, match=r"dir/file\.txt"):
            await browse(backend, "dir/file.txt", page=1, limit=10)
        with pytest.raises(NotFound):
            await browse(backend, "nothing/here", page=1, limit=10)


async def test_browse_reads_one_entry_past_the_page_and_closes_the_listing() -> None:
    backend = EndlessBackend()
    page = await browse(backend, "", page=3, limit=10)
    assert [item.name for item in page.data] == [f"f{i:09}" for i in range(20, 30)]
    assert (page.pagination.total, page.pagination.has_more) == (None, True)
    assert backend.pulled == 31
    assert backend.closed


async def test_browse_refuses_a_page_or_limit_below_one() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        await browse(EndlessBackend(), "", page=0, limit=10)


# -- metadata ----------------------------------------------------------------------------

FOLDER_TREE = {"docs/a.txt": 10, "docs/sub/b.txt": 20, "docs/sub/deeper/c.txt": 30, "docs/z.bin": 5, "other/x": 1}


async def test_metadata_of_a_file(side: Side) -> None:
    side.put("docs/a.txt", 12, mtime=1_600_000_000, ContentType="text/plain", Metadata={"owner": "bob"})
    async with side.backend() as backend:
        info = await metadata(backend, "docs/a.txt")
    assert (info.kind, info.path, info.name, info.size) == ("file", "docs/a.txt", "a.txt", 12)
    assert (info.file_count, info.folder_count, info.total_size, info.truncated) == (None, None, None, False)
    if side.name == "s3":
        assert info.etag == hashlib.md5(b"x" * 12).hexdigest() and info.hashes == {"md5": info.etag}
        assert (info.content_type, info.storage_class, info.metadata) == (
            "text/plain",
            "STANDARD",
            {"owner": "bob"},
        )
        assert info.modified is not None
    else:
        assert info.modified == datetime.fromtimestamp(1_600_000_000, UTC)
        assert (info.etag, info.hashes, info.metadata) == (None, {}, {})


async def test_metadata_of_a_folder_counts_files_folders_and_bytes(side: Side) -> None:
    for offset, (path, size) in enumerate(FOLDER_TREE.items()):
        side.put(path, size, mtime=1_600_000_000 + offset)
    async with side.backend() as backend:
        docs = await metadata(backend, "docs")
        root = await metadata(backend, "")
    assert (docs.kind, docs.name, docs.file_count, docs.folder_count, docs.total_size) == (
        "folder",
        "docs",
        4,
        2,
        65,
    )  # sub, sub/deeper
    assert (root.kind, root.path, root.file_count, root.folder_count, root.total_size) == (
        "folder",
        "",
        5,
        4,
        66,
    )  # docs, docs/sub, docs/sub/deeper, other
    assert not docs.truncated and not root.truncated
    assert (docs.size, docs.hashes, docs.metadata) == (None, {}, {})
    if side.name == "local":
        assert docs.last_modified == datetime.fromtimestamp(1_600_000_003, UTC)  # docs/z.bin
        assert root.last_modified == datetime.fromtimestamp(1_600_000_004, UTC)  # other/x
    else:
        assert docs.last_modified is not None  # S3 listings give the upload time


async def test_metadata_of_an_s3_prefix_without_marker_object(s3_url: str, bucket: str, boto: Any) -> None:
    side = S3Side(s3_url, bucket, boto)
    side.put("photos/2024/a.jpg", 100)
    side.put("photos/b.jpg", 50)
    keys = [item["Key"] for item in boto.list_objects_v2(Bucket=bucket)["Contents"]]
    assert "data/photos/" not in keys and "data/photos/2024/" not in keys
    async with side.backend() as backend:
        info = await metadata(backend, "photos")
        with pytest.raises(NotFound):
            await metadata(backend, "phot")
    assert (info.kind, info.file_count, info.folder_count, info.total_size) == ("folder", 2, 1, 150)


async def test_metadata_ignores_s3_directory_marker_objects(s3_url: str, bucket: str, boto: Any) -> None:
    side = S3Side(s3_url, bucket, boto)
    side.put("photos/", 0)  # what the AWS console creates for "Create folder"
    side.put("photos/a.jpg", 7)
    async with side.backend() as backend:
        info = await metadata(backend, "photos")
    assert (info.kind, info.file_count, info.folder_count, info.total_size) == ("folder", 1, 0, 7)


async def test_metadata_of_a_missing_path(side: Side) -> None:
    side.put("a.txt", 1)
    async with side.backend() as backend:
        with pytest.raises(NotFound):
            await metadata(backend, "missing")


async def test_metadata_caps_the_folder_walk(side: Side) -> None:
    for path, size in FOLDER_TREE.items():
        side.put(path, size)
    async with side.backend() as backend:
        capped = await metadata(backend, "", max_entries=2)
        exact = await metadata(backend, "docs", max_entries=4)
    assert (capped.file_count, capped.total_size, capped.truncated) == (2, 30, True)
    assert (exact.file_count, exact.total_size, exact.truncated) == (4, 65, False)


# -- analyze -----------------------------------------------------------------------------

ANALYZE_TREE = {
    "a.TXT": 100,
    "readme": 1023,
    "big/.hidden": 0,
    "big/disk.img": GIB,
    "docs/archive.tar.gz": 5000,
    "docs/b.txt": KIB,
    "docs/c.pdf": MIB - 1,
    "media/deep/x.mkv": 128 * MIB,
    "media/v.mp4": MIB,
    "media/w.mp4": 16 * MIB,
}
ANALYZE_TOTAL = 1_226_841_066


async def test_analyze_a_known_tree(local_side: LocalSide) -> None:
    for offset, (path, size) in enumerate(ANALYZE_TREE.items()):
        local_side.put(path, size, mtime=1_600_000_000 + 1000 * offset)
    async with local_side.backend() as backend:
        result = await analyze(backend, "", recent_speed_bps=ANALYZE_TOTAL / 4, top_n=3)
    assert (result.path, result.object_count, result.total_size, result.unknown_size_count) == (
        "",
        10,
        ANALYZE_TOTAL,
        0,
    )
    assert [(b.label, b.min_bytes, b.max_bytes, b.count, b.bytes) for b in result.size_histogram] == [
        ("<1 KiB", 0, KIB, 3, 1123),
        ("1 KiB–1 MiB", KIB, MIB, 3, 1_054_599),
        ("1–16 MiB", MIB, 16 * MIB, 1, MIB),
        ("16–128 MiB", 16 * MIB, 128 * MIB, 1, 16 * MIB),
        ("128 MiB–1 GiB", 128 * MIB, GIB, 1, 128 * MIB),
        (">=1 GiB", GIB, None, 1, GIB),
    ]
    assert [(f.path, f.size) for f in result.largest_files] == [
        ("big/disk.img", GIB),
        ("media/deep/x.mkv", 128 * MIB),
        ("media/w.mp4", 16 * MIB),
    ]
    assert result.largest_files[0].modified == datetime.fromtimestamp(1_600_003_000, UTC)
    assert [(r.key, r.count, r.bytes) for r in result.by_folder] == [
        ("big", 2, GIB),
        ("media", 3, 152_043_520),
        ("docs", 3, 1_054_599),
        ("", 2, 1123),
    ]
    assert [(r.key, r.count, r.bytes) for r in result.by_extension] == [
        ("img", 1, GIB),
        ("mkv", 1, 128 * MIB),
        ("mp4", 2, 17 * MIB),
        ("pdf", 1, MIB - 1),
        ("gz", 1, 5000),
        ("txt", 2, 1124),
        ("", 2, 1023),
    ]
    assert {key: (v.count, v.bytes) for key, v in result.storage_classes.items()} == {
        "unknown": (10, ANALYZE_TOTAL)
    }
    assert result.oldest_modified == datetime.fromtimestamp(1_600_000_000, UTC)
    assert result.newest_modified == datetime.fromtimestamp(1_600_009_000, UTC)
    assert result.estimated_transfer_seconds == pytest.approx(4.0)
    assert not result.truncated


async def test_analyze_a_subfolder_keys_folders_relative_to_it(local_side: LocalSide) -> None:
    for path, size in ANALYZE_TREE.items():
        local_side.put(path, size)
    async with local_side.backend() as backend:
        result = await analyze(backend, "media", recent_speed_bps=None)
    assert [(r.key, r.count, r.bytes) for r in result.by_folder] == [("deep", 1, 128 * MIB), ("", 2, 17 * MIB)]
    assert (result.path, result.object_count, result.estimated_transfer_seconds) == ("media", 3, None)
    assert len(result.largest_files) == 3


async def test_analyze_on_s3_counts_storage_classes_and_skips_markers(s3_url: str, bucket: str, boto: Any) -> None:
    side = S3Side(s3_url, bucket, boto)
    side.put("a.txt", 10)
    side.put("docs/", 0)  # a directory marker: not a file
    side.put("docs/b.txt", 2000)
    side.put("docs/c.TXT", 30, StorageClass="STANDARD_IA")
    side.put("logs/2024/d.log", 5)
    async with side.backend() as backend:
        result = await analyze(backend, "", recent_speed_bps=0, top_n=2)
    assert (result.object_count, result.total_size, result.estimated_transfer_seconds) == (4, 2045, None)
    assert [(b.count, b.bytes) for b in result.size_histogram] == [
        (3, 45),
        (1, 2000),
        (0, 0),
        (0, 0),
        (0, 0),
        (0, 0),
    ]
    assert [(f.path, f.size) for f in result.largest_files] == [("docs/b.txt", 2000), ("docs/c.TXT", 30)]
    assert [(r.key, r.count, r.bytes) for r in result.by_folder] == [
        ("docs", 2, 2030),
        ("", 1, 10),
        ("logs", 1, 5),
    ]
    assert [(r.key, r.count, r.bytes) for r in result.by_extension] == [("txt", 3, 2040), ("log", 1, 5)]
    assert {key: (v.count, v.bytes) for key, v in result.storage_classes.items()} == {
        "STANDARD": (3, 2015),
        "STANDARD_IA": (1, 30),
    }
    assert result.oldest_modified is not None and result.newest_modified is not None


async def test_analyze_folds_breakdown_rows_beyond_50_into_other(local_side: LocalSide) -> None:
    for i in range(55):
        local_side.put(f"f{i}.e{i:02}", i + 1)
    async with local_side.backend() as backend:
        result = await analyze(backend, "", recent_speed_bps=None)
    rows = [(r.key, r.count, r.bytes) for r in result.by_extension]
    assert len(rows) == 51
    assert rows[0] == ("e54", 1, 55) and rows[49] == ("e05", 1, 6)
    assert rows[50] == ("(other)", 5, 15)  # sizes 1..5


async def test_analyze_stops_at_max_entries(side: Side) -> None:
    for path, size in FOLDER_TREE.items():
        side.put(path, size)
    async with side.backend() as backend:
        capped = await analyze(backend, "", recent_speed_bps=None, max_entries=3)
        exact = await analyze(backend, "", recent_speed_bps=None, max_entries=5)
    assert (capped.object_count, capped.total_size, capped.truncated) == (3, 60, True)
    assert (exact.object_count, exact.total_size, exact.truncated) == (5, 66, False)


async def test_analyze_of_a_file_or_a_missing_path_is_refused(side: Side) -> None:
    side.put("dir/file.txt", 3)
    async with side.backend() as backend:
        with pytest.raises(NotADirectory):
            await analyze(backend, "dir/file.txt", recent_speed_bps=None)
        with pytest.raises(NotFound):
            await analyze(backend, "nothing", recent_speed_bps=None)


async def test_analyze_closes_an_endless_walk_at_the_cap() -> None:
    backend = EndlessBackend()
    result = await analyze(backend, "", recent_speed_bps=None, max_entries=1000, top_n=2)
    assert (result.object_count, result.truncated) == (1000, True)
    assert backend.pulled == 1001
    assert backend.closed


async def test_unknown_sizes_and_bogus_times_are_reported_not_guessed() -> None:
    backend = FixedBackend([Entry("a.bin", -1, None), Entry("b.bin", 5, 1e20)])
    page = await browse(backend, "", page=1, limit=10)
    result = await analyze(backend, "", recent_speed_bps=None)
    assert [(item.size, item.modified) for item in page.data] == [(None, None), (5, None)]
    assert (result.object_count, result.unknown_size_count, result.total_size) == (2, 1, 5)
    assert [(f.path, f.size) for f in result.largest_files] == [("b.bin", 5)]
    assert (result.oldest_modified, result.newest_modified) == (None, None)


# -- stub backends: a directory that never ends, and one with given entries --------------------------


class EndlessBackend(Backend):
    """A root folder holding an endless run of files; records how far a listing was read."""

    type_name: ClassVar[str] = "endless"

    def __init__(self) -> None:
        self.pulled = 0
        self.closed = False

    @property
    def label(self) -> str:
        return "endless:"

    def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        return self.list_dir(path)

    async def list_dir(self, path: str = "") -> EntryStream:
        try:
            while True:
                self.pulled += 1
                yield Entry(f"f{self.pulled - 1:09}", 1, 0.0)
        finally:
            self.closed = True

    async def stat(self, path: str) -> Entry:
        return Entry(path, 0, None, is_dir=True)

    def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        raise NotImplementedError

    async def write(
        self,
        path: str,
        data: ByteSource,
        *,
        size: int | None = None,
        mtime: float | None = None,
        content_type: str | None = None,
        metadata: Any = None,
        md5: str | None = None,
    ) -> Entry:
        raise NotImplementedError

    async def mkdir(self, path: str) -> None:
        raise NotImplementedError

    async def delete(self, path: str) -> None:
        raise NotImplementedError

    async def rmdir(self, path: str) -> None:
        raise NotImplementedError

    async def rename(self, src: str, dst: str) -> None:
        raise NotImplementedError


class FixedBackend(EndlessBackend):
    """A root folder holding the given files (which may carry values no real backend here gives)."""

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__()
        self.entries = entries

    async def list_dir(self, path: str = "") -> EntryStream:
        for entry in self.entries:
            yield entry
