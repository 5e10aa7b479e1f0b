"""Local folder backend: a root directory on this machine.

Writes go to a short hidden temp name in the target folder and are renamed into place,
so a file is visible under its final name only once complete. Symbolic links are never
followed: listings skip them (as rclone does without `--links`), and any path whose
resolved parent lies outside the root is refused.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import stat as stat_module
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, BinaryIO, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from f2l.storage.api_options import ApiField
from f2l.storage.base import (
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
    is_utf8_text,
    join_path,
    parent_path,
    temp_name,
    walk_tree,
)
from f2l.storage.errors import (
    AlreadyExists,
    InvalidPath,
    NoSpace,
    NotFound,
    PermissionDenied,
    SourceChanged,
    StorageError,
)
from f2l.storage.file_state import FileState

CHUNK_SIZE = 1 << 20
MAX_READY_DIRS = 10_000
ONE_CALL_COPY_LIMIT = 8 << 20
"""Local files up to this size are copied in one worker-thread call (one hop, not one per chunk);
small enough that a cancellation waits for at most one such copy."""


class LocalOptions(BaseModel):
    """Settings of a local folder endpoint (`ApiField`: the options the API sets)."""

    model_config = ConfigDict(extra="forbid")

    path: Annotated[str, ApiField("local_path", max_length=4096)] = Field(
        description="Absolute path of the root folder on the F2L host (for the API: inside F2L_LOCAL_ROOTS).",
        min_length=1,
    )
    fsync: bool = Field(
        False,
        description="Flush each written file to disk before renaming it into place (safer on power loss, slower).",
    )


class LocalBackend(Backend):
    """A folder on the local file system."""

    type_name: ClassVar[str] = "local"

    def __init__(self, options: LocalOptions) -> None:
        self.options = options
        self.root = Path(os.path.abspath(os.path.expanduser(options.path)))
        self._real_root: str | None = None
        # Folders this backend created or checked for writing (bounded): later files in them skip
        # the mkdir and the realpath walk. A folder swapped for a symlink after its check is not
        # looked at again by this backend — the window every check-then-open has, made longer.
        self._ready_dirs: set[str] = set()
        self.capabilities = Capabilities(mtime_precision=1e-9, set_mtime=True)

    @property
    def label(self) -> str:
        return f"local:{self.root}"

    async def connect(self) -> None:
        try:
            if self.create_root:
                await asyncio.to_thread(self.root.mkdir, parents=True, exist_ok=True)
            info = await asyncio.to_thread(os.stat, self.root)
        except OSError as error:
            raise self._error(error, "") from error
        if not stat_module.S_ISDIR(info.st_mode):
            raise NotFound("root is not a directory", endpoint=self.label)

    # -- listing -------------------------------------------------------------------

    def walk(self, path: str = "", *, descend: DirFilter | None = None) -> EntryStream:
        return walk_tree(self.list_dir, check_path(path, self.label), descend)

    async def list_dir(self, path: str = "") -> EntryStream:
        entries = await asyncio.to_thread(self._scan, check_path(path, self.label))
        for entry in entries:
            yield entry

    def _scan(self, path: str) -> list[Entry]:
        directory = self._resolve(path)
        entries: list[Entry] = []
        try:
            with os.scandir(directory) as scanner:
                for item in scanner:
                    entry = self._entry_of(join_path(path, item.name), item)
                    if entry is not None:
                        entries.append(entry)
        except OSError as error:
            raise self._error(error, path) from error
        entries.sort(key=lambda e: e.sort_key)
        return entries

    def _entry_of(self, path: str, item: os.DirEntry[str]) -> Entry | None:
        try:
            info = item.stat(follow_symlinks=False)
        except FileNotFoundError:
            return None  # vanished between readdir and stat
        if item.name.startswith(TEMP_PREFIX):
            if stat_module.S_ISREG(info.st_mode):
                self.saw_temp_file(Entry(path, info.st_size, info.st_mtime_ns / 1e9))
            return None  # our own in-flight or abandoned temp files are never data
        is_dir, is_file = stat_module.S_ISDIR(info.st_mode), stat_module.S_ISREG(info.st_mode)
        if not is_utf8_text(item.name):
            # scandir decoded the bytes with surrogateescape: such a name has no F2L path and no
            # place in the canonical order. Left out, and noted for the run to report.
            if is_dir or is_file:
                self.skip_name(
                    parent_path(path),
                    os.fsencode(item.name),
                    NOT_UTF8_FOLDER if is_dir else NOT_UTF8_FILE,
                    size=0 if is_dir else info.st_size,
                    mtime=info.st_mtime_ns / 1e9,
                    is_dir=is_dir,
                )
            return None
        if is_dir:
            return Entry(path, 0, info.st_mtime_ns / 1e9, is_dir=True)
        if is_file:
            return Entry(path, info.st_size, info.st_mtime_ns / 1e9)
        return None  # symlinks, sockets, devices: not followed, not synced

    async def stat(self, path: str) -> Entry:
        check_path(path, self.label)
        return await asyncio.to_thread(self._stat, path)

    def _stat(self, path: str) -> Entry:
        try:
            info = os.stat(self._resolve(path), follow_symlinks=False)
        except OSError as error:
            raise self._error(error, path) from error
        if stat_module.S_ISLNK(info.st_mode):
            raise NotFound("is a symbolic link, which F2L does not follow", endpoint=self.label, path=path)
        is_dir = stat_module.S_ISDIR(info.st_mode)
        return Entry(path, 0 if is_dir else info.st_size, info.st_mtime_ns / 1e9, is_dir=is_dir)

    # -- reading and writing --------------------------------------------------------

    async def read(self, path: str, *, offset: int = 0, length: int | None = None) -> ByteStream:
        check_path(path, self.label)
        handle = await _open_in_thread(lambda: self._open_for_read(path), lambda opened: opened.close())
        try:
            if offset:
                await asyncio.to_thread(handle.seek, offset)
            remaining = length
            while remaining is None or remaining > 0:
                want = CHUNK_SIZE if remaining is None else min(CHUNK_SIZE, remaining)
                chunk = await asyncio.to_thread(handle.read, want)
                if not chunk:
                    break
                if remaining is not None:
                    remaining -= len(chunk)
                yield chunk
        except OSError as error:
            raise self._error(error, path) from error
        finally:
            handle.close()  # synchronous: cheap for a read handle, and immune to a second cancellation

    async def read_checked(self, entry: Entry) -> ByteStream:
        """The whole file, as `read`, refused (`SourceChanged`) unless it is one unchanged version.

        The open file is fstat'ed at the open — it must still be the size and mtime `entry`
        says — and again after its last byte, before the stream ends: a size, mtime, ctime or
        inode that moved means it was written while being read. The ctime catches a rewrite
        whose writer set the mtime back. Both fstats ride on worker-thread calls the read makes
        anyway (the open, and the read that meets the end): two system calls, no extra hop.
        """
        path = entry.path
        check_path(path, self.label)
        handle, info = await _open_in_thread(lambda: self._open_regular(path), lambda pair: pair[0].close())
        try:
            opened = FileState.of_stat(info)
            if not opened.is_version(entry):
                raise SourceChanged(
                    f"the file changed since it was listed ({opened.describe(entry)})",
                    endpoint=self.label,
                    path=path,
                )
            while True:
                chunk, ended = await asyncio.to_thread(_read_or_state, handle)
                if ended is not None:
                    break
                yield chunk
            if ended != opened:
                raise SourceChanged(
                    f"the file changed while being read (its {ended.moved_since(opened)} moved): "
                    "a copy would mix two versions",
                    endpoint=self.label,
                    path=path,
                )
        except OSError as error:
            raise self._error(error, path) from error
        finally:
            handle.close()

    def _open_for_read(self, path: str) -> Any:
        target = self._resolve(path)
        try:
            if os.path.islink(target):
                raise NotFound("is a symbolic link, which F2L does not follow", endpoint=self.label, path=path)
            return open(target, "rb")
        except OSError as error:
            raise self._error(error, path) from error

    async def open_file(self, path: str) -> tuple[Entry, BinaryIO]:
        check_path(path, self.label)
        opened: tuple[Entry, BinaryIO] = await _open_in_thread(
            lambda: self._open_with_entry(path), lambda pair: pair[1].close()
        )
        return opened

    def _open_with_entry(self, path: str) -> tuple[Entry, BinaryIO]:
        handle, info = self._open_regular(path)
        return Entry(path, info.st_size, info.st_mtime_ns / 1e9), handle

    def _open_regular(self, path: str) -> tuple[Any, os.stat_result]:
        """The regular file `path` opened for reading, and its fstat as of the open."""
        # fstat here, in the worker thread: on the event loop it would wait for the GIL behind
        # busy copy threads (milliseconds each, seen as the top cost of many-small-file runs).
        handle = self._open_for_read(path)
        try:
            info = os.fstat(handle.fileno())
            if not stat_module.S_ISREG(info.st_mode):
                raise InvalidPath("is not a regular file", endpoint=self.label, path=path)
        except BaseException:
            handle.close()
            raise
        return handle, info

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
        check_path(path, self.label)
        if path == "":
            raise InvalidPath("cannot write a file at the root itself", endpoint=self.label, path=path)
        target = self._resolve(path)
        temp = target.with_name(temp_name())
        handle = await _open_in_thread(lambda: self._open_temp(path, temp), lambda opened: _discard(opened, temp))
        try:
            async for chunk in data:
                await asyncio.to_thread(handle.write, chunk)
            await asyncio.to_thread(self._finish_temp, handle, temp, target, mtime)
        except BaseException as error:
            # Any failure, cancellation included, must leave the old file untouched.
            await asyncio.to_thread(_discard, handle, temp)
            if isinstance(error, OSError):
                raise self._error(error, path) from error
            raise
        return await asyncio.to_thread(self._stat, path)

    def accepts_file(self, size: int) -> bool:
        return 0 <= size <= ONE_CALL_COPY_LIMIT

    async def upload_file(
        self, path: str, file: BinaryIO, entry: Entry, *, on_bytes: Callable[[int], None]
    ) -> Entry:
        """Copy `entry.size` bytes of an open local file in one thread call: temp file, then rename."""
        check_path(path, self.label)
        if path == "":
            raise InvalidPath("cannot write a file at the root itself", endpoint=self.label, path=path)
        try:
            written = await asyncio.to_thread(self._copy_file, path, file, entry)
        except OSError as error:
            raise self._error(error, path) from error
        on_bytes(entry.size)
        return written

    def _copy_file(self, path: str, file: BinaryIO, entry: Entry) -> Entry:
        target = self._resolve_cached(path)
        temp = target.with_name(temp_name())
        handle = self._open_temp(path, temp)
        try:
            # fstat before and after the copy (two system calls): a file written meanwhile, even
            # at the same size and with its mtime set back (the ctime moves), is never renamed in.
            before = FileState.of(file.fileno())
            if not before.is_version(entry):
                raise SourceChanged(
                    f"the file changed since it was opened ({before.describe(entry)})",
                    endpoint=self.label,
                    path=path,
                )
            file.seek(0)
            remaining = entry.size
            while remaining > 0:
                chunk = file.read(min(CHUNK_SIZE, remaining))
                if not chunk:
                    raise SourceChanged(
                        f"the file shrank while it was read (listed {entry.size} bytes)",
                        endpoint=self.label,
                        path=path,
                    )
                handle.write(chunk)
                remaining -= len(chunk)
            if file.read(1):
                raise SourceChanged(
                    f"the file grew while it was read (listed {entry.size} bytes)", endpoint=self.label, path=path
                )
            after = FileState.of(file.fileno())
            if after != before:
                raise SourceChanged(
                    f"the file changed while being read (its {after.moved_since(before)} moved): "
                    "a copy would mix two versions",
                    endpoint=self.label,
                    path=path,
                )
            self._finish_temp(handle, temp, target, entry.mtime)
        except BaseException:
            _discard(handle, temp)  # the old file stays as it was
            raise
        if entry.mtime is None:
            return self._stat(path)
        # Size and mtime are what was just written and set: no need to ask the file system.
        return Entry(path, entry.size, round(entry.mtime * 1e9) / 1e9)

    def _open_temp(self, path: str, temp: Path) -> Any:
        try:
            parent = str(temp.parent)
            if parent not in self._ready_dirs:
                temp.parent.mkdir(parents=True, exist_ok=True)
                self._resolve(path)  # re-check now that parents exist: no symlink escape
                if len(self._ready_dirs) >= MAX_READY_DIRS:
                    self._ready_dirs.clear()
                self._ready_dirs.add(parent)
            return open(temp, "xb")
        except OSError as error:
            raise self._error(error, path) from error

    def _finish_temp(self, handle: Any, temp: Path, target: Path, mtime: float | None) -> None:
        handle.flush()
        if self.options.fsync:
            os.fsync(handle.fileno())
        handle.close()
        if mtime is not None:
            ns = round(mtime * 1e9)
            os.utime(temp, ns=(ns, ns))
        try:
            existing = os.lstat(target).st_mode
        except FileNotFoundError:
            existing = 0
        if stat_module.S_ISDIR(existing):
            raise IsADirectoryError(errno.EISDIR, "a directory exists under this name")
        os.replace(temp, target)

    # -- namespace operations ---------------------------------------------------------

    async def mkdir(self, path: str) -> None:
        check_path(path, self.label)
        await asyncio.to_thread(self._mkdir, path)

    def _mkdir(self, path: str) -> None:
        target = self._resolve(path)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except FileExistsError as error:
            raise AlreadyExists(
                "a file exists where a directory was asked for", endpoint=self.label, path=path
            ) from error
        except OSError as error:
            raise self._error(error, path) from error

    async def delete(self, path: str) -> None:
        check_path(path, self.label)
        await asyncio.to_thread(self._call, os.unlink, path)

    async def rmdir(self, path: str) -> None:
        check_path(path, self.label)
        if path == "":
            raise InvalidPath("refusing to remove the endpoint root", endpoint=self.label, path=path)
        await asyncio.to_thread(self._call, os.rmdir, path)

    async def rename(self, src: str, dst: str) -> None:
        check_path(src, self.label)
        check_path(dst, self.label)
        await asyncio.to_thread(self._rename, src, dst)

    def _rename(self, src: str, dst: str) -> None:
        source, target = self._resolve(src), self._resolve(dst)
        try:
            if not source.exists() and not source.is_symlink():
                raise FileNotFoundError(errno.ENOENT, "no such file")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
        except OSError as error:
            raise self._error(error, src) from error

    def _call(self, function: Any, path: str) -> None:
        try:
            function(self._resolve(path))
        except OSError as error:
            raise self._error(error, path) from error

    # -- helpers ---------------------------------------------------------------------

    def _resolve_cached(self, path: str) -> Path:
        """`_resolve`, skipping the symlink check for a parent folder already checked by this backend."""
        target = self.root / path
        if str(target.parent) in self._ready_dirs:
            return target
        return self._resolve(path)

    def _resolve(self, path: str) -> Path:
        """Absolute path of `path`, refusing any whose parent resolves outside the root."""
        target = self.root / path if path else self.root
        if path:
            if self._real_root is None:  # resolved once: realpath costs an lstat per path component
                self._real_root = os.path.realpath(self.root)
            real_root = self._real_root
            real_parent = os.path.realpath(target.parent)
            if os.path.commonpath([real_root, real_parent]) != real_root:
                raise PermissionDenied(
                    "path leads outside the endpoint root through a symbolic link", endpoint=self.label, path=path
                )
        return target

    def _error(self, error: OSError, path: str) -> StorageError:
        return map_os_error(error, self.label, path)


def map_os_error(error: OSError, endpoint: str, path: str) -> StorageError:
    """Translate an `OSError` into the storage error vocabulary."""
    if isinstance(error, StorageError):
        return error  # already translated (our errors subclass the built-in OSErrors)
    reason = error.strerror or str(error)
    code = error.errno
    if code == errno.ENOENT:
        return NotFound("no such file or directory", endpoint=endpoint, path=path)
    if code in (errno.EACCES, errno.EPERM):
        return PermissionDenied(f"permission denied ({reason})", endpoint=endpoint, path=path)
    if code == errno.EROFS:
        return PermissionDenied("read-only file system", endpoint=endpoint, path=path)
    if code == errno.EEXIST:
        return AlreadyExists("already exists", endpoint=endpoint, path=path)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return NoSpace(f"no space left ({reason})", endpoint=endpoint, path=path)
    if code in (errno.ENAMETOOLONG, errno.EILSEQ, errno.EINVAL):
        return InvalidPath(f"name refused by the file system ({reason})", endpoint=endpoint, path=path)
    if code in (errno.ENOTDIR, errno.EISDIR, errno.ENOTEMPTY):
        return StorageError(reason, endpoint=endpoint, path=path)
    return StorageError(reason, endpoint=endpoint, path=path, retryable=code in (errno.EIO, errno.EAGAIN))


def _read_or_state(handle: Any) -> tuple[bytes, FileState | None]:
    """The next chunk of `handle`; at the end, b"" and the file's state then (one worker-thread call)."""
    chunk = handle.read(CHUNK_SIZE)
    return (chunk, None) if chunk else (b"", FileState.of(handle.fileno()))


def _discard(handle: Any, temp: Path) -> None:
    handle.close()
    with contextlib.suppress(FileNotFoundError):
        temp.unlink()


async def _open_in_thread(open_file: Callable[[], Any], release: Callable[[Any], None]) -> Any:
    """Open a file in a worker thread; if the caller is cancelled meanwhile, release it once open.

    A plain `await asyncio.to_thread(open…)` interrupted by a cancellation would leave the
    handle (and a new temp file) behind, since the thread finishes the open regardless.
    """
    opening = asyncio.ensure_future(asyncio.to_thread(open_file))
    try:
        return await asyncio.shield(opening)
    except asyncio.CancelledError:
        opening.add_done_callback(
            lambda done: None if done.cancelled() or done.exception() else release(done.result())
        )
        raise
