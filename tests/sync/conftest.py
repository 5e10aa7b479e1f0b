"""Backends on real servers for engine tests: each test asks `endpoints(kind)` for fresh roots.

Servers start only when a test needs their kind: the asyncssh SFTP server (password login,
in-process, fault injection), pyftpdlib and moto (from tests/conftest.py).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any

import pytest

from f2l.db.baseline import DatabaseBaseline
from f2l.db.migrations import upgrade
from f2l.db.session import create_engine
from f2l.db.state import SyncStateStore, pair_key
from f2l.storage.base import Backend
from f2l.storage.ftp import FTPBackend
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.storage.s3 import S3Backend
from f2l.storage.sftp import SFTPBackend
from tests.storage.servers.ftpd import FTPServerHandle, ftpd_server
from tests.storage.servers.sshd import AsyncsshServer, SFTPServerInfo, asyncssh_server
from tests.storage.test_ftp import ftp_options
from tests.storage.test_s3 import s3_options
from tests.storage.test_sftp import password_options

KINDS = ("local", "s3", "sftp", "ftp")
_names = itertools.count()

MakeBackend = Callable[[str], Awaitable[Backend]]


@pytest.fixture(scope="session")
def sftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SFTPServerInfo, AsyncsshServer]]:
    with asyncssh_server(tmp_path_factory.mktemp("sync-sftp") / "root") as pair:
        yield pair


@pytest.fixture(scope="session")
def ftp_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FTPServerHandle]:
    with ftpd_server(tmp_path_factory.mktemp("sync-ftp")) as server:
        yield server


@pytest.fixture
async def endpoint(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[MakeBackend]:
    """A factory: `await endpoint(kind)` gives a connected backend at a new, empty root."""
    async with AsyncExitStack() as stack:

        async def make(kind: str) -> Backend:
            name = f"e{os.getpid()}-{next(_names)}"
            backend = _backend(kind, name, request, tmp_path)
            backend.create_root = True
            return await stack.enter_async_context(backend)

        yield make


def _backend(kind: str, name: str, request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if kind == "local":
        return LocalBackend(LocalOptions(path=str(tmp_path / name)))
    if kind == "s3":
        url, bucket = request.getfixturevalue("s3_url"), request.getfixturevalue("bucket")
        return S3Backend(s3_options(url, bucket, prefix=name))
    if kind == "sftp":
        info: SFTPServerInfo = request.getfixturevalue("sftp_server")[0]
        return SFTPBackend(password_options(info, f"/{name}"))
    if kind == "ftp":
        server: FTPServerHandle = request.getfixturevalue("ftp_server")
        return FTPBackend(ftp_options(server, name))
    raise ValueError(kind)


def local_path(backend: Backend) -> Path:
    """The folder of a local backend (to change files behind the engine's back)."""
    assert isinstance(backend, LocalBackend)
    return backend.root


def options_of(backend: Backend) -> Any:
    return backend.options  # type: ignore[attr-defined]


@pytest.fixture
async def baseline_store(tmp_path: Path) -> AsyncIterator[DatabaseBaseline]:
    """A baseline in a real, migrated SQLite database of this test."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'f2l.db'}")
    await upgrade(engine)
    try:
        yield DatabaseBaseline(SyncStateStore(engine), pair_key("left", "right"))
    finally:
        await engine.dispose()
