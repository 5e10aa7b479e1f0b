"""SFTP backend: a folder on an SSH server, over one SSH connection and one SFTP session.

Transfers are pipelined (`max_requests` reads or writes of `block_size` bytes in flight per
file), so throughput is not bound by the round-trip time. Writes go to a hidden temp name in
the target folder, renamed over the target with posix-rename@openssh.com (an atomic replace)
once complete. Listings skip symbolic links and F2L's temp files, and leave out names that are not
UTF-8 (noted with `skip_name`, for the run to report). A dropped connection is
reopened on the next call, so a retry after a reset works.

Host keys are always checked. `strict` trusts only keys listed in known_hosts; `accept_new`
also trusts a host known_hosts has no entry for (trust on first use, pinned for the rest of
the backend's life), but never a key that differs from an entry. A host-key failure is raised
as `AuthenticationFailed`: the *server* failed to prove who it is, so it is the same kind of
fatal, non-retryable failure as a wrong password — retrying cannot help, and an automatic
retry of a possible interception would be wrong (`ConnectionFailed` is retryable).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import posixpath
from collections import deque
from collections.abc import AsyncGenerator, Awaitable, Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar, cast

import asyncssh
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationInfo, field_validator

from f2l.storage.api_options import ApiField
from f2l.storage.base import (
    CONTROL_CHARACTERS,
    NOT_UTF8_FILE,
    NOT_UTF8_FOLDER,
    TEMP_PREFIX,
    Backend,
    ByteSource,
    ByteStream,
    Capabilities,
    DirFilter,
    Entry,
    EntryStream,
    check_path,
    join_path,
    parent_path,
    temp_name,
    walk_tree,
)
from f2l.storage.errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NotFound,
    SourceChanged,
    StorageError,
)
from f2l.storage.sftp_errors import map_sftp_error

T = TypeVar("T")

_TEMP_PREFIX_BYTES = TEMP_PREFIX.encode()

logger = logging.getLogger(__name__)


class SFTPOptions(BaseModel):
    """Settings of an SFTP endpoint (`ApiField`: the options the API sets, under their field names)."""

    model_config = ConfigDict(extra="forbid")

    host: Annotated[str, ApiField("host", max_length=255)] = Field(
        description="Host name or IP address of the SSH server.", min_length=1
    )
    port: Annotated[int, ApiField("port")] = Field(22, ge=1, le=65535, description="TCP port of the SSH server.")
    username: Annotated[str, ApiField("username", max_length=255)] = Field(
        description="User name to log in as.", min_length=1
    )
    password: Annotated[SecretStr | None, ApiField("password", max_length=1024)] = Field(
        None, description="Password for password or keyboard-interactive login."
    )
    private_key: Annotated[SecretStr | None, ApiField("private_key", max_length=65536)] = Field(
        None, description="Private key text (PEM or OpenSSH) for key login."
    )
    private_key_passphrase: Annotated[SecretStr | None, ApiField("private_key_passphrase", max_length=1024)] = (
        Field(None, description="Passphrase of an encrypted private key.")
    )
    host_key_policy: Annotated[Literal["strict", "accept_new"], ApiField("host_key_policy")] = Field(
        "strict",
        description="`strict`: the server's host key must match a known_hosts entry. `accept_new`: "
        "also accept a host known_hosts has no entry for, never a key differing from one.",
    )
    known_hosts: Annotated[str | None, ApiField("known_hosts", max_length=65536)] = Field(
        None,
        description="Trusted host keys as known_hosts lines (empty: none); null "
        "reads ~/.ssh/known_hosts of the user running F2L.",
    )
    path: Annotated[str, ApiField("remote_path", max_length=4096)] = Field(
        "~",
        description="Root folder on the server: an absolute path, or `~` / `~/sub` (also `/~/sub`) "
        "for the login directory and below.",
        min_length=1,
    )
    connect_timeout: float = Field(10.0, gt=0, le=300, description="Seconds to connect, agree keys and log in.")
    io_timeout: float = Field(
        60.0,
        gt=0,
        le=3600,
        description="Seconds to wait for one SFTP reply before dropping the connection as dead.",
    )
    block_size: int = Field(
        256 * 1024,
        ge=4096,
        le=4 * 1024 * 1024,
        description="Bytes per read or write request (capped by the server).",
    )
    max_requests: int = Field(
        8,
        ge=1,
        le=128,
        description="Requests in flight per file (pipelining depth; "
        "8 x 256 KiB fills the SSH channel's 2 MiB window).",
    )

    @field_validator("path")
    @classmethod
    def _check_root(cls, value: str) -> str:
        if CONTROL_CHARACTERS.search(value):
            raise ValueError("must not contain control characters")
        if not value.startswith(("/", "~")) or (value.startswith("~") and value[1:2] not in ("", "/")):
            raise ValueError("must be absolute (start with /) or start with ~ for the login directory")
        if any(segment in (".", "..") for segment in value.split("/")):
            raise ValueError("must not contain '.' or '..' segments")
        return value.rstrip("/") or "/"

    @field_validator("known_hosts")
    @classmethod
    def _check_known_hosts(cls, value: str | None) -> str | None:
        if value is not None:
            asyncssh.import_known_hosts(value)  # its ValueError names the bad line
        return value

    @field_validator("known_hosts", "private_key", mode="before")
    @classmethod
    def _refuse_a_file_path(cls, value: object, info: ValidationInfo) -> object:
        """Both take the file's text (the CLI's options read the file); a bare path is said to be one."""
        text = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(text, str) and _looks_like_a_path(text):
            # The value is not echoed: private_key is a secret field.
            raise ValueError(
                f"{info.field_name} takes the file's contents, not its path: "
                "paste the file's text (e.g. the output of `cat` on it)"
            )
        return value


def _looks_like_a_path(text: str) -> bool:
    """One line starting with `/` or `~` that holds no key: no key file or known_hosts line starts so."""
    stripped = text.strip()
    return (
        stripped.startswith(("/", "~"))
        and "\n" not in stripped
        and "ssh-" not in stripped
        and "-----BEGIN" not in stripped
    )


class SFTPBackend(Backend):
    """A folder on an SFTP server."""

    type_name: ClassVar[str] = "sftp"

    def __init__(self, options: SFTPOptions) -> None:
        self.options = options
        self.capabilities = Capabilities(mtime_precision=1.0, set_mtime=True)  # SFTP v3: whole seconds
        self._conn: asyncssh.SSHClientConnection | None = None
        self._sftp: asyncssh.SFTPClient | None = None
        self._lock = asyncio.Lock()
        self._root = ""  # the absolute remote root, resolved at connect
        self._key: asyncssh.SSHKey | None = None
        self._pinned_host_key: asyncssh.SSHKey | None = None
        self._read_block = self._write_block = options.block_size

    @property
    def label(self) -> str:
        host = f"[{self.options.host}]" if ":" in self.options.host else self.options.host
        path = self.options.path if self.options.path.startswith("/") else f"/{self.options.path}"
        return f"sftp://{self.options.username}@{host}:{self.options.port}{path}"

    def __repr__(self) -> str:
        return f"SFTPBackend({self.label!r})"

    async def connect(self) -> None:
        with self._boundary(None):
            await self._client()

    async def close(self) -> None:
        conn, self._conn, self._sftp = self._conn, None, None
        if conn is not None:
            conn.close()
            try:
                async with asyncio.timeout(self.options.connect_timeout):
                    await conn.wait_closed()
            except TimeoutError:
                conn.abort()  # a dead link cannot say goodbye

    # -- listing -------------------------------------------------------------------

    def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        return walk_tree(self.list_dir, self._check(path), descend)

    async def list_dir(self, path: str = "") -> EntryStream:
        for entry in await self._scan(self._check(path)):
            yield entry

    async def _scan(self, path: str) -> list[Entry]:
        entries: list[Entry] = []
        with self._boundary(path):
            sftp = await self._client()
            names = cast(AsyncGenerator[asyncssh.SFTPName, None], sftp.scandir(self._remote(path).encode()))
            try:
                # A timeout per step, not for the whole folder: a huge one may take long.
                while (name := await self._io(anext(names, None))) is not None:
                    entry = self._entry_of(path, name)
                    if entry is not None:
                        entries.append(entry)
            finally:
                await self._quietly(names.aclose())  # closes the remote directory handle
        entries.sort(key=lambda e: e.sort_key)
        return entries

    def _entry_of(self, parent: str, name: asyncssh.SFTPName) -> Entry | None:
        raw = cast(bytes, name.filename)
        if raw in (b".", b".."):
            return None
        if raw.startswith(_TEMP_PREFIX_BYTES):
            with contextlib.suppress(UnicodeDecodeError):
                temp = _entry(join_path(parent, raw.decode()), name.attrs)
                if temp is not None and not temp.is_dir:
                    self.saw_temp_file(temp)
            return None  # our own in-flight or abandoned temp files are never data
        try:
            text = raw.decode()
        except UnicodeDecodeError:
            # Such a name has no place in a UTF-8 path or in the canonical order: left out, and
            # noted for the run to report (its listing is incomplete, so it deletes nothing).
            kind = _entry("", name.attrs)
            if kind is not None:  # links and special files are skipped silently, as always
                self.skip_name(
                    parent,
                    raw,
                    NOT_UTF8_FOLDER if kind.is_dir else NOT_UTF8_FILE,
                    size=kind.size,
                    mtime=kind.mtime,
                    is_dir=kind.is_dir,
                )
            return None
        return _entry(join_path(parent, text), name.attrs)

    async def stat(self, path: str) -> Entry:
        self._check(path)
        with self._boundary(path):
            sftp = await self._client()
            # The root may be reached through a link; below it, links are never followed.
            attrs = await self._io(sftp.stat(self._root) if path == "" else sftp.lstat(self._remote(path)))
        entry = _entry(path, attrs)
        if entry is None:
            raise NotFound(
                "is a symbolic link or special file, which F2L does not follow", endpoint=self.label, path=path
            )
        return entry

    # -- reading and writing --------------------------------------------------------

    async def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        self._check(path)
        with self._boundary(path):
            sftp = await self._client()
            handle = await self._io(sftp.open(self._remote(path), "rb", block_size=0))
            reader = _ReadAhead(handle, offset, length, self._read_block, self.options.max_requests)
            try:
                while chunk := await self._io(reader.next()):
                    yield chunk
            finally:
                await reader.cancel()
                await self._quietly(handle.close())

    async def read_checked(self, entry: Entry) -> ByteStream:
        """The whole file, as `read`; after its last byte, a stat must still show `entry`'s size and mtime.

        The stat (by path, `lstat`) goes out together with the handle's close, so it adds one
        request but no round trip. What it cannot see: SFTP v3 reports whole-second mtimes and
        no ctime, so a rewrite at the same size within the second of the listed mtime, or one
        whose writer sets the mtime back, passes (docs/sync.md). A rename over the file (a new
        inode at the path) is reported as a change, though the handle read the old one whole.
        """
        path = entry.path
        self._check(path)
        with self._boundary(path):
            sftp = await self._client()
            remote = self._remote(path)
            handle = await self._io(sftp.open(remote, "rb", block_size=0))
            reader = _ReadAhead(handle, 0, None, self._read_block, self.options.max_requests)
            try:
                while chunk := await self._io(reader.next()):
                    yield chunk
                closing = asyncio.ensure_future(handle.close())
                try:
                    now = _entry(path, await self._io(sftp.lstat(remote)))
                except asyncssh.SFTPNoSuchFile:
                    now = None
                finally:
                    await self._quietly(closing)
            finally:
                await reader.cancel()
                await self._quietly(handle.close())
        if now is None:
            raise SourceChanged(
                "the file was deleted or replaced while being read", endpoint=self.label, path=path
            )
        if (entry.size >= 0 and now.size != entry.size) or (entry.mtime is not None and now.mtime != entry.mtime):
            raise SourceChanged(
                f"the file changed while being read (now {now.size} bytes, mtime {now.mtime}; "
                f"listed {entry.size} bytes, mtime {entry.mtime}): a copy would mix two versions",
                endpoint=self.label,
                path=path,
            )

    async def write(
        self,
        path: str,
        data: ByteSource,
        *,
        size: int | None = None,
        mtime: float | None = None,
        content_type: str | None = None,
        metadata: Mapping[str, str] | None = None,
        md5: str | None = None,
    ) -> Entry:
        # SFTP keeps no content type, metadata or hashes: those arguments have nowhere to go.
        self._check(path)
        if path == "":
            raise InvalidPath("cannot write a file at the root itself", endpoint=self.label, path=path)
        target = self._remote(path)
        temp = posixpath.join(posixpath.dirname(target), temp_name())
        with self._boundary(path):
            sftp = await self._client()
            handle = await self._open_temp(sftp, path, temp)
            try:
                await self._upload(handle, data)
                await self._io(handle.close())
                if mtime is not None:
                    # Set after closing: some servers stamp the time when a written handle closes.
                    await self._io(sftp.utime(temp, (mtime, mtime)))
                await self._replace(sftp, temp, target)
            except BaseException:
                # Any failure, cancellation included, must leave the old file untouched.
                await self._quietly(handle.close())
                await self._quietly(sftp.remove(temp))
                raise
        return await self.stat(path)

    async def _open_temp(self, sftp: asyncssh.SFTPClient, path: str, temp: str) -> asyncssh.SFTPClientFile:
        # block_size=0: one request per read/write call, so the pipelining below is ours.
        try:
            return await self._io(sftp.open(temp, "xb", block_size=0))
        except asyncssh.SFTPNoSuchFile:
            pass  # the folder is missing: creating it only now saves a round trip per file
        await self._ensure_dir(sftp, parent_path(path))
        return await self._io(sftp.open(temp, "xb", block_size=0))

    async def _upload(self, handle: asyncssh.SFTPClientFile, data: ByteSource) -> int:
        """Write the stream at increasing offsets, `max_requests` writes in flight; return the size."""
        pending: deque[asyncio.Future[int]] = deque()
        buffer = bytearray()
        offset = 0
        try:
            async for chunk in data:
                buffer += chunk
                while len(buffer) >= self._write_block:
                    offset = await self._send(pending, handle, buffer, offset)
            if buffer:
                offset = await self._send(pending, handle, buffer, offset)
            while pending:
                await self._io(pending.popleft())
        finally:
            await _cancel_all(pending)
        return offset

    async def _send(
        self, pending: deque[asyncio.Future[int]], handle: asyncssh.SFTPClientFile, buffer: bytearray, offset: int
    ) -> int:
        """Queue a write of the buffer's first block, waiting for the oldest if the pipe is full."""
        with memoryview(buffer) as view:  # one copy, not two
            block = bytes(view[: self._write_block])
        del buffer[: self._write_block]
        if len(pending) >= self.options.max_requests:
            await self._io(pending.popleft())
        pending.append(asyncio.ensure_future(handle.write(block, offset)))
        return offset + len(block)

    async def _replace(self, sftp: asyncssh.SFTPClient, src: str, dst: str) -> None:
        """Rename `src` over `dst`, atomically where the server offers posix-rename."""
        try:
            await self._io(sftp.posix_rename(src, dst))
        except asyncssh.SFTPOpUnsupported:
            # Plain SFTP v3 rename refuses an existing target: remove it first, leaving a
            # short window without the file — the best such a server allows.
            with contextlib.suppress(asyncssh.SFTPNoSuchFile):
                await self._io(sftp.remove(dst))
            await self._io(sftp.rename(src, dst))

    # -- namespace operations ---------------------------------------------------------

    async def mkdir(self, path: str) -> None:
        self._check(path)
        with self._boundary(path):
            await self._ensure_dir(await self._client(), path)

    async def _ensure_dir(self, sftp: asyncssh.SFTPClient, path: str, parents: bool = True) -> None:
        """Create folder `path` and, if `parents`, its missing parents (the root exists)."""
        if path == "":
            return
        try:
            await self._io(sftp.mkdir(self._remote(path)))
        except asyncssh.SFTPNoSuchFile:
            if not parents:
                raise
            await self._ensure_dir(sftp, parent_path(path))
            await self._ensure_dir(sftp, path, parents=False)
        except (asyncssh.SFTPFailure, asyncssh.SFTPFileAlreadyExists) as error:
            # SFTP v3 reports an existing name as a bare failure; concurrent writes race here too.
            await self._expect_dir(sftp, path, error)

    async def _expect_dir(self, sftp: asyncssh.SFTPClient, path: str, error: Exception) -> None:
        try:
            attrs = await self._io(sftp.stat(self._remote(path)))
        except asyncssh.SFTPNoSuchFile:
            raise error from None  # nothing there: the mkdir failed for another reason
        if attrs.type != asyncssh.FILEXFER_TYPE_DIRECTORY:
            raise AlreadyExists(
                "a file exists where a directory was asked for", endpoint=self.label, path=path
            ) from error

    async def delete(self, path: str) -> None:
        self._check(path)
        with self._boundary(path):
            await self._io((await self._client()).remove(self._remote(path)))

    async def rmdir(self, path: str) -> None:
        if self._check(path) == "":
            raise InvalidPath("refusing to remove the endpoint root", endpoint=self.label, path=path)
        with self._boundary(path):
            await self._io((await self._client()).rmdir(self._remote(path)))

    async def rename(self, src: str, dst: str) -> None:
        for path in (self._check(src), self._check(dst)):
            if path == "":
                raise InvalidPath("cannot rename the endpoint root", endpoint=self.label, path=path)
        with self._boundary(src):
            sftp = await self._client()
            try:
                await self._replace(sftp, self._remote(src), self._remote(dst))
                return
            except asyncssh.SFTPNoSuchFile:
                pass  # the source or the target folder is missing: find out which
            await self._io(sftp.lstat(self._remote(src)))
            await self._ensure_dir(sftp, parent_path(dst))
            await self._replace(sftp, self._remote(src), self._remote(dst))

    # -- connection --------------------------------------------------------------------

    async def _client(self) -> asyncssh.SFTPClient:
        """The SFTP session, connecting first if there is none or the last one dropped."""
        if not self._alive():
            async with self._lock:  # concurrent callers share one new connection
                if not self._alive():
                    await self._open()
        if self._sftp is None:
            raise ConnectionFailed("the connection was closed", endpoint=self.label)
        return self._sftp

    def _alive(self) -> bool:
        return self._sftp is not None and self._conn is not None and not self._conn.is_closed()

    async def _open(self) -> None:
        await self.close()  # release what is left of a dropped connection
        guard = _HostKeyGuard(await self._known_hosts(), self.options.host_key_policy, self._pinned_host_key)
        key = await self._client_key()
        try:
            conn = await asyncssh.connect(**self._connect_args(guard, key))
        except asyncssh.HostKeyNotVerifiable as error:
            raise AuthenticationFailed(guard.explain(), endpoint=self.label) from error
        try:
            sftp = await self._io(conn.start_sftp_client())
            self._root = await self._resolve_root(sftp)
        except BaseException:
            conn.close()
            raise
        if self.options.host_key_policy == "accept_new":
            self._pinned_host_key = conn.get_server_host_key()
        self._conn, self._sftp = conn, sftp
        self._read_block = min(self.options.block_size, sftp.limits.max_read_len or self.options.block_size)
        self._write_block = min(self.options.block_size, sftp.limits.max_write_len or self.options.block_size)

    def _connect_args(self, guard: _HostKeyGuard, key: asyncssh.SSHKey | None) -> dict[str, Any]:
        options = self.options
        return {
            "host": options.host,
            "port": options.port,
            "username": options.username,
            "password": options.password.get_secret_value() if options.password else None,
            "client_keys": [key] if key is not None else None,  # None: never ~/.ssh/id_* keys
            "known_hosts": guard.known,
            "client_factory": lambda: guard,
            # An endpoint is fully described by its options: ignore the service user's
            # ~/.ssh/config, ssh-agent and Kerberos so the same endpoint behaves the same anywhere.
            "config": None,
            "agent_path": None,
            "gss_auth": False,
            "gss_kex": False,
            # AES-GCM first: with AES-NI it costs asyncssh far less per packet than
            # ChaCha20-Poly1305 (about 1.5x the read throughput); the defaults follow.
            "encryption_algs": "^aes128-gcm@openssh.com,aes256-gcm@openssh.com",
            "connect_timeout": options.connect_timeout,
            # Keepalives close a dead link even while a request is stuck where `_io` cannot
            # reach (asyncssh's own cleanup awaits), failing everything pending on it.
            "keepalive_interval": max(options.io_timeout / 3, 1.0),
            "keepalive_count_max": 3,
        }

    async def _known_hosts(self) -> asyncssh.SSHKnownHosts:
        text = self.options.known_hosts
        try:
            if text is None:
                text = await asyncio.to_thread(_read_user_known_hosts)
            return asyncssh.import_known_hosts(text)
        except (OSError, ValueError) as error:
            raise AuthenticationFailed(
                f"cannot check the host key: known_hosts is unusable ({error})", endpoint=self.label
            ) from error

    async def _client_key(self) -> asyncssh.SSHKey | None:
        if self.options.private_key is None or self._key is not None:
            return self._key
        secret = self.options.private_key.get_secret_value()
        passphrase = self.options.private_key_passphrase
        try:
            # Decrypting a key runs a deliberately slow KDF: keep it off the event loop.
            self._key = await asyncio.to_thread(
                asyncssh.import_private_key, secret, passphrase.get_secret_value() if passphrase else None
            )
        except (asyncssh.KeyImportError, asyncssh.KeyEncryptionError) as error:
            # asyncssh's reasons ("Incorrect passphrase", "requires bcrypt") never quote the secrets.
            raise AuthenticationFailed(f"the private key cannot be used ({error})", endpoint=self.label) from None
        return self._key

    async def _resolve_root(self, sftp: asyncssh.SFTPClient) -> str:
        """The absolute root folder; raise `NotFound` unless it is an existing directory."""
        root = self.options.path
        first, _, rest = root.lstrip("/").partition("/")
        if first == "~":  # `~`, `~/x`, `/~`, `/~/x`: SFTP sessions start in the login directory
            root = posixpath.join(await self._io(sftp.realpath(".")), rest)
        try:
            if self.create_root:
                await self._io(sftp.makedirs(root, exist_ok=True))
            attrs = await self._io(sftp.stat(root))
        except asyncssh.SFTPNoSuchFile:
            raise NotFound("the root folder does not exist", endpoint=self.label) from None
        if attrs.type != asyncssh.FILEXFER_TYPE_DIRECTORY:
            raise NotFound("the root is not a directory", endpoint=self.label)
        return root.rstrip("/") or "/"

    # -- helpers ---------------------------------------------------------------------

    def _check(self, path: str) -> str:
        """`check_path`, plus SFTP's own refusals: control characters and unencodable text."""
        check_path(path, self.label)
        if CONTROL_CHARACTERS.search(path):
            # Legal on most servers, but a newline or escape in a name corrupts logs and terminals.
            raise InvalidPath("name contains a control character", endpoint=self.label, path=_printable(path))
        try:
            path.encode()
        except UnicodeEncodeError:
            raise InvalidPath(
                "name is not valid Unicode",
                endpoint=self.label,
                path=path.encode(errors="backslashreplace").decode(),
            ) from None
        return path

    def _remote(self, path: str) -> str:
        if not path:
            return self._root
        return f"{self._root}/{path}" if self._root != "/" else f"/{path}"

    async def _io(self, awaitable: Awaitable[T]) -> T:
        """Await one SFTP request, giving up after `io_timeout` (raised as `TimeoutError`)."""
        async with asyncio.timeout(self.options.io_timeout):
            return await awaitable

    async def _quietly(self, awaitable: Awaitable[object]) -> None:
        """Best-effort cleanup: its failure must not hide the error that led to it."""
        with contextlib.suppress(asyncssh.Error, OSError):
            await self._io(awaitable)

    @contextlib.contextmanager
    def _boundary(self, path: str | None) -> Iterator[None]:
        """Translate asyncssh and socket errors raised inside into storage errors."""
        session = self._sftp
        try:
            yield
        except StorageError:
            raise
        except (asyncssh.Error, OSError) as error:
            translated = map_sftp_error(error, self.label, path)
            if isinstance(translated, ConnectionFailed) and session is not None and session is self._sftp:
                # Drop it so the next call reconnects — unless another caller already did.
                self._drop()
            raise translated from error

    def _drop(self) -> None:
        conn, self._conn, self._sftp = self._conn, None, None
        if conn is not None:
            conn.abort()  # no goodbye on a link we believe dead; pending requests fail at once


