"""The storage interface every backend implements, and the value types it speaks in.

A backend is rooted at one place (a folder, a bucket prefix, a remote directory). Every
path it takes or returns is *relative to that root*: segments joined by `/`, no leading
or trailing slash, `""` for the root itself. `check_path` refuses anything else, so no
key like `../x` or `/etc/passwd` can ever reach outside the root.

Listings are async iterators in one canonical order, the byte-wise order of the UTF-8
full path with a directory's name taken as `name/` (S3's own order), so the engine can
compare two sides with a merge-join that holds O(1) entries in memory.

Optional abilities (server-side copy, presigned URLs) are methods of the backends that
have them, declared in `Capabilities`; there is no method that only says "unsupported".
"""

from __future__ import annotations

import abc
import logging
import re
import secrets
import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from types import MappingProxyType, TracebackType
from typing import BinaryIO, ClassVar, Protocol, Self, runtime_checkable

from f2l.storage.errors import InvalidPath, StorageError

ByteStream = AsyncGenerator[bytes, None]
"""The chunks `read` yields; a generator, so a consumer that stops early can `aclose()` it."""
ByteSource = AsyncIterator[bytes]
"""What `write` takes: any async iterator of byte chunks (a `ByteStream`, a test's generator)."""
EntryStream = AsyncGenerator["Entry", None]
"""What listings yield, in canonical order; closable like `ByteStream`."""

_EMPTY: Mapping[str, str] = MappingProxyType({})


@dataclass(frozen=True, slots=True)
class Entry:
    """One file or directory as a listing or `stat` sees it.

    `size` is -1 when unknown. `mtime` is POSIX seconds (None when the backend keeps
    none). `hashes` holds only the digests the backend gives for free (e.g. S3's MD5
    ETag of a single-part object), keyed by algorithm name, lowercase hex.
    """

    path: str
    size: int
    mtime: float | None
    is_dir: bool = False
    hashes: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    etag: str | None = None
    content_type: str | None = None
    metadata: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    storage_class: str | None = None

    @property
    def name(self) -> str:
        """The last segment of the path."""
        return self.path.rsplit("/", 1)[-1]

    @property
    def sort_key(self) -> bytes:
        """The canonical ordering key: UTF-8 bytes of the path, directories as `name/`."""
        return canonical_key(self.path, self.is_dir)


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a backend can do beyond the required operations; the engine plans with it."""

    free_hashes: frozenset[str] = frozenset()
    """Hash algorithms that listings carry at no extra cost (`md5` for S3 ETags)."""
    mtime_precision: float | None = 1e-9
    """Resolution of stored modification times in seconds; None if none is kept."""
    listing_has_mtime: bool = True
    """False where listings give an upload time rather than the file's own mtime (S3)."""
    set_mtime: bool = True
    """Whether `write` can store the source's modification time."""
    server_side_copy: bool = False
    multipart: bool = False
    presign: bool = False
    case_sensitive: bool = True
    range_read: bool = True
    empty_dirs: bool = True
    """Whether an empty directory can exist (S3: no, prefixes exist only through keys)."""
    max_name_bytes: int | None = 255


@dataclass(frozen=True, slots=True)
class ConnectionTest:
    """The outcome of `Backend.test_connection`."""

    ok: bool
    message: str
    latency_ms: float


TEMP_PREFIX = ".f2l-tmp."
MAX_TEMP_FILES_NOTED = 10_000
"""Name prefix of in-flight writes; listings of every backend hide such files."""

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
"""Characters that must never reach a protocol command line (CR/LF would inject commands)."""


logger = logging.getLogger(__name__)


def shown_name(raw: bytes) -> str:
    """A listed name as printable text for messages: bytes that are not UTF-8 as `\\xe9`,
    control characters as `\\x0a` (so `caf\\xe9.txt` for Latin-1 `café.txt`)."""
    text = raw.decode("utf-8", errors="backslashreplace")
    return CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


NOT_UTF8_FILE = "the name is not UTF-8, so no F2L path can address it: skipped (rename it to sync it)"
NOT_UTF8_FOLDER = (
    "the folder's name is not UTF-8, so no F2L path can address it: skipped with all it holds "
    "(rename it to sync it)"
)


def is_utf8_text(name: str) -> bool:
    """False for a name decoded with `surrogateescape` (`os.fsdecode`) from bytes that are not UTF-8."""
    if name.isascii():
        return True
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


@dataclass(frozen=True, slots=True)
class SkippedName:
    """A name a listing met but left out because no F2L path can address it (not UTF-8...).

    `entry.path` shows the name with its odd bytes escaped (`shown_name`): it is for
    messages and for the run's filters only, never a path to pass to a backend.
    """

    entry: Entry
    reason: str


