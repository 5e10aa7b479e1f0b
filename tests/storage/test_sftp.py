"""SFTP backend: the conformance suite on OpenSSH sshd (key login) and on an asyncssh server
(password login), plus SFTP's own promises: host keys, key passphrases, `~`, control
characters, secrets kept out of messages and reconnecting after a reset."""

from __future__ import annotations

import asyncio
import itertools
import os
import posixpath
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from pathlib import Path
from typing import Any, cast

import asyncssh
import pydantic
import pytest

from f2l.storage.base import Backend, read_all
from f2l.storage.errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NotFound,
    StorageError,
)
from f2l.storage.retry import with_retries
from f2l.storage.sftp import SFTPBackend, SFTPOptions, _ReadAhead
from tests.storage.conformance import SECRET_MARKERS, BackendConformance, get, put, walk_paths
from tests.storage.servers.sshd import (
    PASSWORD,
    AsyncsshServer,
    SFTPServerInfo,
    asyncssh_server,
    free_port,
    known_hosts_line,
    new_key,
    private_key_text,
    sshd_server,
    sshd_unavailable,
)

KEY_PASSPHRASE = "key-pass-phrase"
_roots = itertools.count()


@pytest.fixture(scope="session")
def client_key() -> asyncssh.SSHKey:
    return new_key()


@pytest.fixture(scope="session")
def passphrase_key() -> asyncssh.SSHKey:
    return new_key()


@pytest.fixture(scope="session")
def sshd(
    tmp_path_factory: pytest.TempPathFactory, client_key: asyncssh.SSHKey, passphrase_key: asyncssh.SSHKey
) -> Iterator[SFTPServerInfo]:
    reason = sshd_unavailable()
    if reason is not None:
        pytest.skip(f"OpenSSH tier skipped: {reason}")  # the asyncssh tier still runs
    with sshd_server(tmp_path_factory.mktemp("sshd"), [client_key, passphrase_key]) as info:
        yield info


@pytest.fixture(scope="session")
def password_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SFTPServerInfo, AsyncsshServer]]:
    with asyncssh_server(tmp_path_factory.mktemp("asyncssh") / "root") as pair:
        yield pair


@pytest.fixture
def password_info(password_server: tuple[SFTPServerInfo, AsyncsshServer]) -> SFTPServerInfo:
    return password_server[0]


def fresh_root(info: SFTPServerInfo) -> str:
    """A new empty folder on the server; returns its remote path (for sshd, also its local one)."""
    name = f"t-{next(_roots)}"
    (info.root / name).mkdir()
    return posixpath.join(info.remote_root, name)


def key_options(info: SFTPServerInfo, path: str, key: asyncssh.SSHKey, **overrides: Any) -> SFTPOptions:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": info.port,
        "username": info.username,
        "private_key": private_key_text(key),
        "known_hosts": info.known_hosts,
        "path": path,
        "connect_timeout": 5,
        "io_timeout": 30,
    }
    settings.update(overrides)
    return SFTPOptions(**settings)


def password_options(info: SFTPServerInfo, path: str, **overrides: Any) -> SFTPOptions:
    settings: dict[str, Any] = {
        "host": "127.0.0.1",
        "port": info.port,
        "username": info.username,
        "password": PASSWORD,
        "known_hosts": info.known_hosts,
        "path": path,
        "connect_timeout": 5,
        "io_timeout": 30,
    }
    settings.update(overrides)
    return SFTPOptions(**settings)


