"""Local folder backend: the conformance suite plus symlink and temp-file rules."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from f2l.storage.base import Backend
from f2l.storage.errors import PermissionDenied
from f2l.storage.local import LocalBackend, LocalOptions
from tests.storage.conformance import BackendConformance, get, put, walk_paths


def local(path: Path) -> LocalBackend:
    return LocalBackend(LocalOptions(path=str(path)))


class TestLocalConformance(BackendConformance):
    @pytest.fixture
    async def backend(self, tmp_path: Path) -> AsyncIterator[Backend]:
        root = tmp_path / "root"
        root.mkdir()
        async with local(root) as backend:
            yield backend

    @pytest.fixture
    def wrong_auth_backend(self) -> None:
        return None  # a local folder has no credentials

    @pytest.fixture
    def closed_port_backend(self) -> None:
        return None  # a local folder has no network connection

    @pytest.fixture
    def missing_root_backend(self, tmp_path: Path) -> Backend:
        return local(tmp_path / "does-not-exist")

    @pytest.fixture
    def big_size(self) -> int:
        return 12 * 1024 * 1024 + 3  # several read/write chunks, not chunk-aligned

    @pytest.fixture
    def page_size(self) -> int:
        return 100  # local listings have no pages; still check a large directory


async def test_symlinks_are_not_followed_out_of_the_root(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    root = tmp_path / "root"
    root.mkdir()
    (root / "escape").symlink_to(outside, target_is_directory=True)
    (root / "link.txt").symlink_to(outside / "secret.txt")
    (root / "real.txt").write_text("real")
    async with local(root) as backend:
        assert await walk_paths(backend) == ["real.txt"]
        with pytest.raises(PermissionDenied):
            await put(backend, "escape/new.txt", b"x")
        with pytest.raises(PermissionDenied):
            await backend.delete("escape/secret.txt")
        await backend.delete("link.txt")  # removes the link itself, never its target
    assert (outside / "secret.txt").read_text() == "secret"
    assert sorted(os.listdir(outside)) == ["secret.txt"]


async def test_temp_files_are_hidden_and_mtime_is_sub_microsecond(tmp_path: Path) -> None:
    async with local(tmp_path) as backend:
        (tmp_path / ".f2l-tmp.0123456789abcdef").write_bytes(b"abandoned")
        await put(backend, "f.txt", b"data", mtime=1_700_000_000.123456789)
        assert await walk_paths(backend) == ["f.txt"]
        # Float seconds carry ~0.2 µs at today's epoch: far finer than any backend compares.
        assert abs((tmp_path / "f.txt").stat().st_mtime_ns - 1_700_000_000_123_456_789) < 1000
        assert await get(backend, "f.txt") == b"data"


async def test_read_only_destination_fails_with_the_cause(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores file permissions; the read-only case needs an unprivileged user")
    root = tmp_path / "ro"
    root.mkdir()
    root.chmod(0o555)
    try:
        async with local(root) as backend:
            with pytest.raises(PermissionDenied):
                await put(backend, "f.txt", b"x")
    finally:
        root.chmod(0o755)
