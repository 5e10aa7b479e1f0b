"""FTP backend: the conformance suite on pyftpdlib (with MLSD, and LIST-only), plus FTP's own
promises: explicit FTPS, CR/LF never reaching the wire, secrets kept out of messages, a killed
connection leaving the old file in place, and the parsers of real servers' replies."""

from __future__ import annotations

import asyncio
import datetime
import hashlib
import itertools
import logging
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aioftp
import pydantic
import pytest

from f2l.storage.base import Backend, iterate_bytes, read_all
from f2l.storage.errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NoSpace,
    NotFound,
    PermissionDenied,
    SourceChanged,
    StorageError,
)
from f2l.storage.ftp import FTPBackend, FTPOptions
from f2l.storage.ftp_errors import map_ftp_error
from f2l.storage.ftp_listing import (
    format_timeval,
    parse_features,
    parse_list_line,
    parse_mlsd_line,
    parse_timeval,
)
from f2l.storage.retry import with_retries
from tests.storage.conformance import SECRET_MARKERS, BackendConformance, get, put, walk_paths
from tests.storage.servers.ftpd import (
    PASSWORD,
    USER,
    FTPServerHandle,
    free_port,
    ftpd_server,
    make_self_signed_cert,
)

_roots = itertools.count()


@pytest.fixture(scope="session")
def ftpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FTPServerHandle]:
    with ftpd_server(tmp_path_factory.mktemp("ftpd") / "home") as server:
        yield server


@pytest.fixture(scope="session")
def list_ftpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FTPServerHandle]:
    with ftpd_server(tmp_path_factory.mktemp("ftpd-list") / "home", "list_only") as server:
        yield server


@pytest.fixture(scope="session")
def tls_ftpd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FTPServerHandle]:
    base = tmp_path_factory.mktemp("ftpd-tls")
    with ftpd_server(base / "home", "tls", make_self_signed_cert(base)) as server:
        yield server


def fresh_root(server: FTPServerHandle) -> str:
    """A new empty folder in the FTP user's home; returns its login-relative path."""
    name = f"t{os.getpid()}-{next(_roots)}"
    (server.root / name).mkdir()
    return name


def ftp_options(server: FTPServerHandle, path: str, **overrides: Any) -> FTPOptions:
    settings: dict[str, Any] = {
        "host": server.host,
        "port": server.port,
        "username": USER,
        "password": PASSWORD,
        "path": path,
        "connect_timeout": 3,
        "io_timeout": 10,
    }
    settings.update(overrides)
    return FTPOptions(**settings)


class TestFTPConformance(BackendConformance):
    """pyftpdlib with its full command set: MLSD/MLST, MFMT, REST, EPSV."""

    @pytest.fixture
    def server(self, ftpd: FTPServerHandle) -> FTPServerHandle:
        return ftpd

    @pytest.fixture
    async def backend(self, server: FTPServerHandle) -> AsyncIterator[Backend]:
        async with FTPBackend(ftp_options(server, fresh_root(server))) as backend:
            yield backend

    @pytest.fixture
    async def wrong_auth_backend(self, server: FTPServerHandle) -> AsyncIterator[Backend]:
        backend = FTPBackend(ftp_options(server, "", password="wrong-secret"))
        yield backend
        await backend.close()

    @pytest.fixture
    async def closed_port_backend(self, server: FTPServerHandle) -> AsyncIterator[Backend]:
        backend = FTPBackend(ftp_options(server, "", port=free_port()))
        yield backend
        await backend.close()

    @pytest.fixture
    async def missing_root_backend(self, server: FTPServerHandle) -> AsyncIterator[Backend]:
        backend = FTPBackend(ftp_options(server, f"missing-{next(_roots)}"))
        yield backend
        await backend.close()

    @pytest.fixture
    def big_size(self) -> int:
        return 8 * 1024 * 1024 + 3  # several 1 MiB transfer chunks, not chunk-aligned

    @pytest.fixture
    def page_size(self) -> int:
        return 100  # FTP listings have no pages: one MLSD/LIST transfer carries a whole folder


class TestFTPListFallbackConformance(TestFTPConformance):
    """No MLSD/MLST and no overwriting RNTO: the LIST, MDTM and rename-aside fallbacks.

    The whole suite runs here: nothing in it depends on MLSD.
    """

    @pytest.fixture
    def server(self, list_ftpd: FTPServerHandle) -> FTPServerHandle:
        return list_ftpd


# -- connections and TLS -----------------------------------------------------------------