class TestSFTPConformance(BackendConformance):
    """OpenSSH sshd with key login."""

    @pytest.fixture
    async def backend(self, sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> AsyncIterator[Backend]:
        async with SFTPBackend(key_options(sshd, fresh_root(sshd), client_key)) as backend:
            yield backend

    @pytest.fixture
    def wrong_auth_backend(self, sshd: SFTPServerInfo) -> Backend:
        return SFTPBackend(key_options(sshd, sshd.remote_root, new_key()))  # a key sshd does not know

    @pytest.fixture
    def closed_port_backend(self, sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> Backend:
        return SFTPBackend(key_options(sshd, sshd.remote_root, client_key, port=free_port()))

    @pytest.fixture
    def missing_root_backend(self, sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> Backend:
        return SFTPBackend(key_options(sshd, f"{sshd.remote_root}/does-not-exist", client_key))

    @pytest.fixture
    def big_size(self) -> int:
        return 8 * 1024 * 1024 + 3  # many pipelined blocks, the last one short

    @pytest.fixture
    def page_size(self) -> int:
        return 100  # SFTP readdir replies hold about 100 names with OpenSSH


class TestSFTPPasswordConformance(BackendConformance):
    """asyncssh's SFTP server with password login."""

    @pytest.fixture
    async def backend(self, password_info: SFTPServerInfo) -> AsyncIterator[Backend]:
        async with SFTPBackend(password_options(password_info, fresh_root(password_info))) as backend:
            yield backend

    @pytest.fixture
    def wrong_auth_backend(self, password_info: SFTPServerInfo) -> Backend:
        return SFTPBackend(password_options(password_info, "/", password="wrong-secret"))

    @pytest.fixture
    def closed_port_backend(self, password_info: SFTPServerInfo) -> Backend:
        return SFTPBackend(password_options(password_info, "/", port=free_port()))

    @pytest.fixture
    def missing_root_backend(self, password_info: SFTPServerInfo) -> Backend:
        return SFTPBackend(password_options(password_info, "/does-not-exist"))

    @pytest.fixture
    def big_size(self) -> int:
        return 8 * 1024 * 1024 + 3

    @pytest.fixture
    def page_size(self) -> int:
        return 100


# -- host keys ---------------------------------------------------------------------------


async def connect_error(options: SFTPOptions) -> AuthenticationFailed:
    with pytest.raises(AuthenticationFailed) as info:
        async with SFTPBackend(options):
            pass
    assert not info.value.retryable
    return info.value


async def test_strict_refuses_an_unknown_host(sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> None:
    error = await connect_error(key_options(sshd, sshd.remote_root, client_key, known_hosts=""))
    assert "host key" in str(error) and "not in known_hosts" in str(error)
    assert f"127.0.0.1:{sshd.port}" in str(error)


@pytest.mark.parametrize("policy", ["strict", "accept_new"])
async def test_a_changed_host_key_is_refused(
    sshd: SFTPServerInfo, client_key: asyncssh.SSHKey, policy: str
) -> None:
    impostor = known_hosts_line(sshd.port, new_key())  # same host, another key of the same type
    options = key_options(sshd, sshd.remote_root, client_key, known_hosts=impostor, host_key_policy=policy)
    error = await connect_error(options)
    assert "host key" in str(error) and "does not match" in str(error)


async def test_accept_new_accepts_an_unknown_host(sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> None:
    options = key_options(sshd, fresh_root(sshd), client_key, known_hosts="", host_key_policy="accept_new")
    async with SFTPBackend(options) as backend:
        await put(backend, "f.txt", b"x")
        assert await walk_paths(backend) == ["f.txt"]


async def test_accept_new_pins_the_first_key(sshd: SFTPServerInfo, password_info: SFTPServerInfo) -> None:
    backend = SFTPBackend(password_options(password_info, "/", known_hosts="", host_key_policy="accept_new"))
    async with backend:
        await walk_paths(backend)
    # The same endpoint answering with another key on reconnect (here: another server).
    backend.options = backend.options.model_copy(update={"port": sshd.port})
    with pytest.raises(AuthenticationFailed, match="changed since this endpoint first connected"):
        await backend.connect()


async def test_default_known_hosts_is_the_users_file(
    sshd: SFTPServerInfo, client_key: asyncssh.SSHKey, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "known_hosts").write_text(sshd.known_hosts)
    monkeypatch.setenv("HOME", str(tmp_path))
    async with SFTPBackend(key_options(sshd, fresh_root(sshd), client_key, known_hosts=None)) as backend:
        assert await walk_paths(backend) == []
    (tmp_path / ".ssh" / "known_hosts").unlink()
    await connect_error(key_options(sshd, sshd.remote_root, client_key, known_hosts=None))


# -- credentials and secrets -------------------------------------------------------------


async def test_private_key_with_passphrase(sshd: SFTPServerInfo, passphrase_key: asyncssh.SSHKey) -> None:
    encrypted = private_key_text(passphrase_key, KEY_PASSPHRASE)
    options = key_options(
        sshd, fresh_root(sshd), passphrase_key, private_key=encrypted, private_key_passphrase=KEY_PASSPHRASE
    )
    async with SFTPBackend(options) as backend:
        await put(backend, "f.txt", b"locked")
        assert await get(backend, "f.txt") == b"locked"
    wrong = options.model_copy(update={"private_key_passphrase": pydantic.SecretStr("wrong-secret")})
    error = await connect_error(wrong)
    assert "private key" in str(error) and "wrong-secret" not in str(error)


async def test_the_password_never_shows(password_info: SFTPServerInfo) -> None:
    options = password_options(password_info, "/")
    for text in (repr(options), str(options), options.model_dump_json(), repr(SFTPBackend(options))):
        assert PASSWORD not in text
    failing = [
        password_options(password_info, "/", password="wrong-secret"),
        password_options(password_info, "/", port=free_port()),
        password_options(password_info, "/", known_hosts=""),
        password_options(password_info, "/no/such/root"),
    ]
    for bad in failing:
        result = await SFTPBackend(bad).test_connection()
        assert not result.ok
        assert not any(marker in result.message for marker in SECRET_MARKERS), result.message
        assert f"sftp://tester@127.0.0.1:{bad.port}/" in result.message


def test_options_are_validated() -> None:
    base: dict[str, Any] = {"host": "h", "username": "u", "path": "/data"}
    for path in ("relative/dir", "~user/x", "/data/../etc", "/a\nb"):
        with pytest.raises(pydantic.ValidationError, match="path"):
            SFTPOptions(**{**base, "path": path})
    with pytest.raises(pydantic.ValidationError, match="known_hosts"):
        SFTPOptions(**base, known_hosts="a-host-without-a-key")
    with pytest.raises(pydantic.ValidationError, match="extra"):
        SFTPOptions(**{**base, "passwd": "x"})
    assert SFTPOptions(**{**base, "path": "/data/"}).path == "/data"
    assert all(field.description for field in SFTPOptions.model_fields.values())


# -- paths -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["~/home-test", "/~/home-test", "~"])
async def test_tilde_is_the_login_directory(sshd: SFTPServerInfo, client_key: asyncssh.SSHKey, path: str) -> None:
    (sshd.root / "home-test").mkdir(exist_ok=True)
    (sshd.root / "home-test" / "f.txt").write_bytes(b"home")
    async with SFTPBackend(key_options(sshd, path, client_key)) as backend:
        if path == "~":
            assert ("home-test", True) in [(e.path, e.is_dir) async for e in backend.list_dir()]
        else:
            assert await walk_paths(backend) == ["f.txt"]
            assert backend.label.endswith(f":{sshd.port}/~/home-test")


async def test_control_characters_are_refused_per_file(sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> None:
    root = fresh_root(sshd)
    async with SFTPBackend(key_options(sshd, root, client_key)) as backend:
        await put(backend, "ok.txt", b"fine")
        for bad in ("tab\there.txt", "new\nline.txt", "esc\x1b.txt", "del\x7f.txt", "dir\x01/f.txt"):
            with pytest.raises(InvalidPath) as info:
                await put(backend, bad, b"x")
            assert "control character" in str(info.value)
            assert not any(ch in str(info.value) for ch in "\t\n\x1b\x7f\x01")
            with pytest.raises(InvalidPath):
                await backend.stat(bad)
        # A name made on the server by someone else is listed, then refused on its own.
        (Path(root) / "made\nelsewhere.txt").write_bytes(b"odd")
        assert await walk_paths(backend) == ["made\nelsewhere.txt", "ok.txt"]
        with pytest.raises(InvalidPath):
            await get(backend, "made\nelsewhere.txt")
        assert await get(backend, "ok.txt") == b"fine"


async def test_symlinks_and_temp_files_are_not_listed(sshd: SFTPServerInfo, client_key: asyncssh.SSHKey) -> None:
    root = fresh_root(sshd)
    (Path(root) / "real.txt").write_bytes(b"real")
    (Path(root) / "link.txt").symlink_to(Path(root) / "real.txt")
    (Path(root) / ".f2l-tmp.0123456789abcdef").write_bytes(b"abandoned")
    async with SFTPBackend(key_options(sshd, root, client_key)) as backend:
        assert await walk_paths(backend) == ["real.txt"]
        with pytest.raises(NotFound):
            await backend.stat("link.txt")


# -- connection ----------------------------------------------------------------------------


async def test_a_retry_after_a_reset_reconnects(password_server: tuple[SFTPServerInfo, AsyncsshServer]) -> None:
    info, server = password_server
    async with SFTPBackend(password_options(info, fresh_root(info))) as backend:
        await put(backend, "f.txt", b"before")
        await asyncio.to_thread(server.drop_connections)
        assert await with_retries(lambda: get(backend, "f.txt"), base_delay=0.05) == b"before"
        await put(backend, "g.txt", b"after")
        assert await walk_paths(backend) == ["f.txt", "g.txt"]


async def test_a_hung_server_times_out_and_a_retry_reconnects(
    password_server: tuple[SFTPServerInfo, AsyncsshServer],
) -> None:
    info, server = password_server
    async with SFTPBackend(password_options(info, fresh_root(info), io_timeout=0.5)) as backend:
        await put(backend, "f.txt", b"data")
        await asyncio.to_thread(server.stall_reads, True)
        try:
            with pytest.raises(ConnectionFailed, match="timed out") as error:
                await get(backend, "f.txt")
            assert error.value.retryable
        finally:
            await asyncio.to_thread(server.stall_reads, False)
        assert await get(backend, "f.txt") == b"data"  # on a new connection


async def test_an_abandoned_read_leaves_the_session_usable(password_info: SFTPServerInfo) -> None:
    async with SFTPBackend(password_options(password_info, fresh_root(password_info))) as backend:
        await put(backend, "big.bin", os.urandom(3 << 20))
        stream = cast(AsyncGenerator[bytes, None], backend.read("big.bin"))
        assert len(await anext(stream)) > 0
        await stream.aclose()  # outstanding read-ahead requests are withdrawn
        await put(backend, "after.txt", b"ok")
        assert await get(backend, "after.txt") == b"ok"


async def test_files_and_folders_do_not_replace_each_other(
    sshd: SFTPServerInfo, client_key: asyncssh.SSHKey
) -> None:
    async with SFTPBackend(key_options(sshd, fresh_root(sshd), client_key)) as backend:
        await put(backend, "d/f.txt", b"x")
        with pytest.raises(StorageError):
            await put(backend, "d", b"a file over a folder")
        await put(backend, "file.txt", b"y")
        with pytest.raises(AlreadyExists):
            await backend.mkdir("file.txt")
        with pytest.raises(AlreadyExists):
            await backend.mkdir("file.txt/sub")
        assert await walk_paths(backend) == ["d/f.txt", "file.txt"]
        assert [e.name async for e in backend.list_dir("d")] == ["f.txt"]  # no temp file left


async def test_servers_without_posix_rename_still_replace(
    password_info: SFTPServerInfo, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def unsupported(self: asyncssh.SFTPClient, old: str, new: str) -> None:
        raise asyncssh.SFTPOpUnsupported("POSIX rename not supported")

    monkeypatch.setattr(asyncssh.SFTPClient, "posix_rename", unsupported)
    async with SFTPBackend(password_options(password_info, fresh_root(password_info))) as backend:
        await put(backend, "f.txt", b"old")
        await put(backend, "f.txt", b"new")
        await put(backend, "g.txt", b"moved")
        await backend.rename("g.txt", "f.txt")
        assert await walk_paths(backend) == ["f.txt"]
        assert await get(backend, "f.txt") == b"moved"


async def test_close_is_idempotent(password_info: SFTPServerInfo) -> None:
    backend = SFTPBackend(password_options(password_info, fresh_root(password_info)))
    await backend.close()
    async with backend:
        await put(backend, "f.txt", b"x")
    await backend.close()
    with pytest.raises(ConnectionFailed):  # a closed port after closing: still our own error class
        await SFTPBackend(password_options(password_info, "/", port=free_port())).connect()


class _ShortReads:
    """A file handle stand-in whose server hands out at most 1000 bytes per read."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    async def read(self, size: int, offset: int) -> bytes:
        await asyncio.sleep(0)
        return self.data[offset : offset + min(size, 1000)]


@pytest.mark.parametrize(("offset", "length"), [(0, None), (10, 5000), (4090, None), (0, 0), (99_999, None)])
async def test_read_ahead_keeps_order_across_short_reads(offset: int, length: int | None) -> None:
    data = bytes(range(256)) * 40
    reader = _ReadAhead(_ShortReads(data), offset, length, block=4096, depth=4)  # type: ignore[arg-type]

    async def blocks() -> AsyncIterator[bytes]:
        while chunk := await reader.next():
            yield chunk

    end = None if length is None else offset + length
    assert await read_all(blocks()) == data[offset:end]
