"""An S3 server that goes silent in the middle of an upload: the run fails in bounded time, cleanly.

The S3 backend talks to a real moto server through `FaultProxy`, a TCP proxy on 127.0.0.1
(its own thread and event loop) that can go silent or be throttled.

The fault modelled is a *data path* that stops moving while the server stays reachable (a
connection whose flow a middlebox or the server stopped servicing, a path-MTU black hole):
once `stall_after` bytes in all have gone from the client to the server, every connection
that sends more than `allowance` further bytes is stalled — the proxy stops reading from
the client and stops forwarding anything in either direction, but keeps the connection
open. So every request that carries an upload body (the part in flight, the parts and
PUTs of the retries) hangs mid-body, while small requests (AbortMultipartUpload,
listings) still get through on new connections, as they do in reality. That is what lets
the failing run itself abort its multipart uploads — F2L has no later sweep of orphaned
uploads, so the abort on failure is the only thing that keeps INV-2.

Before the fix, multipart parts and PUTs of bytes in memory waited forever (aiohttp's
`sock_read` starts once the body is sent, and nothing bounded the write of the body): those
tests ran into their 60 s guard. PUTs streamed from a file did time out, but only because
botocore's `Expect: 100-continue` let the server's `100 Continue` start aiohttp's read timer —
the same timer then killed the slow-but-moving uploads, whose bodies take longer than the
read timeout to send.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

from f2l.storage.base import Entry, iterate_bytes
from f2l.storage.errors import StorageError
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.storage.retry import with_retries
from f2l.storage.s3 import S3Backend
from f2l.storage.s3_options import MIB
from f2l.sync.engine import RunStatus, SyncResult, run_sync
from f2l.sync.options import SyncSettings
from tests.storage.test_s3 import s3_options

READ_TIMEOUT = 2.0
MAX_ATTEMPTS = 1  # S3Options.max_attempts: botocore's retries of each request (2 tries)
RETRIES = 2  # the engine's tries of each file
GUARD = 60.0  # the outer limit: reaching it means the run hung
# Every try of a stalled request ends one read timeout after the last byte moved; add the
# backoffs (botocore's and ours, each below 2 s here) and the requests that do succeed.
BOUND = RETRIES * (MAX_ATTEMPTS + 1) * (READ_TIMEOUT + 2.0) + 10.0


class FaultProxy:
    """A TCP proxy from a loopback port to `upstream`, which can go silent or be throttled.

    `stall_after`: once this many client-to-server bytes passed in all, any connection that
    sends more than `allowance` further bytes goes silent (reads nothing, forwards nothing,
    stays open). `rate`: client-to-server bytes per second. Its small receive buffer keeps
    the bytes in flight near a real link's window rather than loopback's megabytes.
    """

    def __init__(
        self,
        upstream: str,
        *,
        stall_after: int | None = None,
        allowance: int = 64 * 1024,
        rate: float | None = None,
    ) -> None:
        host, port = upstream.removeprefix("http://").split(":")
        self._upstream = (host, int(port))
        self.stall_after, self.allowance, self.rate = stall_after, allowance, rate
        self.forwarded = 0
        self.tripped = False
        self.stalled = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self._writers: list[asyncio.StreamWriter] = []
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 * 1024)  # inherited by accepted sockets
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self._server = await asyncio.start_server(self._serve, sock=listener)

    async def _stop(self) -> None:
        assert self._server is not None
        self._server.close()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for writer in self._writers:
            writer.transport.abort()
        await asyncio.sleep(0.1)  # let the aborted transports close their sockets

    async def _serve(self, client_in: asyncio.StreamReader, client_out: asyncio.StreamWriter) -> None:
        self.connections += 1
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        server_in, server_out = await asyncio.open_connection(*self._upstream)
        self._writers += [client_out, server_out]
        silent = asyncio.Event()
        sent_since_trip = 0

        async def upstream() -> None:
            nonlocal sent_since_trip
            while data := await client_in.read(16 * 1024):
                if self.stall_after is not None:
                    if not self.tripped and self.forwarded + len(data) > self.stall_after:
                        self.tripped = True
                        data = data[: self.stall_after - self.forwarded]
                        sent_since_trip = self.allowance  # the connection that crossed goes silent now
                    elif self.tripped:
                        sent_since_trip += len(data)
                    if self.tripped and sent_since_trip >= self.allowance:
                        data = data[: max(0, len(data) - (sent_since_trip - self.allowance))]
                        server_out.write(data)
                        self.forwarded += len(data)
                        silent.set()
                        self.stalled += 1
                        await asyncio.Event().wait()  # silent: read nothing more, keep it open
                if self.rate:
                    await asyncio.sleep(len(data) / self.rate)
                server_out.write(data)
                self.forwarded += len(data)
                await server_out.drain()
            server_out.write_eof()

        async def downstream() -> None:
            while data := await server_in.read(64 * 1024):
                if silent.is_set():
                    await asyncio.Event().wait()
                client_out.write(data)
                await client_out.drain()
            client_out.close()

        # Ended quietly when the proxy stops: asyncio.start_server would log a cancelled handler.
        with contextlib.suppress(ConnectionError, OSError, asyncio.CancelledError):
            await asyncio.gather(upstream(), downstream())


@pytest.fixture
def local_root(tmp_path: Path) -> Path:
    root = tmp_path / "src"
    root.mkdir()
    return root


def stall_options(url: str, bucket: str, **overrides: Any) -> Any:
    settings: dict[str, Any] = {
        "prefix": "dst",
        "read_timeout": READ_TIMEOUT,
        "connect_timeout": 2,
        "max_attempts": MAX_ATTEMPTS,
        "multipart_concurrency": 1,
    }
    settings.update(overrides)
    return s3_options(url, bucket, **settings)


@contextlib.asynccontextmanager
async def backends(
    local_root: Path, url: str, bucket: str, **overrides: Any
) -> AsyncIterator[tuple[LocalBackend, S3Backend]]:
    async with (
        LocalBackend(LocalOptions(path=str(local_root))) as source,
        S3Backend(stall_options(url, bucket, **overrides)) as destination,
    ):
        yield source, destination


async def timed_sync(source: LocalBackend, destination: S3Backend) -> tuple[SyncResult, float]:
    started = time.monotonic()
    result = await asyncio.wait_for(run_sync(source, destination, SyncSettings(retries=RETRIES)), GUARD)
    return result, time.monotonic() - started


def assert_failed_on_timeout(result: SyncResult, path: str, destination: S3Backend) -> None:
    # The run goes on with the other files, and reports this one as failed.
    assert result.status is RunStatus.COMPLETED_WITH_DIFFERENCES, result
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.path, error.endpoint) == (path, destination.label)
    assert "timed out" in error.message, error.message


def assert_no_upload_left(boto: Any, bucket: str) -> None:
    assert boto.list_multipart_uploads(Bucket=bucket).get("Uploads", []) == []


def object_body(boto: Any, bucket: str, key: str) -> bytes | None:
    try:
        body: bytes = boto.get_object(Bucket=bucket, Key=key)["Body"].read()
    except boto.exceptions.NoSuchKey:
        return None
    return body


@pytest.fixture
def proxy_factory(s3_url: str) -> Iterator[Any]:
    with contextlib.ExitStack() as stack:
        yield lambda **kwargs: stack.enter_context(FaultProxy(s3_url, **kwargs))


@pytest.mark.parametrize("concurrency", [1, 3], ids=["one-part-at-a-time", "parts-in-parallel"])
async def test_multipart_upload_stalled_mid_part_fails_in_bounded_time_and_is_aborted(
    proxy_factory: Any, local_root: Path, boto: Any, bucket: str, s3_url: str, concurrency: int
) -> None:
    # 12 MiB in 5 MiB parts; the data path dies 6 MiB in, inside the second part. In
    # parallel, the parts still in flight when one fails are cancelled mid-body.
    data = os.urandom(12 * MIB)
    (local_root / "big.bin").write_bytes(data)
    proxy = proxy_factory(stall_after=6 * MIB)
    async with backends(
        local_root, proxy.url, bucket, single_put_limit=5 * MIB, multipart_concurrency=concurrency
    ) as (source, destination):
        result, elapsed = await timed_sync(source, destination)
    assert proxy.tripped and proxy.stalled >= 2  # the first try and at least one retry stalled
    assert_failed_on_timeout(result, "big.bin", destination)
    assert elapsed < BOUND, elapsed
    assert object_body(boto, bucket, "dst/big.bin") is None
    assert_no_upload_left(boto, bucket)
    # The fault gone, the next run copies the file and leaves nothing behind (INV-2, INV-4).
    async with backends(local_root, s3_url, bucket, single_put_limit=5 * MIB) as (source, destination):
        again, _ = await timed_sync(source, destination)
    assert again.status is RunStatus.COMPLETED, again.errors
    assert object_body(boto, bucket, "dst/big.bin") == data
    assert_no_upload_left(boto, bucket)


async def test_failed_multipart_upload_keeps_the_old_version(
    proxy_factory: Any, local_root: Path, boto: Any, bucket: str
) -> None:
    boto.put_object(Bucket=bucket, Key="dst/big.bin", Body=b"the old version")
    (local_root / "big.bin").write_bytes(os.urandom(12 * MIB))
    proxy = proxy_factory(stall_after=6 * MIB)
    async with backends(local_root, proxy.url, bucket, single_put_limit=5 * MIB) as (source, destination):
        result, elapsed = await timed_sync(source, destination)
    assert_failed_on_timeout(result, "big.bin", destination)
    assert elapsed < BOUND, elapsed
    assert object_body(boto, bucket, "dst/big.bin") == b"the old version"  # INV-1
    assert_no_upload_left(boto, bucket)


async def test_single_put_from_disk_stalled_mid_body_fails_in_bounded_time(
    proxy_factory: Any, local_root: Path, boto: Any, bucket: str
) -> None:
    # 4 MiB: below the multipart threshold, sent as one PUT streamed from the file.
    (local_root / "one.bin").write_bytes(os.urandom(4 * MIB))
    proxy = proxy_factory(stall_after=1 * MIB)
    async with backends(local_root, proxy.url, bucket) as (source, destination):
        result, elapsed = await timed_sync(source, destination)
    assert proxy.stalled >= 2
    assert_failed_on_timeout(result, "one.bin", destination)
    assert elapsed < BOUND, elapsed
    assert object_body(boto, bucket, "dst/one.bin") is None


async def test_single_put_of_buffered_bytes_stalled_mid_body_fails_in_bounded_time(
    proxy_factory: Any, boto: Any, bucket: str
) -> None:
    # `write` with a known size below the threshold: one PUT of the bytes held in memory.
    data = os.urandom(4 * MIB)
    proxy = proxy_factory(stall_after=1 * MIB)
    async with S3Backend(stall_options(proxy.url, bucket)) as backend:
        started = time.monotonic()
        with pytest.raises(StorageError) as caught:
            await asyncio.wait_for(
                with_retries(
                    lambda: backend.write("mem.bin", iterate_bytes(data), size=len(data)), attempts=RETRIES
                ),
                GUARD,
            )
        elapsed = time.monotonic() - started
    assert caught.value.retryable and caught.value.path == "mem.bin"
    assert "timed out" in str(caught.value) and backend.label in str(caught.value)
    assert proxy.stalled >= 2 and elapsed < BOUND, elapsed
    assert object_body(boto, bucket, "dst/mem.bin") is None


@pytest.mark.parametrize("single_put_limit", [200 * MIB, 5 * MIB], ids=["single-put", "multipart"])
async def test_slow_but_moving_upload_is_not_killed(
    proxy_factory: Any, local_root: Path, boto: Any, bucket: str, single_put_limit: int
) -> None:
    # 6 MiB at 1 MiB/s: each request body takes far longer than the read timeout to send,
    # but bytes keep moving, so nothing may time out.
    data = os.urandom(6 * MIB)
    (local_root / "slow.bin").write_bytes(data)
    proxy = proxy_factory(rate=1 * MIB)
    async with backends(local_root, proxy.url, bucket, single_put_limit=single_put_limit) as (source, destination):
        result, elapsed = await timed_sync(source, destination)
    assert result.status is RunStatus.COMPLETED, result.errors
    assert elapsed > 2.5 * READ_TIMEOUT  # it really was slow: 5 MiB bodies took 5 s each
    assert object_body(boto, bucket, "dst/slow.bin") == data
    assert_no_upload_left(boto, bucket)


async def test_upload_file_directly_reports_the_stall(proxy_factory: Any, local_root: Path, bucket: str) -> None:
    path = local_root / "direct.bin"
    path.write_bytes(os.urandom(3 * MIB))
    proxy = proxy_factory(stall_after=512 * 1024)
    async with S3Backend(stall_options(proxy.url, bucket)) as backend:
        info = path.stat()
        entry = Entry("direct.bin", info.st_size, info.st_mtime_ns / 1e9)
        started = time.monotonic()
        with path.open("rb") as file, pytest.raises(StorageError) as caught:
            await asyncio.wait_for(backend.upload_file("direct.bin", file, entry, on_bytes=lambda _: None), GUARD)
        elapsed = time.monotonic() - started
    # Two tries of one request, each ending one read timeout after its bytes stopped moving.
    assert 2 * READ_TIMEOUT <= elapsed < 2 * READ_TIMEOUT + 3, elapsed
    assert caught.value.retryable
    assert "timed out" in caught.value.message and "2 s" in caught.value.message