async def test_explicit_ftps_round_trip(tls_ftpd: FTPServerHandle) -> None:
    # The server requires TLS on the control and the data connections: success proves both.
    options = ftp_options(tls_ftpd, fresh_root(tls_ftpd), tls="explicit", verify_tls=False)
    async with FTPBackend(options) as backend:
        data = os.urandom(300_000)
        await put(backend, "secure/blob.bin", data, mtime=1_700_000_000)
        assert await get(backend, "secure/blob.bin") == data
        assert await read_all(backend.read("secure/blob.bin", offset=5, length=10)) == data[5:15]
        assert await walk_paths(backend) == ["secure/blob.bin"]
        assert (await backend.stat("secure/blob.bin")).mtime == 1_700_000_000
        assert backend.label.startswith(f"ftps://user@127.0.0.1:{tls_ftpd.port}/")


async def test_ftps_verification_refuses_a_self_signed_certificate(tls_ftpd: FTPServerHandle) -> None:
    backend = FTPBackend(ftp_options(tls_ftpd, "", tls="explicit"))  # verify_tls defaults to on
    result = await backend.test_connection()
    assert not result.ok
    assert "certificate" in result.message and "verify_tls" in result.message, result.message
    with pytest.raises(ConnectionFailed) as info:
        async with backend:
            pass
    assert not info.value.retryable  # an untrusted certificate stays untrusted


async def test_plain_login_to_a_tls_only_server_says_why(tls_ftpd: FTPServerHandle) -> None:
    with pytest.raises(AuthenticationFailed) as info:
        async with FTPBackend(ftp_options(tls_ftpd, "")):
            pass
    assert "TLS" in str(info.value)


async def test_tls_against_a_plain_server_fails_clearly(ftpd: FTPServerHandle) -> None:
    with pytest.raises(StorageError, match="explicit TLS"):
        async with FTPBackend(ftp_options(ftpd, "", tls="explicit", verify_tls=False)):
            pass


async def test_active_mode_round_trip(ftpd: FTPServerHandle) -> None:
    async with FTPBackend(ftp_options(ftpd, fresh_root(ftpd), passive=False)) as backend:
        data = os.urandom(200_000)
        await put(backend, "active/a.bin", data)
        assert await get(backend, "active/a.bin") == data
        assert await read_all(backend.read("active/a.bin", offset=1000, length=10)) == data[1000:1010]
        assert await walk_paths(backend) == ["active/a.bin"]


async def test_absolute_and_login_relative_roots_agree(ftpd: FTPServerHandle) -> None:
    root = fresh_root(ftpd)
    (ftpd.root / root / "f.txt").write_bytes(b"x")
    async with (
        FTPBackend(ftp_options(ftpd, root)) as relative,
        FTPBackend(ftp_options(ftpd, f"/{root}")) as absolute,
    ):
        assert await walk_paths(relative) == await walk_paths(absolute) == ["f.txt"]
        assert absolute.label.endswith(f"//{root}")  # curl's notation for a path from the server root


async def test_killed_connection_mid_transfer_keeps_the_old_file(ftpd: FTPServerHandle) -> None:
    root = fresh_root(ftpd)
    async with FTPBackend(ftp_options(ftpd, root)) as backend:
        await put(backend, "keep.bin", b"old content")

        async def cut_off_stream() -> AsyncIterator[bytes]:
            yield os.urandom(256 * 1024)
            await asyncio.sleep(0.2)
            assert ftpd.kill_connections() > 0  # every session of the server, pooled ones too
            for _ in range(64):
                yield os.urandom(256 * 1024)

        with pytest.raises(ConnectionFailed) as info:
            await backend.write("keep.bin", cut_off_stream(), size=None)
        assert info.value.retryable
        # Dead sessions were dropped, not reused: the very next operations work.
        assert await get(backend, "keep.bin") == b"old content"
        assert await walk_paths(backend) == ["keep.bin"]
    assert os.listdir(ftpd.root / root) == ["keep.bin"]  # and the temp file is gone


async def test_killed_download_fails_retryably_and_the_retry_works(ftpd: FTPServerHandle) -> None:
    async with FTPBackend(ftp_options(ftpd, fresh_root(ftpd))) as backend:
        data = os.urandom(8 << 20)
        await put(backend, "big.bin", data)
        received: list[bytes] = []

        async def slow_reader() -> None:
            async for chunk in backend.read("big.bin"):
                received.append(chunk)
                if sum(map(len, received)) >= 1 << 20:
                    ftpd.kill_connections()
                await asyncio.sleep(0.01)  # a slow consumer: the server cannot finish first

        with pytest.raises(ConnectionFailed) as info:
            await slow_reader()
        assert info.value.retryable and sum(map(len, received)) < len(data)
        assert await with_retries(lambda: get(backend, "big.bin")) == data