class _HostKeyGuard(asyncssh.SSHClient):
    """Decides on host keys that known_hosts does not vouch for.

    asyncssh trusts the keys listed for the host and asks here about any other. `strict`
    refuses them all. `accept_new` accepts one only if known_hosts has no entry at all for
    the host — a listed host showing another key is exactly what known_hosts exists to
    catch — and the key accepted first is pinned for later reconnects.
    """

    def __init__(self, known: asyncssh.SSHKnownHosts, policy: str, pinned: asyncssh.SSHKey | None) -> None:
        self.known = known
        self._policy = policy
        self._pinned = pinned
        self._listed = False

    def validate_host_public_key(self, host: str, addr: str, port: int, key: asyncssh.SSHKey) -> bool:
        port_or_none = None if port == 22 else port  # as asyncssh looks it up: port 22 is written bare
        trusted, ca_keys, revoked = asyncssh.match_known_hosts(self.known, host, addr, port_or_none)[:3]
        self._listed = bool(trusted or ca_keys or revoked)
        if self._policy != "accept_new" or self._listed:
            return False
        return self._pinned is None or key == self._pinned

    def explain(self) -> str:
        if self._listed:
            return (
                "host key verification failed: the server's host key does not match its known_hosts "
                "entry (the key was changed, or the connection is being intercepted)"
            )
        if self._pinned is not None:
            return (
                "host key verification failed: the server's host key changed since this endpoint "
                "first connected (accept_new pins the first key it sees)"
            )
        return (
            "host key verification failed: the server is not in known_hosts and host_key_policy is "
            "'strict'; add its key to known_hosts or use 'accept_new'"
        )


