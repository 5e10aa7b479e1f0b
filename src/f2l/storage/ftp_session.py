"""FTP sessions for the FTP backend: the aioftp client, the session pool and data transfers.

One control connection carries one command or transfer at a time. `SessionPool` lends
logged-in sessions to one operation each and decides, from how the operation ended,
whether a session may be reused: after a server reply it is still in step; after a reset,
a timeout, a cancellation or a transfer left halfway it is closed, so the next borrow
(and any retry) gets a fresh one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import ssl
import time
from collections.abc import AsyncIterator, Awaitable, Callable

import aioftp

from f2l.storage.base import ByteSource
from f2l.storage.errors import StorageError
from f2l.storage.ftp_errors import SourceFailed, reply_code
from f2l.storage.ftp_listing import parse_features

CHUNK_SIZE = 1 << 20
PROBE_IDLE_AFTER = 15.0
"""Seconds after which an idle session gets a NOOP before reuse (servers drop idle sessions)."""

DataStream = aioftp.DataConnectionThrottleStreamIO
Streams = tuple[asyncio.StreamReader, asyncio.StreamWriter]


class FTPClient(aioftp.Client):
    """aioftp's client, tolerant of replies that are not UTF-8 (a server echoing a legacy name)."""

    async def parse_line(self) -> tuple[aioftp.Code, str]:
        line = await self.stream.readline()
        if not line:
            self.stream.close()
            raise ConnectionResetError("the server closed the control connection")
        text = line.decode(self.encoding, errors="replace").rstrip()
        return aioftp.Code(text[:3]), text[3:]


class SessionPool:
    """Logged-in control connections, lent to one operation (and its transfer) at a time."""

    def __init__(self, open_client: Callable[[], Awaitable[FTPClient]], size: int) -> None:
        self._open = open_client
        self._slots = asyncio.Semaphore(size)
        self._idle: list[tuple[FTPClient, float]] = []
        self._live: set[FTPClient] = set()

    @contextlib.asynccontextmanager
    async def borrow(self) -> AsyncIterator[FTPClient]:
        """A session for the duration of the block; returned or discarded depending on how it ends."""
        async with self._slots:
            client = await self._take()
            try:
                yield client
            except aioftp.StatusCodeError as error:
                # The server answered, so the session is still in step, unless it said goodbye.
                self._release(client, keep=reply_code(error) != "421")
                raise
            except StorageError:
                self._release(client, keep=True)  # raised by the backend between commands
                raise
            except BaseException:
                self._release(client, keep=False)  # reset, timeout, cancellation, transfer cut short
                raise
            self._release(client, keep=True)

    async def _take(self) -> FTPClient:
        while self._idle:
            client, since = self._idle.pop()
            try:
                usable = await _usable(client, time.monotonic() - since)
            except BaseException:
                self._release(client, keep=False)
                raise
            if usable:
                return client
            self._release(client, keep=False)
        client = await self._open()
        self._live.add(client)
        return client

    def _release(self, client: FTPClient, *, keep: bool) -> None:
        if keep and _is_open(client):
            self._idle.append((client, time.monotonic()))
        else:
            self._live.discard(client)
            drop(client)

    async def close(self) -> None:
        """QUIT idle sessions, then close every session, borrowed ones included; safe twice."""
        idle, self._idle = self._idle, []
        await asyncio.gather(*(_quit(client) for client, _ in idle))
        for client in list(self._live):
            self._release(client, keep=False)


def _is_open(client: FTPClient) -> bool:
    stream = client._stream
    return stream is not None and not stream.reader.at_eof() and not stream.writer.is_closing()


async def _usable(client: FTPClient, idle_for: float) -> bool:
    if not _is_open(client):
        return False  # the server hung up while the session sat idle
    if idle_for < PROBE_IDLE_AFTER:
        return True
    try:
        await client.command("NOOP", "2xx")
    except (aioftp.AIOFTPException, OSError, EOFError):
        return False
    return True


async def _quit(client: FTPClient) -> None:
    with contextlib.suppress(Exception):
        await asyncio.wait_for(client.command("QUIT", "2xx"), 2)
    drop(client)


def drop(client: FTPClient) -> None:
    """Close a session at once (see `hang_up`)."""
    if client._stream is not None:
        hang_up(client._stream.writer.transport)


def hang_up(transport: asyncio.WriteTransport) -> None:
    """Drop a connection now: `abort`, not `close`.

    A TLS connection's `close` waits for the server's goodbye, which may never come and
    would leave the socket to outlive the event loop.
    """
    # Python 3.11's plain transport raises AttributeError from `abort` once a `close` that
    # had to flush its buffer has finished; the connection is closed then, nothing to do.
    with contextlib.suppress(AttributeError):
        transport.abort()


def _abort(stream: aioftp.StreamIO) -> None:
    hang_up(stream.writer.transport)


