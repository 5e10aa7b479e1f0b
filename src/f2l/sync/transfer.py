"""Copy one file between two backends: streamed, counted, rate-limited, retried.

The bytes flow from `source.read` to `destination.write` chunk by chunk — no file is ever
held whole in memory. The stream checks the size it planned: a file that grows or shrinks
while it is read raises `SourceChanged`, so the destination's write is abandoned (its temp
file removed) rather than a mixed version stored under the final name. A file rewritten at
the same size is caught by the source itself where it can tell (`SupportsCheckedRead`: its
state is checked after the last byte, before the stream ends); the local fast path checks
the open file's fstat before and after the copy. See docs/sync.md, "Files that change during
a run", for what each backend sees.
"""

from __future__ import annotations

import asyncio
import functools
import time
from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack, aclosing
from dataclasses import dataclass

from f2l.storage.base import (
    Backend,
    ByteStream,
    Entry,
    SupportsCheckedRead,
    SupportsOpenFile,
    SupportsOpenRead,
    SupportsUploadFile,
)
from f2l.storage.errors import SourceChanged, StorageError
from f2l.storage.retry import with_retries
from f2l.sync.progress import ProgressTracker


class RateLimiter:
    """A token bucket shared by all transfers of a run: `rate` bytes per second in total.

    The bucket starts empty: a full one would let the first second carry twice the limit (its
    burst plus its refill), and the dashboard would show a run above the speed it was given.
    It holds at most one second of bytes, so a pause is not made up for by a burst above it.
    """

    def __init__(
        self,
        rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.rate = rate
        self._clock = clock
        self._sleep = sleep
        self._tokens = 0.0
        self._last = clock()
        self._lock = asyncio.Lock()

    async def consume(self, count: int) -> None:
        """Wait until `count` bytes may pass."""
        async with self._lock:
            now = self._clock()
            self._tokens = min(self.rate, self._tokens + (now - self._last) * self.rate)
            self._last = now
            self._tokens -= count
            if self._tokens < 0:
                await self._sleep(-self._tokens / self.rate)


@dataclass(frozen=True, slots=True)
class Copied:
    """A finished copy: the source entry as it was read (real mtime, hashes) and the written one."""

    source: Entry
    written: Entry


async def copy_file(
    source: Backend,
    destination: Backend,
    entry: Entry,
    *,
    tracker: ProgressTracker,
    limiter: RateLimiter | None = None,
    attempts: int = 3,
) -> Copied:
    """Copy `entry` from `source` to the same path on `destination`; return both entries.

    Retries retryable errors (`attempts` tries in all), re-reading the source's entry after
    a `SourceChanged` so the next try copies its new version. Raises the last `StorageError`.
    """
    if limiter is None and _file_path(source, destination) and destination.accepts_file(entry.size):  # type: ignore[attr-defined]
        planned = [entry]
        return await with_retries(
            lambda: _upload_file(source, destination, planned, tracker),  # type: ignore[arg-type]
            attempts=attempts,
        )
    current = entry
    # Listings of some backends (S3) carry an upload time, not the file's mtime, and no MD5
    # for multipart objects: the real ones must travel with the copy. A listed entry not yet
    # stat'ed has no content type (stat always fills it).
    needs_entry = not source.capabilities.listing_has_mtime and entry.content_type is None
    if needs_entry and not isinstance(source, SupportsOpenRead):
        current = await source.stat(entry.path)

    async def attempt() -> Copied:
        nonlocal current
        counter = _Counter()
        try:
            # Streams are closed here, whatever the destination did with them: one left to the
            # garbage collector would release the source's handle late, from another task.
            async with AsyncExitStack() as stack:
                if needs_entry and isinstance(source, SupportsOpenRead):
                    # The entry and the bytes in one request.
                    current, stream = await stack.enter_async_context(source.open_read(entry.path))
                elif _checks_reads(source):
                    # Raises SourceChanged before its end if the file is no longer `current` or
                    # was written while read: the write below then never commits.
                    stream = source.read_checked(current)  # type: ignore[attr-defined]
                else:
                    stream = source.read(current.path)
                data = await stack.enter_async_context(
                    aclosing(_counted(stream, current, tracker, limiter, counter, source.label))
                )
                written = await destination.write(
                    current.path,
                    data,
                    size=current.size if current.size >= 0 else None,
                    mtime=current.mtime,
                    content_type=current.content_type,
                    metadata=current.metadata,
                    md5=current.hashes.get("md5"),
                )
                return Copied(current, written)
        except StorageError as error:
            tracker.bytes_done -= counter.read  # a retry counts its bytes again
            if isinstance(error, SourceChanged):
                current = await source.stat(current.path)
            raise

    return await with_retries(attempt, attempts=attempts)


async def _upload_file(
    source: SupportsOpenFile, destination: SupportsUploadFile, planned: list[Entry], tracker: ProgressTracker
) -> Copied:
    """One attempt of the local-file fast path: the destination reads the open file itself.

    `planned[0]` is the entry the plan (or the previous attempt) expects; a file whose size
    moved since is reported as changed, and the next attempt expects its new size.
    """
    counter = _Counter()

    def count(done: int) -> None:
        counter.read += done
        tracker.add_bytes(done)

    current, file = await source.open_file(planned[0].path)
    try:
        if current.size != planned[0].size:
            change = "grew" if current.size > planned[0].size else "shrank"
            planned[0] = current
            raise SourceChanged(
                f"the file {change} since it was listed ({current.size} bytes now)", path=current.path
            )
        written = await destination.upload_file(current.path, file, current, on_bytes=count)
    except StorageError:
        tracker.bytes_done -= counter.read  # a retry counts its bytes again
        raise
    finally:
        file.close()
    return Copied(current, written)


@functools.cache
def _file_path_types(source: type, destination: type) -> bool:
    # isinstance against a runtime Protocol inspects the class each time: decide once per pair of types.
    return issubclass(source, SupportsOpenFile) and issubclass(destination, SupportsUploadFile)


def _file_path(source: Backend, destination: Backend) -> bool:
    """Whether the destination can read the source's local files itself (see `SupportsUploadFile`)."""
    return _file_path_types(type(source), type(destination))


@functools.cache
def _checks_reads_type(source: type) -> bool:
    return issubclass(source, SupportsCheckedRead)


def _checks_reads(source: Backend) -> bool:
    """Whether the source can tell a read that saw one unchanged version (see `SupportsCheckedRead`)."""
    return _checks_reads_type(type(source))


class _Counter:
    """Bytes one attempt has read so far."""

    read = 0


async def _counted(
    stream: ByteStream,
    entry: Entry,
    tracker: ProgressTracker,
    limiter: RateLimiter | None,
    counter: _Counter,
    endpoint: str = "",
) -> ByteStream:
    """Pass `stream` through, counting bytes and checking them against the planned size."""
    async with aclosing(stream):
        async for chunk in stream:
            counter.read += len(chunk)
            read = counter.read
            if 0 <= entry.size < read:
                raise SourceChanged(
                    f"the file grew while it was read (listed {entry.size} bytes)",
                    endpoint=endpoint,
                    path=entry.path,
                )
            if limiter is not None:
                await limiter.consume(len(chunk))
            tracker.add_bytes(len(chunk))
            yield chunk
    if entry.size >= 0 and counter.read != entry.size:
        raise SourceChanged(
            f"the file shrank while it was read (listed {entry.size} bytes, read {counter.read})",
            endpoint=endpoint,
            path=entry.path,
        )