class _ReadAhead:
    """Keeps several block reads in flight and hands the blocks back in file order.

    The window starts at two requests and doubles with each full block up to `depth`, so a
    small file costs a couple of requests rather than `depth` reads past its end.
    """

    def __init__(
        self, handle: asyncssh.SFTPClientFile, offset: int, length: int | None, block: int, depth: int
    ) -> None:
        self._handle, self._block, self._depth = handle, block, depth
        self._next = offset
        self._end = None if length is None else offset + length
        self._window = min(2, depth)
        self._pending: deque[tuple[int, int, asyncio.Future[bytes]]] = deque()
        self._eof = False

    async def next(self) -> bytes:
        """The next block in order; b"" at the end of the file or of the range."""
        self._fill()
        if not self._pending:
            return b""
        start, size, request = self._pending.popleft()
        data = await request
        if len(data) == size:
            self._window = min(self._window * 2, self._depth)
        elif data:  # a short read mid-file: fetch the rest before anything queued after it
            self._pending.appendleft(self._request(start + len(data), size - len(data)))
        else:
            self._eof = True
            await self.cancel()
        return data

    def _fill(self) -> None:
        while not self._eof and len(self._pending) < self._window:
            if self._end is not None and self._next >= self._end:
                return
            size = self._block if self._end is None else min(self._block, self._end - self._next)
            self._pending.append(self._request(self._next, size))
            self._next += size

    def _request(self, start: int, size: int) -> tuple[int, int, asyncio.Future[bytes]]:
        return start, size, asyncio.ensure_future(_read_block(self._handle, size, start))

    async def cancel(self) -> None:
        """Withdraw every outstanding request (their replies are simply dropped)."""
        await _cancel_all(deque(request for _, _, request in self._pending))
        self._pending.clear()


