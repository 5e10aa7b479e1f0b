"""Request bodies over `F2L_MAX_REQUEST_BODY_BYTES` are refused with 413 before they are read.

A declared `Content-Length` over the limit is refused at once, before a byte of the body is
read; a body without one (chunked) is counted as it arrives and refused once over the limit.
Either way the server hangs up instead of draining the rest.

Where the exact moment matters, the tests speak HTTP over a plain socket (in a thread: the
service runs in the test's event loop): httpx reads no answer before it has sent the whole
body, so it cannot show a server that answered early.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from f2l.config import Settings
from tests.api.conftest import Service, run_service

MIB = 1024 * 1024
CHUNK = 64 * 1024
HUGE = 64 * MIB
ANSWER_WITHIN = 2.0  # seconds; the unfixed service waits for the body (or reads 64 MiB) instead
SOCKET_TIMEOUT = 5.0


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def _exchange(url: str, head: str, body: bytes, timeout: float) -> Answer:
    """Send `head` and `body` as they are, then read until the server hangs up."""
    address = urlsplit(url)
    assert address.hostname and address.port
    with socket.create_connection((address.hostname, address.port), timeout=timeout) as connection:
        started = time.monotonic()
        connection.sendall(head.encode() + body)
        received = b""
        while True:
            try:
                piece = connection.recv(CHUNK)
            except ConnectionResetError:  # after the answer: it hung up on bytes it did not read
                break
            if not piece:
                break
            received += piece
        seconds = time.monotonic() - started
    status_head, _, answer_body = received.partition(b"\r\n\r\n")
    status_line, *header_lines = status_head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Answer(int(status_line.split()[1]), headers, answer_body, seconds)


async def exchange(service: Service, path: str, headers: dict[str, str], body: bytes = b"") -> Answer:
    """A POST to `/api/v1{path}` written by hand: only the headers given (no Content-Length added)."""
    lines = [f"POST /api/v1{path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    lines += [f"{name}: {value}" for name, value in headers.items()]
    head = "\r\n".join(lines) + "\r\n\r\n"
    return await asyncio.to_thread(_exchange, service.url, head, body, SOCKET_TIMEOUT)


def chunked(body: bytes, size: int = CHUNK) -> bytes:
    """`body` in chunked transfer coding, without the closing empty chunk."""
    pieces = (body[start : start + size] for start in range(0, len(body), size))
    return b"".join(b"%x\r\n%s\r\n" % (len(piece), piece) for piece in pieces)


class Feed:
    """An async body of `total` bytes that counts what the client actually took from it."""

    def __init__(self, total: int, chunk: int = CHUNK) -> None:
        self.total = total
        self.chunk = chunk
        self.sent = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.sent < self.total:
            piece = b"x" * min(self.chunk, self.total - self.sent)
            self.sent += len(piece)
            yield piece


def json_body(size: int) -> bytes:
    """A login-shaped JSON body of exactly `size` bytes (a long password: the server answers 422)."""
    empty = json.dumps({"username": "nobody", "password": ""}).encode()
    body = json.dumps({"username": "nobody", "password": "p" * (size - len(empty))}).encode()
    assert len(body) == size
    return body


def assert_refused(answer: Answer | httpx.Response, limit: int) -> None:
    status = answer.status if isinstance(answer, Answer) else answer.status_code
    assert status == 413, answer.body[:300] if isinstance(answer, Answer) else answer.text[:300]
    assert answer.headers["content-type"] == "application/json"
    detail = answer.json()["detail"]  # the API's error shape
    assert isinstance(detail, str) and str(limit) in detail, detail
    assert answer.headers.get("connection") == "close"


async def test_a_declared_length_over_the_limit_is_refused_before_any_body_is_sent(service: Service) -> None:
    answer = await exchange(service, "/auth/login", {"Content-Length": str(HUGE)})  # and no body at all
    assert_refused(answer, service.settings.max_request_body_bytes)
    assert answer.seconds < ANSWER_WITHIN


async def test_a_client_streaming_64_mib_is_cut_off_long_before_the_end(
    service: Service, client: httpx.AsyncClient
) -> None:
    feed = Feed(HUGE)
    started = time.monotonic()
    try:
        response = await client.post(
            "/auth/login", content=feed, headers={"Content-Length": str(HUGE), "Content-Type": "application/json"}
        )
    except httpx.TransportError:
        pass  # the server hung up while httpx was still writing: httpx then cannot read the 413
    else:
        assert_refused(response, service.settings.max_request_body_bytes)
    assert feed.sent < HUGE // 2, f"the client got to send {feed.sent} bytes"
    assert time.monotonic() - started < ANSWER_WITHIN


async def test_a_chunked_body_is_refused_as_soon_as_it_passes_the_limit(
    service: Service, client: httpx.AsyncClient
) -> None:
    limit = service.settings.max_request_body_bytes
    # One byte over, and the body not finished: the server must answer without waiting for more.
    answer = await exchange(service, "/auth/login", {"Transfer-Encoding": "chunked"}, chunked(b"x" * (limit + 1)))
    assert_refused(answer, limit)
    assert answer.seconds < ANSWER_WITHIN

    feed = Feed(HUGE)
    try:
        response = await client.post("/auth/login", content=feed, headers={"Content-Type": "application/json"})
    except httpx.TransportError:
        pass
    else:
        assert_refused(response, limit)
    assert feed.sent < HUGE // 2, f"the client got to send {feed.sent} bytes"


async def test_an_authenticated_route_refuses_an_oversized_body(
    service: Service, admin: httpx.AsyncClient
) -> None:
    limit = service.settings.max_request_body_bytes
    token = {"Authorization": admin.headers["Authorization"]}
    declared = await exchange(service, "/endpoints", {**token, "Content-Length": str(limit + 1)})
    assert_refused(declared, limit)
    streamed = await exchange(
        service, "/sessions", {**token, "Transfer-Encoding": "chunked"}, chunked(b"x" * 2 * limit)
    )
    assert_refused(streamed, limit)
    # Nothing was created, and the service still answers.
    assert (await admin.get("/endpoints")).json()["data"] == []
    assert (await admin.get("/sessions")).json()["data"] == []


async def test_a_body_at_the_limit_gets_its_normal_answer(service: Service, client: httpx.AsyncClient) -> None:
    limit = service.settings.max_request_body_bytes
    body = json_body(limit)
    declared = await client.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
    assert declared.status_code == 422, declared.text[:300]  # the password is too long: validation, not size

    async def pieces() -> AsyncIterator[bytes]:
        for start in range(0, len(body), CHUNK):
            yield body[start : start + CHUNK]

    streamed = await client.post("/auth/login", content=pieces(), headers={"Content-Type": "application/json"})
    assert streamed.status_code == 422, streamed.text[:300]


async def test_the_limit_is_a_setting(service_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    assert Settings().max_request_body_bytes == MIB  # the default
    monkeypatch.setenv("F2L_MAX_REQUEST_BODY_BYTES", "4096")
    assert Settings().max_request_body_bytes == 4096

    small = service_settings.model_copy(update={"max_request_body_bytes": 2048})
    async with run_service(small) as running, httpx.AsyncClient(base_url=f"{running.url}/api/v1") as http:
        headers = {"Content-Type": "application/json"}
        assert (await http.post("/auth/login", content=json_body(2048), headers=headers)).status_code == 422
        assert_refused(await http.post("/auth/login", content=json_body(2049), headers=headers), 2048)
        assert_refused(await http.post("/auth/login", content=Feed(4096, chunk=512), headers=headers), 2048)
        assert (await http.get("/auth/status")).status_code == 200  # bodiless requests are untouched


async def test_other_scopes_pass_through_untouched() -> None:
    from f2l.api.body_limit import BodyLimitMiddleware  # here, so the other tests ran before it existed

    seen: list[tuple[Any, Any, Any]] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append((scope, receive, send))

    async def receive() -> dict[str, Any]:
        return {"type": "websocket.connect"}

    async def send(message: Any) -> None:
        raise AssertionError("the middleware must not answer")

    middleware = BodyLimitMiddleware(app, max_body_bytes=1)
    for kind in ("websocket", "lifespan"):
        scope = {"type": kind, "headers": [(b"content-length", b"999999")]}
        await middleware(scope, receive, send)
        assert seen.pop() == (scope, receive, send)