def temp_name() -> str:
    """A short, unique name for a write in progress (well under 255 bytes whatever the target)."""
    return f"{TEMP_PREFIX}{secrets.token_hex(8)}"


def canonical_key(path: str, is_dir: bool = False) -> bytes:
    """Sort key of a path in the canonical listing order."""
    return (path + "/").encode() if is_dir else path.encode()


def check_path(path: str, endpoint: str = "") -> str:
    """Return `path` if it is a clean root-relative path, else raise `InvalidPath`.

    Clean: `""` (the root) or `/`-separated segments, none empty, `.` or `..`, and no
    NUL byte. Leading or trailing slashes are refused rather than silently stripped.
    """
    if path == "":
        return path
    if "\x00" in path:
        raise InvalidPath("path contains a NUL byte", endpoint=endpoint, path=repr(path))
    for segment in path.split("/"):
        if segment in ("", ".", ".."):
            raise InvalidPath(
                "path must be relative to the endpoint root, without empty, '.' or '..' segments",
                endpoint=endpoint,
                path=path,
            )
    return path


def join_path(parent: str, name: str) -> str:
    """Join a root-relative directory path and a child name."""
    return f"{parent}/{name}" if parent else name


def parent_path(path: str) -> str:
    """The root-relative parent of `path` (`""` for a top-level name)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


DirFilter = Callable[[str], bool]
"""Called with a directory's root-relative path; False prunes it from a walk."""


class Backend(abc.ABC):
    """One storage endpoint, rooted at a folder, bucket prefix or remote directory.

    Use it as an async context manager (`async with backend:`), which connects and
    closes. Every method raises only `StorageError` subclasses.
    """

    type_name: ClassVar[str]
    capabilities: Capabilities
    create_root: bool = False
    temp_files_seen: list[Entry] | None = None
    """Abandoned temp files the listings passed over (capped); the engine sweeps stale ones."""

    def saw_temp_file(self, entry: Entry) -> None:
        """Note a temp file of ours met while listing (it is never shown as data)."""
        if self.temp_files_seen is None:
            self.temp_files_seen = []
        if len(self.temp_files_seen) < MAX_TEMP_FILES_NOTED:
            self.temp_files_seen.append(entry)

    """When True, `connect` creates a missing root folder (and its parents) instead of raising
    `NotFound`: set for the destination of a run, never for a source (a missing source must
    fail, not look empty)."""
    skipped_names: list[SkippedName] | None = None
    """Set to a list by whoever must account for names the listings leave out (`filtered_walk`):
    while it is set, `skip_name` adds to it. Such a listing is incomplete, and a run that
    deleted by it could delete the very file it did not see."""

    def skip_name(
        self,
        parent: str,
        raw: bytes,
        reason: str,
        *,
        size: int = -1,
        mtime: float | None = None,
        is_dir: bool = False,
    ) -> None:
        """Leave a child of `parent` out of a listing (its raw name cannot be an F2L path), loudly."""
        path = join_path(parent, shown_name(raw))
        logger.warning("%s: skipping %s%s: %s", self.label, path, "/" if is_dir else "", reason)
        if self.skipped_names is not None:
            self.skipped_names.append(SkippedName(Entry(path, size, mtime, is_dir=is_dir), reason))

    @property
    @abc.abstractmethod
    def label(self) -> str:
        """A secret-free name of the endpoint for messages, e.g. `sftp://bob@host:22/data`."""

    async def connect(self) -> None:
        """Open connections and check the root exists; the default does nothing."""
        return

    async def close(self) -> None:
        """Release connections; safe to call twice."""
        return

    async def __aenter__(self) -> Self:
        try:
            await self.connect()
        except BaseException:
            await self.close()  # a half-open client (HTTP session, SSH channel) must not leak
            raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def test_connection(self) -> ConnectionTest:
        """Connect and list the root, reporting success, a message and the latency."""
        started = time.perf_counter()
        try:
            await self.connect()
            async for _ in self.list_dir(""):
                break
        except StorageError as error:
            await self.close()
            return ConnectionTest(False, str(error), _elapsed_ms(started))
        return ConnectionTest(True, f"connected to {self.label}", _elapsed_ms(started))

    @abc.abstractmethod
    def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        """Yield every file under `path`, recursively, in canonical order.

        Directories are not yielded; `descend(dir_path)` returning False skips a
        subtree. Raises `NotFound` if `path` does not exist — an absent root must never
        look like an empty one.
        """

    @abc.abstractmethod
    def list_dir(self, path: str = "") -> EntryStream:
        """Yield the direct children of directory `path` (files and dirs) in canonical order."""

    @abc.abstractmethod
    async def stat(self, path: str) -> Entry:
        """Return the entry at `path`; raise `NotFound` if there is none."""

    @abc.abstractmethod
    def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        """Stream the file's bytes from `offset`, `length` bytes or to the end."""

    @abc.abstractmethod
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
        """Store `data` at `path`, creating parent directories, and return the new entry.

        The file appears under `path` only once complete: a stream that fails midway
        leaves whatever was there before. `size` may be None when unknown. `md5` is the
        content's hex MD5 when the caller knows it: backends that record hashes store it,
        and may refuse (`SourceChanged`) a stream whose bytes do not match it.
        """

    @abc.abstractmethod
    async def mkdir(self, path: str) -> None:
        """Create directory `path` and its parents; succeed if it exists already."""

    @abc.abstractmethod
    async def delete(self, path: str) -> None:
        """Delete the file at `path`; raise `NotFound` if absent."""

    @abc.abstractmethod
    async def rmdir(self, path: str) -> None:
        """Remove the empty directory `path` (a no-op where directories are implicit)."""

    @abc.abstractmethod
    async def rename(self, src: str, dst: str) -> None:
        """Move file `src` to `dst`, creating `dst`'s parents and replacing `dst` if present."""