async def finish(stream: DataStream) -> None:
    """End a data transfer normally: close our side and wait for the server's final reply."""
    try:
        await stream.finish()
    finally:
        # Once the server has answered nothing more is owed on this connection: do not let a
        # TLS goodbye linger (and outlive the event loop).
        _abort(stream)


async def read_features(client: FTPClient) -> frozenset[str]:
    """The FEAT reply's feature names; empty for an RFC 959-only server."""
    try:
        _, info = await client.command("FEAT", "2xx")
    except aioftp.StatusCodeError:
        return frozenset()
    return parse_features(info)


async def optional(client: FTPClient, command: str) -> None:
    """Send a command whose refusal changes nothing (OPTS UTF8 ON, OPTS MLST ...)."""
    with contextlib.suppress(aioftp.StatusCodeError):
        await client.command(command, "2xx")


def tls_context(verify: bool) -> ssl.SSLContext:
    """The client TLS context; without `verify`, encrypted but unauthenticated."""
    context = ssl.create_default_context()
    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


# -- data connections ---------------------------------------------------------------


async def open_data(
    client: FTPClient, command: str, offset: int = 0, *, passive: bool = True, connect_timeout: float = 10.0
) -> DataStream:
    """Open a data connection and start `command` on it (after `REST offset` if non-zero)."""
    if passive:
        reader, writer = await client.get_passive_connection("I")  # TYPE I, then EPSV or PASV
        try:
            await _start(client, command, offset)
        except BaseException:
            hang_up(writer.transport)
            raise
    else:
        reader, writer = await _active_connection(client, command, offset, connect_timeout)
    return DataStream(client, reader, writer, throttles={"_": client.throttle}, timeout=client.socket_timeout)


async def _start(client: FTPClient, command: str, offset: int) -> None:
    if offset:
        await client.command(f"REST {offset}", "350")
    await client.command(command, "1xx")


async def _active_connection(client: FTPClient, command: str, offset: int, within: float) -> Streams:
    """Active mode: listen on the control connection's local address; the server connects."""
    arrived: asyncio.Future[Streams] = asyncio.get_running_loop().create_future()

    def accept(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if arrived.done():
            hang_up(writer.transport)  # only the first connection is our data connection
        else:
            arrived.set_result((reader, writer))

    host = client.stream.writer.get_extra_info("sockname")[0]
    listener = await asyncio.start_server(accept, host, 0)
    try:
        port = listener.sockets[0].getsockname()[1]
        await client.command("TYPE I", "200")
        await client.command(_port_command(host, port), "200")
        await _start(client, command, offset)
        return await asyncio.wait_for(arrived, within)
    except BaseException:
        if arrived.done() and not arrived.cancelled():
            hang_up(arrived.result()[1].transport)
        raise
    finally:
        listener.close()


def _port_command(host: str, port: int) -> str:
    if ":" in host:
        return f"EPRT |2|{host}|{port}|"
    return f"PORT {host.replace('.', ',')},{port >> 8},{port & 255}"


async def send(stream: DataStream, data: ByteSource, digest: hashlib._Hash | None = None) -> int:
    """Copy `data` into an upload stream and wait for the server's verdict; returns bytes sent.

    An exception from `data` itself comes out wrapped in `SourceFailed`, so it is not
    mistaken for a network error.
    """
    sent = 0
    source = aiter(data)
    try:
        while True:
            try:
                chunk = await anext(source)
            except StopAsyncIteration:
                break
            except Exception as error:
                raise SourceFailed(error) from error
            await stream.write(chunk)
            sent += len(chunk)
            if digest is not None:
                digest.update(chunk)
    except BaseException:
        _abort(stream)  # the server sees a short file; the caller removes the temp name
        raise
    await finish(stream)  # the server's 226 (or 451/452/552) says whether it was stored
    return sent


async def skip(stream: DataStream, count: int) -> None:
    """Read and drop `count` bytes (a range read from a server without REST)."""
    while count > 0:
        chunk = await stream.read(min(CHUNK_SIZE, count))
        if not chunk:
            return
        count -= len(chunk)


async def end_download(client: FTPClient, stream: DataStream, *, at_eof: bool) -> None:
    """Close a download and read the server's final reply, keeping the session in step."""
    if at_eof:
        await finish(stream)
        return
    # A range read stopped early: drop our side; the server reports the transfer as done
    # (226) or aborted (426/451), and the session stays usable.
    _abort(stream)
    await client.command(None, ("2xx", "4xx"), "1xx")


async def download_all(client: FTPClient, stream: DataStream) -> bytes:
    """The whole content of a (listing) data stream."""
    chunks = []
    try:
        while chunk := await stream.read(CHUNK_SIZE):
            chunks.append(chunk)
    except BaseException:
        _abort(stream)
        raise
    await finish(stream)
    return b"".join(chunks)


async def rename(client: FTPClient, src: str, dst: str) -> None:
    """RNFR/RNTO between two absolute server paths."""
    await client.command(f"RNFR {src}", "350")
    await client.command(f"RNTO {dst}", "2xx")