async def test_a_stream_that_does_not_match_its_md5_is_refused(ftpd: FTPServerHandle) -> None:
    root = fresh_root(ftpd)
    async with FTPBackend(ftp_options(ftpd, root)) as backend:
        await put(backend, "f.txt", b"old")
        with pytest.raises(SourceChanged):
            await backend.write("f.txt", iterate_bytes(b"new"), md5=hashlib.md5(b"other").hexdigest())
        await backend.write("f.txt", iterate_bytes(b"new"), md5=hashlib.md5(b"new").hexdigest())
        assert await get(backend, "f.txt") == b"new"
    assert os.listdir(ftpd.root / root) == ["f.txt"]


async def test_one_connection_walks_and_reads_without_deadlock(ftpd: FTPServerHandle) -> None:
    async with FTPBackend(ftp_options(ftpd, fresh_root(ftpd), connections=1)) as backend:
        for path in ("a/1.txt", "a/b/2.txt", "c/3.txt"):
            await put(backend, path, path.encode())

        async def walk_and_read() -> list[bytes]:
            return [await get(backend, entry.path) async for entry in backend.walk()]

        assert await asyncio.wait_for(walk_and_read(), 20) == [b"a/1.txt", b"a/b/2.txt", b"c/3.txt"]


async def test_range_reads_keep_their_session(ftpd: FTPServerHandle) -> None:
    async with FTPBackend(ftp_options(ftpd, fresh_root(ftpd))) as backend:
        data = os.urandom(3 << 20)
        await put(backend, "big.bin", data)
        logins = len(ftpd.logins)
        for start in range(0, 3 << 20, 300_000):
            assert await read_all(backend.read("big.bin", offset=start, length=100)) == data[start : start + 100]
        await backend.stat("big.bin")
        assert len(ftpd.logins) == logins  # stopping a download early did not cost the session


async def test_reading_past_the_end_gives_nothing(ftpd: FTPServerHandle) -> None:
    async with FTPBackend(ftp_options(ftpd, fresh_root(ftpd))) as backend:
        await put(backend, "short.txt", b"12345")
        assert await read_all(backend.read("short.txt", offset=5)) == b""
        assert await read_all(backend.read("short.txt", offset=50)) == b""
        assert await read_all(backend.read("short.txt", offset=1, length=0)) == b""


@pytest.mark.parametrize("server_name", ["ftpd", "list_ftpd"])
async def test_walk_of_a_missing_folder_is_not_found(server_name: str, request: pytest.FixtureRequest) -> None:
    server: FTPServerHandle = request.getfixturevalue(server_name)
    async with FTPBackend(ftp_options(server, fresh_root(server))) as backend:
        with pytest.raises(NotFound):
            await walk_paths(backend, "nope")
        await put(backend, "file.txt", b"x")
        with pytest.raises(AlreadyExists):
            await backend.mkdir("file.txt/sub")


# -- names and paths --------------------------------------------------------------------------

BAD_NAMES = ["evil\r\nDELE victim.txt", "line\nbreak.txt", "dir/ret\rurn", "tab\there", "del\x7f", "nul\x00"]


async def test_control_characters_never_reach_the_server(ftpd: FTPServerHandle) -> None:
    root = fresh_root(ftpd)
    (ftpd.root / root / "victim.txt").write_bytes(b"keep me")
    async with FTPBackend(ftp_options(ftpd, root)) as backend:
        sent_before = len(ftpd.commands)
        for bad in BAD_NAMES:
            for attempt in _every_operation(backend, bad):
                with pytest.raises(InvalidPath) as info:
                    await attempt
                assert "\r" not in str(info.value) and "\n" not in str(info.value)  # safe to log
        assert len(ftpd.commands) == sent_before  # refused before anything was sent
        assert await get(backend, "victim.txt") == b"keep me"
    assert os.listdir(ftpd.root / root) == ["victim.txt"]
    assert not any("victim" in line or "evil" in line for line in ftpd.commands[:sent_before])


def _every_operation(backend: FTPBackend, bad: str) -> list[Any]:
    return [
        put(backend, bad, b"x"),
        backend.stat(bad),
        backend.delete(bad),
        backend.mkdir(bad),
        backend.rmdir(bad),
        backend.rename(bad, "ok.txt"),
        backend.rename("victim.txt", bad),
        get(backend, bad),
        walk_paths(backend, bad),
        _list(backend, bad),
    ]