async def _read_block(handle: asyncssh.SFTPClientFile, size: int, offset: int) -> bytes:
    return cast(bytes, await handle.read(size, offset))


async def _cancel_all(futures: deque[asyncio.Future[Any]]) -> None:
    for future in futures:
        future.cancel()
    # Collect the outcomes so no "exception was never retrieved" is logged for them.
    await asyncio.gather(*futures, return_exceptions=True)
    futures.clear()


def _entry(path: str, attrs: asyncssh.SFTPAttrs) -> Entry | None:
    """The entry for regular files and directories; None for links and special files."""
    mtime = None if attrs.mtime is None else attrs.mtime + (attrs.mtime_ns or 0) / 1e9
    if attrs.type == asyncssh.FILEXFER_TYPE_DIRECTORY:
        return Entry(path, 0, mtime, is_dir=True)
    if attrs.type == asyncssh.FILEXFER_TYPE_REGULAR:
        return Entry(path, -1 if attrs.size is None else attrs.size, mtime)
    return None


def _printable(path: str) -> str:
    """`path` with control characters escaped, safe for messages and logs."""
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", path)


def _read_user_known_hosts() -> str:
    path = Path("~", ".ssh", "known_hosts").expanduser()
    return path.read_text() if path.is_file() else ""  # no file: no trusted hosts
