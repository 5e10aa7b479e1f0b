"""FTP and explicit-FTPS backend (aioftp): a folder on an FTP server.

Sessions: a control connection carries one command or transfer at a time, so a small pool
(`connections`) of logged-in sessions is lent to one operation each; see `ftp_session`.
Listings: MLSD where FEAT announces MLST, else LIST (Unix or MS-DOS format) with one MDTM
per file for exact times. A folder is read whole and its session freed before the first
entry is yielded, so a walk holds no connection while its consumer works. Temp files,
`.`/`..` and symbolic links (where the server shows them) are skipped.

Names travel as UTF-8 (`OPTS UTF8 ON` where announced). A listed name that is not UTF-8
or holds a control character cannot be addressed by an F2L path, so it is left out (and
noted with `skip_name`, for the run to report and delete nothing) rather than decoded with
a guessed legacy charset, which could make two names collide or write other bytes back.
Control characters in paths (CR/LF would inject commands) are refused with `InvalidPath`
before anything is sent.

Writes: STOR to `.f2l-tmp.<random>` beside the target (folders made on demand), a size
check, MFMT, then RNFR/RNTO over the target; a server that will not rename over a file
gets the old one moved aside first and deleted only once the new one is in place. Any
failure or cancellation removes the temp file, on a fresh session if the old one broke.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import logging
import posixpath
import re
import ssl
from collections.abc import Mapping
from typing import Annotated, ClassVar, Literal

import aioftp
from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

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
    InvalidPath,
    NotFound,
    SourceChanged,
    StorageError,
)
from f2l.storage.ftp_errors import ErrorTranslator, reply_code, reply_text
from f2l.storage.ftp_listing import (
    Listed,
    format_timeval,
    listed_from_facts,
    parse_facts,
    parse_list_line,
    parse_mlsd_line,
    parse_timeval,
    split_lines,
)
from f2l.storage.ftp_session import (
    CHUNK_SIZE,
    DataStream,
    FTPClient,
    SessionPool,
    download_all,
    drop,
    end_download,
    hang_up,
    open_data,
    optional,
    read_features,
    rename,
    send,
    skip,
    tls_context,
)

logger = logging.getLogger(__name__)


_LINE_BREAK = re.compile(r"[\x00\r\n]")


class FTPOptions(BaseModel):
    """Settings of an FTP or explicit-FTPS endpoint (`ApiField`: the options the API sets)."""

    # Validation errors must never echo the input: it may be the password.
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)

    host: Annotated[str, ApiField("host", max_length=255)] = Field(
        description="Server host name or IP address.", min_length=1
    )
    port: Annotated[int, ApiField("port")] = Field(
        21, ge=1, le=65535, description="Control connection port (21 for FTP and explicit FTPS)."
    )
    username: Annotated[str, ApiField("username", max_length=255)] = Field(
        "anonymous", min_length=1, description="Login user name."
    )
    password: Annotated[SecretStr | None, ApiField("password", max_length=1024)] = Field(
        None,
        description="Login password (write-only; never shown in messages or logs). Empty for anonymous login.",
    )
    passive: Annotated[bool, ApiField("ftp_passive")] = Field(
        True,
        description="Passive mode: F2L opens the data connections, which works through NAT and "
        "firewalls. False selects active mode (the server connects back to F2L); "
        "plain FTP only.",
    )
    # The API's `ftp_tls` is a boolean: true for explicit FTPS.
    tls: Annotated[Literal["none", "explicit"], ApiField("ftp_tls", boolean=("none", "explicit"))] = Field(
        "none",
        description="Explicit FTPS ('explicit'; true in the API): AUTH TLS upgrades the control and data "
        "connections before login. 'none' (false) sends everything, the password included, "
        "in clear text.",
    )
    verify_tls: Annotated[bool, ApiField("ftp_verify_tls")] = Field(
        True,
        description="Check the server's TLS certificate and host name against the system's trusted CAs. "
        "Turn off only for a server you trust that uses a self-signed certificate.",
    )
    path: Annotated[str, ApiField("remote_path", max_length=4096)] = Field(
        "",
        description="Root folder of the endpoint: relative to the login directory, or absolute if it "
        "starts with '/'. Empty means the login directory.",
    )
    connect_timeout: float = Field(
        10.0, gt=0, description="Seconds to wait for a control or data connection to open."
    )
    io_timeout: float = Field(
        60.0, gt=0, description="Seconds to wait for a reply or for data before giving up on a stalled connection."
    )
    connections: int = Field(
        4, ge=1, le=32, description="Most control connections open at once; each carries one transfer at a time."
    )

    @field_validator("host", "username", "path")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        if CONTROL_CHARACTERS.search(value):
            raise ValueError("must not contain control characters (CR/LF would inject FTP commands)")
        return value

    @field_validator("password")
    @classmethod
    def _no_line_breaks(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and _LINE_BREAK.search(value.get_secret_value()):
            raise ValueError("must not contain CR, LF or NUL (they would inject FTP commands)")
        return value

    @model_validator(mode="after")
    def _active_mode_is_plain(self) -> FTPOptions:
        if not self.passive and self.tls != "none":
            raise ValueError("active mode (passive=false) is supported only with tls='none'")
        return self


class FTPBackend(Backend):
    """A folder on an FTP or explicit-FTPS server."""

    type_name: ClassVar[str] = "ftp"

    def __init__(self, options: FTPOptions) -> None:
        self.options = options
        # Conservative until the first session has read the server's FEAT reply.
        self.capabilities = Capabilities(mtime_precision=1.0, set_mtime=False)
        self._features: frozenset[str] | None = None
        self._root: str | None = None
        self._list_all = True  # "LIST -a" until a server takes "-a" for a file name
        self._tls = tls_context(options.verify_tls) if options.tls == "explicit" else None
        self._password = options.password.get_secret_value() if options.password else ""
        self._pool = SessionPool(self._open_client, options.connections)

    @property
    def label(self) -> str:
        scheme = "ftps" if self.options.tls == "explicit" else "ftp"  # as in endpoint URLs
        host = f"[{self.options.host}]" if ":" in self.options.host else self.options.host
        # An absolute root shows as "//srv/x": curl's notation for a path from the server root.
        return f"{scheme}://{self.options.username}@{host}:{self.options.port}/{self.options.path}"

    async def connect(self) -> None:
        # On failure `Backend.__aenter__` and `test_connection` call `close()`.
        with self._errors(None):
            async with self._pool.borrow() as client:
                await self._enter_root(client)

    async def close(self) -> None:
        await self._pool.close()

    async def _enter_root(self, client: FTPClient) -> None:
        if self.create_root:
            await self._make_root(client)
        try:
            await client.command(f"CWD {self._abs('')}", "2xx")
        except aioftp.StatusCodeError as error:
            if reply_code(error).startswith("55"):
                raise NotFound(
                    f"root folder {self._abs('')!r} does not exist or is not a directory", endpoint=self.label
                ) from None
            raise

    # -- listing -------------------------------------------------------------------

    def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        return walk_tree(self.list_dir, self._check(path), descend)

    async def list_dir(self, path: str = "") -> EntryStream:
        self._check(path)
        with self._errors(path):
            async with self._pool.borrow() as client:
                entries = await self._list(client, path)
        for entry in entries:
            yield entry

    async def _list(self, client: FTPClient, path: str, *, exact_times: bool = True) -> list[Entry]:
        """The usable children of directory `path`, in canonical order."""
        listed = await (self._mlsd(client, path) if self._has("MLST") else self._list_lines(client, path))
        entries = [entry for item in listed if (entry := self._entry_of(path, item)) is not None]
        if exact_times and not self._has("MLST") and self._has("MDTM"):
            # LIST shows minutes, or only the day for older files: ask for exact times.
            entries = [await self._with_mdtm(client, entry) for entry in entries]
        entries.sort(key=lambda entry: entry.sort_key)
        return entries

    async def _mlsd(self, client: FTPClient, path: str) -> list[Listed | None]:
        try:
            data = await self._download_all(client, f"MLSD {self._abs(path)}")
        except aioftp.StatusCodeError as error:
            if reply_code(error) == "501":  # RFC 3659's answer when the path is not a directory
                raise NotFound("no such directory", endpoint=self.label, path=path) from None
            raise
        return [parse_mlsd_line(line) for line in split_lines(data)]

    async def _list_lines(self, client: FTPClient, path: str) -> list[Listed | None]:
        # CWD then a bare LIST: some servers glob LIST's argument or read it as ls options.
        await client.command(f"CWD {self._abs(path)}", "2xx")
        command = "LIST -a" if self._list_all else "LIST"  # -a: vsftpd hides dot files without it
        try:
            data = await self._download_all(client, command)
        except aioftp.StatusCodeError as error:
            if command == "LIST" or not reply_code(error).startswith("5"):
                raise
            self._list_all = False
            data = await self._download_all(client, "LIST")
        now = datetime.datetime.now(datetime.UTC)
        return [parse_list_line(line, now) for line in split_lines(data)]

    async def _download_all(self, client: FTPClient, command: str) -> bytes:
        return await download_all(client, await self._open_data(client, command))

    def _entry_of(self, parent: str, item: Listed | None) -> Entry | None:
        if item is None or item.kind not in ("file", "dir"):
            return None  # ".", "..", symbolic links, devices: not followed, not synced
        if item.kind == "file" and item.name.startswith(TEMP_PREFIX.encode()):
            with contextlib.suppress(UnicodeDecodeError):
                self.saw_temp_file(Entry(join_path(parent, item.name.decode()), item.size, item.mtime))
        name = self._usable_name(parent, item)
        if name is None:
            return None
        return Entry(join_path(parent, name), item.size, item.mtime, is_dir=item.kind == "dir")

    def _usable_name(self, parent: str, item: Listed) -> str | None:
        """The item's name as text, or None: left out, and noted for the run to report when it is
        data no F2L path can address (its listing is then incomplete, so the run deletes nothing)."""
        is_dir = item.kind == "dir"
        try:
            name = item.name.decode("utf-8")
        except UnicodeDecodeError:
            self.skip_name(
                parent,
                item.name,
                NOT_UTF8_FOLDER if is_dir else NOT_UTF8_FILE,
                size=item.size,
                mtime=item.mtime,
                is_dir=is_dir,
            )
            return None
        if name.startswith(TEMP_PREFIX) or name in (".", ".."):
            return None  # our own in-flight or abandoned temp files are never data
        if "/" in name or CONTROL_CHARACTERS.search(name):
            self.skip_name(
                parent,
                item.name,
                "the name holds a control character or a slash, which F2L never "
                "sends in an FTP command: skipped (rename it to sync it)",
                size=item.size,
                mtime=item.mtime,
                is_dir=is_dir,
            )
            return None
        return name

    async def stat(self, path: str) -> Entry:
        self._check(path)
        with self._errors(path):
            async with self._pool.borrow() as client:
                return await self._stat(client, path)

    async def _stat(self, client: FTPClient, path: str) -> Entry:
        """The entry at `path`; NotFound (or the server's 550) when there is none."""
        if self._has("MLST"):
            item = await self._mlst(client, path)
            if item.kind in ("file", "dir"):
                return Entry(path, item.size, item.mtime, is_dir=item.kind == "dir")
        elif path == "":
            await self._enter_root(client)
            return Entry(path, 0, None, is_dir=True)
        elif (found := await self._find(client, path)) is not None:
            return await self._with_mdtm(client, found)
        raise NotFound(
            "no such file or directory (symbolic links are not followed)", endpoint=self.label, path=path
        )

    async def _mlst(self, client: FTPClient, path: str) -> Listed:
        _, info = await client.command(f"MLST {self._abs(path)}", "2xx")
        for line in info[1:]:  # the fact line follows the "250-Listing" line
            facts, _, _ = line.strip().partition(" ")
            if "=" in facts:
                return listed_from_facts(b"", parse_facts(facts), single=True) or Listed(b"", "other", 0, None)
        return Listed(b"", "other", 0, None)

    async def _find(self, client: FTPClient, path: str) -> Entry | None:
        """Stat without MLST: list the parent and pick the name out."""
        try:
            siblings = await self._list(client, parent_path(path), exact_times=False)
        except aioftp.StatusCodeError as error:
            if reply_code(error).startswith("55"):
                return None  # the parent folder is missing
            raise
        return next((entry for entry in siblings if entry.path == path), None)

    async def _with_mdtm(self, client: FTPClient, entry: Entry) -> Entry:
        mtime = None if entry.is_dir else await self._mdtm(client, entry.path)
        return entry if mtime is None else dataclasses.replace(entry, mtime=mtime)

    async def _mdtm(self, client: FTPClient, path: str) -> float | None:
        if not self._has("MDTM"):
            return None
        try:
            _, info = await client.command(f"MDTM {self._abs(path)}", "213")
        except aioftp.StatusCodeError:
            return None  # vanished meanwhile, or no time kept: keep what the listing said
        return parse_timeval(info[-1])

    async def _kind(self, client: FTPClient, path: str) -> str | None:
        """'file', 'dir' or None when nothing (or only a symbolic link) is there."""
        try:
            entry = await self._stat(client, path)
        except NotFound:
            return None
        except aioftp.StatusCodeError as error:
            if reply_code(error) == "550":
                return None
            raise
        return "dir" if entry.is_dir else "file"

    # -- reading and writing --------------------------------------------------------

    def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        return self._download(path, offset, length, None)

    def read_checked(self, entry: Entry) -> ByteStream:
        """The whole file, as `read`; after its last byte, the server must still report `entry`'s
        size and mtime (MLST: one command; else SIZE and MDTM: two), or `SourceChanged` ends the
        stream. FTP times are whole seconds and there is no ctime: a same-size rewrite within the
        listed mtime's second, or one whose writer sets the mtime back, passes (docs/sync.md)."""
        return self._download(entry.path, 0, None, entry)

    async def _download(self, path: str, offset: int, length: int | None, expected: Entry | None) -> ByteStream:
        self._check(path)
        if length == 0:
            return
        with self._errors(path):
            async with self._pool.borrow() as client:
                # Without REST the server sends from byte 0 and the head is skipped here.
                offset_skip = 0 if self._has("REST") else offset
                stream = await self._open_download(client, path, offset - offset_skip)
                if stream is None:
                    return
                remaining = length
                try:
                    await skip(stream, offset_skip)
                    while remaining is None or remaining > 0:
                        chunk = await stream.read(CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining))
                        if not chunk:
                            break
                        if remaining is not None:
                            remaining -= len(chunk)
                        yield chunk
                except BaseException:
                    hang_up(stream.writer.transport)  # failed or abandoned: the pool drops the session
                    raise
                await end_download(client, stream, at_eof=remaining != 0)
                if expected is not None:
                    await self._check_unchanged(client, expected)

    async def _check_unchanged(self, client: FTPClient, expected: Entry) -> None:
        """Raise `SourceChanged` unless the file still has `expected`'s size and mtime (where the server tells)."""
        try:
            now = await self._file_facts(client, expected.path)
        except aioftp.StatusCodeError as error:
            if not reply_code(error).startswith("55"):
                raise
            raise SourceChanged(
                "the file was deleted or replaced while being read", endpoint=self.label, path=expected.path
            ) from None
        if (expected.size >= 0 and now.size >= 0 and now.size != expected.size) or (
            expected.mtime is not None and now.mtime is not None and now.mtime != expected.mtime
        ):
            raise SourceChanged(
                f"the file changed while being read (now {now.size} bytes, mtime {now.mtime}; "
                f"listed {expected.size} bytes, mtime {expected.mtime}): a copy would mix two "
                "versions",
                endpoint=self.label,
                path=expected.path,
            )

    async def _open_download(self, client: FTPClient, path: str, offset: int) -> DataStream | None:
        try:
            return await self._open_data(client, f"RETR {self._abs(path)}", offset)
        except aioftp.StatusCodeError as error:
            if offset and reply_code(error) == "554":
                return None  # REST beyond the end: nothing to read, as with a local file
            raise

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
        self._check(path)
        if path == "":
            raise InvalidPath("cannot write a file at the root itself", endpoint=self.label, path=path)
        temp = join_path(parent_path(path), temp_name())
        started = False
        try:
            with self._errors(path):
                async with self._pool.borrow() as client:
                    started = True
                    digest = hashlib.md5(usedforsecurity=False) if md5 else None
                    written = await self._upload(client, temp, data, digest)
                    self._check_source(path, written, size, digest, md5)
                    return await self._commit(client, temp, path, written, mtime)
        except BaseException:
            # Any failure, cancellation included, leaves the old file and no temp file behind.
            if started:
                await self._discard(temp)
            raise

    def _check_source(
        self, path: str, written: int, size: int | None, digest: hashlib._Hash | None, md5: str | None
    ) -> None:
        """The stream must be what the caller announced, or the copy would be a mixed version."""
        if size is not None and written != size:
            raise SourceChanged(
                f"the source gave {written} bytes where {size} were announced", endpoint=self.label, path=path
            )
        if digest is not None and md5 is not None and digest.hexdigest() != md5.lower():
            raise SourceChanged(
                "the source's bytes do not match the announced MD5", endpoint=self.label, path=path
            )

    async def _upload(self, client: FTPClient, temp: str, data: ByteSource, digest: hashlib._Hash | None) -> int:
        """STOR `data` as `temp`, making its folder if missing; returns the bytes sent."""
        command = f"STOR {self._abs(temp)}"
        try:
            stream = await self._open_data(client, command)
        except aioftp.StatusCodeError as error:
            if not reply_code(error).startswith("55"):
                raise
            # Refused before any byte moved; the usual cause is a folder that does not exist yet.
            await self._make_dirs(client, parent_path(temp))
            stream = await self._open_data(client, command)
        return await send(stream, data, digest)

    async def _commit(self, client: FTPClient, temp: str, path: str, written: int, mtime: float | None) -> Entry:
        """Set the mtime, check what the server stored, then rename the temp file into place."""
        if mtime is not None and self.capabilities.set_mtime:
            await client.command(f"MFMT {format_timeval(mtime)} {self._abs(temp)}", "2xx")
        stored = await self._file_facts(client, temp)
        if stored.size not in (-1, written):
            raise StorageError(
                f"the server stored {stored.size} of the {written} bytes sent",
                endpoint=self.label,
                path=path,
                retryable=True,
            )
        await self._move(client, temp, path)
        return Entry(path, written, stored.mtime)

    async def _file_facts(self, client: FTPClient, path: str) -> Listed:
        if self._has("MLST"):
            return await self._mlst(client, path)
        size = -1
        if self._has("SIZE"):
            _, info = await client.command(f"SIZE {self._abs(path)}", "213")
            size = int(info[-1]) if info[-1].strip().isdigit() else -1
        return Listed(b"", "file", size, await self._mdtm(client, path))

    async def _discard(self, temp: str) -> None:
        """Best effort: remove a temp file; never masks the failure being handled."""
        try:
            async with self._pool.borrow() as client:
                await client.command(f"DELE {self._abs(temp)}", "2xx")
        except aioftp.StatusCodeError:
            pass  # never created, or already renamed into place
        except Exception as error:
            logger.warning("%s: could not remove temp file %r: %s", self.label, temp, error)

    # -- namespace operations ---------------------------------------------------------

    async def mkdir(self, path: str) -> None:
        self._check(path)
        with self._errors(path):
            async with self._pool.borrow() as client:
                await self._make_dirs(client, path)

    async def delete(self, path: str) -> None:
        self._check(path)
        if path == "":
            raise InvalidPath("the endpoint root is not a file", endpoint=self.label, path=path)
        await self._simple("DELE", path)

    async def rmdir(self, path: str) -> None:
        self._check(path)
        if path == "":
            raise InvalidPath("refusing to remove the endpoint root", endpoint=self.label, path=path)
        await self._simple("RMD", path)

    async def rename(self, src: str, dst: str) -> None:
        self._check(src)
        self._check(dst)
        if "" in (src, dst):
            raise InvalidPath("cannot rename the endpoint root", endpoint=self.label, path=src or dst)
        with self._errors(src):
            async with self._pool.borrow() as client:
                await self._move(client, src, dst)

    async def _simple(self, verb: str, path: str) -> None:
        with self._errors(path):
            async with self._pool.borrow() as client:
                await client.command(f"{verb} {self._abs(path)}", "2xx")

    async def _move(self, client: FTPClient, src: str, dst: str) -> None:
        """Rename `src` to `dst`, making dst's folder and replacing a file already there."""
        if await self._try_rename(client, src, dst):
            return
        # RNTO refused: find out why rather than guess from the server's wording.
        kind = await self._kind(client, dst)
        if kind == "dir":
            raise AlreadyExists("a directory exists under the target name", endpoint=self.label, path=dst)
        if kind == "file":
            await self._replace(client, src, dst)
            return
        await self._make_dirs(client, parent_path(dst))
        await rename(client, self._abs(src), self._abs(dst))

    async def _try_rename(self, client: FTPClient, src: str, dst: str) -> bool:
        await client.command(f"RNFR {self._abs(src)}", "350")  # a missing source fails here
        try:
            await client.command(f"RNTO {self._abs(dst)}", "2xx")
        except aioftp.StatusCodeError as error:
            if reply_code(error).startswith("55"):
                return False
            raise
        return True

    async def _replace(self, client: FTPClient, src: str, dst: str) -> None:
        """For servers that will not rename over a file: move the old one aside, then swap."""
        aside = self._abs(join_path(parent_path(dst), temp_name()))
        await rename(client, self._abs(dst), aside)
        try:
            await rename(client, self._abs(src), self._abs(dst))
        except aioftp.StatusCodeError:
            with contextlib.suppress(aioftp.StatusCodeError):
                await rename(client, aside, self._abs(dst))  # put the old version back
            raise
        except BaseException:
            logger.warning(
                "%s: interrupted while replacing %r; the old version is kept as %r", self.label, dst, aside
            )
            raise
        try:
            await client.command(f"DELE {aside}", "2xx")
        except aioftp.StatusCodeError as error:
            logger.warning("%s: the replaced file stays as %r: %s", self.label, aside, reply_text(error, ""))

    async def _make_root(self, client: FTPClient) -> None:
        """MKD every level of the root folder; levels that exist already answer 55x, which is fine
        (a real refusal shows up in the CWD that follows)."""
        root = self._abs("")
        levels = [part for part in root.split("/") if part]
        for depth in range(1, len(levels) + 1):
            level = ("/" if root.startswith("/") else "") + "/".join(levels[:depth])
            try:
                await client.command(f"MKD {level}", "2xx")
            except aioftp.StatusCodeError as error:
                if not reply_code(error).startswith("55") and reply_code(error) != "521":
                    raise

    async def _make_dirs(self, client: FTPClient, path: str) -> None:
        """MKD `path` and its missing parents; a directory already there is fine."""
        if path == "" or await self._mkd(client, path) is None:
            return
        await self._make_dirs(client, parent_path(path))
        refusal = await self._mkd(client, path)
        if refusal is not None:
            raise refusal

    async def _mkd(self, client: FTPClient, path: str) -> aioftp.StatusCodeError | None:
        """MKD one level: None once the directory exists, else the server's refusal."""
        try:
            await client.command(f"MKD {self._abs(path)}", "2xx")
            return None
        except aioftp.StatusCodeError as error:
            if not reply_code(error).startswith("55") and reply_code(error) != "521":
                raise
            refusal = error
        # MKD is not idempotent: "exists" and "parent missing" both come back as 550.
        kind = await self._kind(client, path)
        if kind == "file":
            raise AlreadyExists("a file exists where a directory is needed", endpoint=self.label, path=path)
        return None if kind == "dir" else refusal

    # -- sessions and data connections ---------------------------------------------------

    async def _open_client(self) -> FTPClient:
        """A new logged-in control connection, set up from the server's features."""
        options = self.options
        client = FTPClient(socket_timeout=options.io_timeout, connection_timeout=options.connect_timeout)
        try:
            await client.connect(options.host, options.port)
            if self._tls is not None:
                await self._start_tls(client, self._tls)
            await self._login(client)
            await self._prepare(client)
        except BaseException:
            drop(client)
            raise
        return client

    async def _start_tls(self, client: FTPClient, context: ssl.SSLContext) -> None:
        try:
            await client.upgrade_to_tls(context)  # AUTH TLS, handshake, PBSZ 0, PROT P
        except aioftp.StatusCodeError as error:
            raise StorageError(
                f"the server refused explicit TLS ({reply_text(error, '')}); check the tls option",
                endpoint=self.label,
            ) from None

    async def _login(self, client: FTPClient) -> None:
        try:
            await client.login(self.options.username, self._password)
        except aioftp.StatusCodeError as error:
            if reply_code(error).startswith("5"):  # 530 mostly; also 550 "TLS required", 532...
                raise AuthenticationFailed(
                    f"authentication failed: the server refused the login of {self.options.username!r} "
                    f"({reply_text(error, self._password)})",
                    endpoint=self.label,
                ) from None
            raise

    async def _prepare(self, client: FTPClient) -> None:
        if self._features is None:
            self._features = await read_features(client)
            exact = self._has("MLST") or self._has("MDTM")
            self.capabilities = Capabilities(
                mtime_precision=1.0 if exact else None, set_mtime=exact and self._has("MFMT")
            )
        if self._has("UTF8"):
            await optional(client, "OPTS UTF8 ON")
        if self._has("MLST"):
            await optional(client, "OPTS MLST type;size;modify;")
        if self._root is None:
            self._root = self._root_from(str(await client.get_current_directory()))

    def _root_from(self, login_dir: str) -> str:
        root = posixpath.normpath(posixpath.join(login_dir, self.options.path)) if self.options.path else login_dir
        return "/" + root.lstrip("/") if root.startswith("/") else root  # normpath keeps a leading "//"

    async def _open_data(self, client: FTPClient, command: str, offset: int = 0) -> DataStream:
        return await open_data(
            client, command, offset, passive=self.options.passive, connect_timeout=self.options.connect_timeout
        )

    # -- helpers ---------------------------------------------------------------------

    def _check(self, path: str) -> str:
        """`check_path`, plus what FTP cannot carry: control characters and unencodable text."""
        check_path(path, self.label)
        if CONTROL_CHARACTERS.search(path):
            raise InvalidPath(
                "path contains a control character (CR and LF would inject FTP commands)",
                endpoint=self.label,
                path=repr(path),
            )
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidPath("path is not valid Unicode", endpoint=self.label, path=repr(path)) from None
        return path

    def _abs(self, path: str) -> str:
        if self._root is None:
            raise AssertionError("no session has been opened yet")
        if not path:
            return self._root
        return f"{self._root.rstrip('/')}/{path}"

    def _has(self, feature: str) -> bool:
        return self._features is not None and feature in self._features

    def _errors(self, path: str | None) -> ErrorTranslator:
        return ErrorTranslator(self.label, path, self._password)