async def _list(backend: Backend, path: str) -> list[str]:
    return [entry.path async for entry in backend.list_dir(path)]


@pytest.mark.parametrize("server_name", ["ftpd", "list_ftpd"])
async def test_temp_and_non_utf8_names_are_skipped(
    server_name: str, request: pytest.FixtureRequest, caplog: pytest.LogCaptureFixture
) -> None:
    server: FTPServerHandle = request.getfixturevalue(server_name)
    root = fresh_root(server)
    folder = server.root / root
    (folder / ".f2l-tmp.0123456789abcdef").write_bytes(b"abandoned")
    os.mkdir(os.fsencode(folder) + b"/caf\xe9-latin1")  # a name no UTF-8 path can address
    (folder / "ok.txt").write_bytes(b"x")
    with caplog.at_level(logging.WARNING, logger="f2l.storage.ftp"):
        async with FTPBackend(ftp_options(server, root)) as backend:
            assert await walk_paths(backend) == ["ok.txt"]
    assert "not UTF-8" in caplog.text


async def test_symlinks_are_skipped_where_the_server_shows_them(list_ftpd: FTPServerHandle) -> None:
    # LIST marks links with "l"; pyftpdlib's MLSD follows them, so only LIST can show this.
    root = fresh_root(list_ftpd)
    (list_ftpd.root / root / "real.txt").write_bytes(b"x")
    (list_ftpd.root / root / "link.txt").symlink_to(list_ftpd.root / root / "real.txt")
    async with FTPBackend(ftp_options(list_ftpd, root)) as backend:
        assert await walk_paths(backend) == ["real.txt"]
        with pytest.raises(NotFound):
            await backend.stat("link.txt")


async def test_replacing_on_a_server_that_will_not_overwrite_leaves_no_trace(list_ftpd: FTPServerHandle) -> None:
    root = fresh_root(list_ftpd)
    async with FTPBackend(ftp_options(list_ftpd, root)) as backend:
        for version in (b"one", b"two", b"three"):
            await put(backend, "f.txt", version)
        assert await get(backend, "f.txt") == b"three"
    assert os.listdir(list_ftpd.root / root) == ["f.txt"]


async def test_capabilities_follow_the_servers_features(ftpd: FTPServerHandle) -> None:
    backend = FTPBackend(ftp_options(ftpd, fresh_root(ftpd)))
    assert not backend.capabilities.set_mtime  # nothing known before the first session
    async with backend:
        assert backend.capabilities.set_mtime and backend.capabilities.mtime_precision == 1.0


# -- secrets --------------------------------------------------------------------------------


def test_options_never_show_the_password(ftpd: FTPServerHandle) -> None:
    options = ftp_options(ftpd, "x")
    backend = FTPBackend(options)
    for text in (repr(options), str(options), options.model_dump_json(), backend.label, repr(backend)):
        assert not any(marker in text for marker in SECRET_MARKERS), text
    with pytest.raises(pydantic.ValidationError) as info:
        FTPOptions(host="127.0.0.1", password="secret-pass\r\nDELE x")
    assert "secret-pass" not in str(info.value) and "password" in str(info.value)
    with pytest.raises(pydantic.ValidationError):
        FTPOptions(host="127.0.0.1", username="user\r\nDELE x")
    with pytest.raises(pydantic.ValidationError, match="active mode"):
        FTPOptions(host="127.0.0.1", passive=False, tls="explicit")


def test_server_replies_quoted_in_errors_never_show_the_password() -> None:
    echo = aioftp.StatusCodeError(aioftp.Code("2xx"), aioftp.Code("550"), [" secret-pass: permission denied"])
    error = map_ftp_error(echo, "ftp://user@h:21/", "p", secret=PASSWORD)
    assert isinstance(error, PermissionDenied)
    assert PASSWORD not in str(error)


# -- reply parsing and error mapping --------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "text", "expected", "retryable"),
    [
        ("550", "No such file or directory.", NotFound, False),
        ("550", "Failed to open file.", NotFound, False),  # vsftpd says nothing more
        ("550", "Not enough privileges.", PermissionDenied, False),
        ("553", "Could not create file.", PermissionDenied, False),
        ("552", "Exceeded storage allocation.", NoSpace, False),
        ("452", "Insufficient storage space.", NoSpace, False),
        ("530", "Login incorrect.", AuthenticationFailed, False),
        ("421", "Timeout.", ConnectionFailed, True),
        ("426", "Connection closed; transfer aborted.", ConnectionFailed, True),
        ("450", "File busy.", StorageError, True),
        ("502", "Command not implemented.", StorageError, False),
    ],
)
def test_reply_codes_map_to_storage_errors(
    code: str, text: str, expected: type[StorageError], retryable: bool
) -> None:
    reply = aioftp.StatusCodeError(aioftp.Code("2xx"), aioftp.Code(code), [f" {text}"])
    error = map_ftp_error(reply, "ftp://user@h:21/", "a/b.txt")
    assert type(error) is expected and error.retryable is retryable
    assert "ftp://user@h:21/" in str(error) and "a/b.txt" in str(error) and code in str(error)