@runtime_checkable
class SupportsServerSideCopy(Protocol):
    """Backends that copy within themselves without moving bytes through F2L."""

    async def copy(self, src: str, dst: str) -> Entry: ...


@runtime_checkable
class SupportsOpenRead(Protocol):
    """Backends whose read request also answers with the file's full entry (S3's GET headers)."""

    def open_read(self, path: str) -> AbstractAsyncContextManager[tuple[Entry, ByteStream]]: ...


@runtime_checkable
class SupportsCheckedRead(Protocol):
    """Backends that can tell whether a whole-file read saw one version of the file, unchanged."""

    def read_checked(self, entry: Entry) -> ByteStream:
        """Stream all of file `entry.path`, like `read`, checked against `entry` and against change.

        After the last byte and *before the stream ends*, raise `SourceChanged` if the file is no
        longer the version `entry` describes or was written while it was read: a `write` consuming
        the stream then abandons its temp file or multipart upload instead of committing a mix of
        two versions. What each backend can see differs (local: fstat with ctime; SFTP, FTP:
        size and mtime; S3: the ETag) — docs/sync.md, "Files that change during a run".
        """
        ...


@runtime_checkable
class SupportsOpenFile(Protocol):
    """Backends whose files lie on this machine: a copy may hand the open file to the destination."""

    async def open_file(self, path: str) -> tuple[Entry, BinaryIO]:
        """The regular file `path` opened for reading, and its entry as of the open (fstat)."""
        ...


@runtime_checkable
class SupportsUploadFile(Protocol):
    """Destinations that send an open local file in one streamed request, without buffering it."""

    def accepts_file(self, size: int) -> bool:
        """Whether a file of `size` bytes goes this way (else through `write`)."""
        ...

    async def upload_file(
        self, path: str, file: BinaryIO, entry: Entry, *, on_bytes: Callable[[int], None]
    ) -> Entry:
        """Store `entry.size` bytes of `file` (positioned at 0) at `path`; `on_bytes` counts progress.

        Raises `SourceChanged` when the file's size or content changes during the upload.
        """
        ...


@runtime_checkable
class SupportsPresign(Protocol):
    """Backends that hand out time-limited download URLs for one object."""

    async def presign(self, path: str, expires_in: int) -> str: ...


async def walk_tree(list_dir: Callable[[str], EntryStream], path: str, descend: DirFilter | None) -> EntryStream:
    """Depth-first walk over `list_dir`, for backends that have real directories.

    Because each `list_dir` is in canonical order and a directory sorts as `name/`,
    yielding a directory's subtree at its place gives the whole walk in canonical order.
    """
    stack: list[EntryStream] = [list_dir(path)]
    try:
        while stack:
            child = await anext(stack[-1], None)
            if child is None:
                stack.pop()
            elif not child.is_dir:
                yield child
            elif descend is None or descend(child.path):
                stack.append(list_dir(child.path))
    finally:
        # A consumer that stops early must not leave remote directory handles open.
        for pending in reversed(stack):
            await pending.aclose()


async def read_all(stream: ByteSource) -> bytes:
    """Collect a byte stream; for tests and small files only."""
    return b"".join([chunk async for chunk in stream])


async def iterate_bytes(data: bytes, chunk_size: int = 1 << 20) -> ByteStream:
    """A byte stream over an in-memory buffer."""
    for start in range(0, len(data), chunk_size):
        yield data[start : start + chunk_size]


def _elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