@pytest.mark.parametrize(
    "error",
    [
        ConnectionResetError(),
        TimeoutError(),
        ConnectionRefusedError(),
        BrokenPipeError(),
        asyncio.IncompleteReadError(b"", 10),
    ],
)
def test_network_failures_are_retryable_connection_errors(error: Exception) -> None:
    mapped = map_ftp_error(error, "ftp://user@h:21/", None)
    assert isinstance(mapped, ConnectionFailed) and mapped.retryable


NOW = datetime.datetime(2024, 3, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("line", "name", "kind", "size", "when"),
    [
        (
            b"-rw-r--r--   1 owner    group        1234 Mar 10 08:30 report.txt",
            b"report.txt",
            "file",
            1234,
            datetime.datetime(2024, 3, 10, 8, 30),
        ),
        (
            b"drwxr-xr-x   2 1000     1000         4096 Sep 13  2020 photos",
            b"photos",
            "dir",
            0,
            datetime.datetime(2020, 9, 13),
        ),
        (
            b"-rw-r--r--   1 ftp      ftp            10 Dec 31 23:59  two leading spaces",
            b" two leading spaces",
            "file",
            10,
            datetime.datetime(2023, 12, 31, 23, 59),
        ),
        (
            b"lrwxrwxrwx   1 owner    group          11 Mar 01 10:00 link -> target",
            b"link -> target",
            "link",
            0,
            datetime.datetime(2024, 3, 1, 10, 0),
        ),
        (
            b"-rw-r--r-- 1 owner 77 Mar 01 10:00 no-group.txt",
            b"no-group.txt",
            "file",
            77,
            datetime.datetime(2024, 3, 1, 10, 0),
        ),
        (
            b"09-13-20  12:26PM       <DIR>          Windows Folder",
            b"Windows Folder",
            "dir",
            0,
            datetime.datetime(2020, 9, 13, 12, 26),
        ),
        (
            b"09-13-20  01:05AM                 1024 win file.txt",
            b"win file.txt",
            "file",
            1024,
            datetime.datetime(2020, 9, 13, 1, 5),
        ),
    ],
)
def test_list_lines_of_real_servers(
    line: bytes, name: bytes, kind: str, size: int, when: datetime.datetime
) -> None:
    listed = parse_list_line(line, NOW)
    assert listed is not None
    assert (listed.name, listed.kind, listed.size) == (name, kind, size)
    assert listed.mtime == when.replace(tzinfo=datetime.UTC).timestamp()


def test_list_noise_is_not_an_entry() -> None:
    assert parse_list_line(b"total 12", NOW) is None
    assert parse_list_line(b"drwxr-xr-x 2 o g 4096 Mar 01 10:00 .", NOW) is None


def test_mlsd_lines() -> None:
    listed = parse_mlsd_line(b"modify=20200913122640.5;perm=r;size=42;type=file; name with trailing space ")
    assert listed is not None
    assert (listed.name, listed.kind, listed.size, listed.mtime) == (
        b"name with trailing space ",
        "file",
        42,
        1_600_000_000.5,
    )
    link = parse_mlsd_line(b"type=OS.unix=slink:/etc/passwd;size=11; evil-link")
    assert link is not None and link.kind == "link"
    assert parse_mlsd_line(b"type=cdir;modify=20200913122640; .") is None
    assert parse_mlsd_line(b"no-facts-line") is None


def test_timevals_and_features() -> None:
    assert parse_timeval("20200913122640") == 1_600_000_000
    assert parse_timeval("2020091312264") is None and parse_timeval("20201313122640") is None
    assert format_timeval(1_600_000_000.99) == "20200913122640"  # truncated, as servers show it
    features = parse_features(["-Features:", " MDTM", " MLST type*;size*;", " UTF8", " End FEAT."])
    assert features == {"MDTM", "MLST", "UTF8"}
    assert parse_features([" no features"]) == frozenset()
