"""Live events over SSE (`GET /api/v1/events`) and WebSocket (`/api/v1/ws`) against the real service.

Most tests share one `f2l serve` process (SQLite, in-process runs) and follow real runs of a
session of 200 small files. Two tests run the app under uvicorn in the test's own event loop
instead, with a bus the test controls, to see subscriptions open and close and to make a
client lag behind on purpose.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from f2l.api.app import create_app
from f2l.config import Settings, sqlite_url
from f2l.events import EVENT_TYPES, Event, EventBus, MemoryEventBus, Subscription
from f2l.security.tokens import issue_token
from tests.storage.servers.f2l_serve import f2l_serve
from tests.storage.servers.moto import free_port

SECRET_KEY = "realtime-tests-signing-key-0123456789abcdefghijklmnop"
PASSWORD = "Admin-pass-123"
SECRET = "TOPSECRET-xyz"
FILES = 200
TIMEOUT = 30.0
EVENT_KEYS = {"id", "type", "data", "execution_id", "session_id", "timestamp"}
FINAL_TYPES = {"execution_completed", "execution_error"}

_numbers = itertools.count()


# -- the service ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Live:
    """The running service and what the tests share on it."""

    url: str
    token: str
    refresh_token: str
    user_id: str
    root: Path
    source_id: str

    @property
    def ws_url(self) -> str:
        return "ws" + self.url.removeprefix("http") + "/api/v1/ws"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def forged_token(user_id: str, issued_ago: timedelta, lifetime: timedelta) -> str:
    """An access token for `user_id` signed with the service's key, issued in the past."""
    token, _ = issue_token(
        SECRET_KEY.encode(), user_id, "admin", "access", lifetime, now=datetime.now(UTC) - issued_ago
    )
    return token


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """`f2l serve` as a user runs it, signed in as the first admin, with a source folder of 200 files."""
    root = tmp_path_factory.mktemp("realtime")
    for index in range(FILES):
        path = root / "source" / f"d{index % 10}" / f"f{index:03d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"file {index}\n" * 8)
    env = {
        "F2L_LOCAL_ROOTS": str(root),
        "F2L_SECRET_KEY": SECRET_KEY,
        "F2L_WRITE_RATE_LIMIT": "0",
    }
    with f2l_serve(root, env) as url:
        with httpx.Client(base_url=f"{url}/api/v1", timeout=TIMEOUT, trust_env=False) as client:
            setup = client.post("/auth/setup", json={"username": "admin", "password": PASSWORD})
            assert setup.status_code == 201, setup.text
            tokens = client.post("/auth/login", json={"username": "admin", "password": PASSWORD}).json()
            source = client.post(
                "/endpoints",
                headers=bearer(tokens["access_token"]),
                json={"name": "source", "endpoint_type": "local", "local_path": str(root / "source")},
            )
            assert source.status_code == 201, source.text
        yield Live(
            url, tokens["access_token"], tokens["refresh_token"], tokens["user"]["id"], root, source.json()["id"]
        )


@pytest.fixture
async def api(live: Live) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client on /api/v1 with the admin's Bearer token."""
    async with httpx.AsyncClient(
        base_url=f"{live.url}/api/v1", headers=bearer(live.token), timeout=TIMEOUT, trust_env=False
    ) as client:
        yield client


async def new_session(api: httpx.AsyncClient, live: Live, destination: Mapping[str, Any] | None = None) -> str:
    """A session from the shared source to a new destination (an empty local folder unless given)."""
    number = next(_numbers)
    if destination is None:
        target = live.root / f"target-{number}"
        target.mkdir()
        destination = {"endpoint_type": "local", "local_path": str(target)}
    endpoint = await api.post("/endpoints", json={"name": f"destination {number}", **destination})
    assert endpoint.status_code == 201, endpoint.text
    session = await api.post(
        "/sessions",
        json={
            "name": f"session {number}",
            "source_endpoint_id": live.source_id,
            "destination_endpoint_id": endpoint.json()["id"],
        },
    )
    assert session.status_code == 201, session.text
    session_id: str = session.json()["id"]
    return session_id


async def start(api: httpx.AsyncClient, session_id: str) -> str:
    response = await api.post(f"/sessions/{session_id}/start")
    assert response.status_code == 202, response.text
    execution_id: str = response.json()["execution_id"]
    return execution_id


# -- SSE client -------------------------------------------------------------------------------------


@dataclass
class SseMessage:
    id: str | None = None
    event: str | None = None
    data: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    retry: int | None = None


def _is_ping(message: SseMessage) -> bool:
    only_comments = not message.data and message.id is None and message.event is None and message.retry is None
    return only_comments and all(comment.startswith("ping") for comment in message.comments)


class SseStream:
    """The messages of an open `text/event-stream` response, parsed as a browser's EventSource does."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()
        self.raw: list[str] = []  # every data payload, as sent

    async def next(self) -> SseMessage | None:
        """The next message other than a keep-alive ping, None at the end of the stream."""
        async with asyncio.timeout(TIMEOUT):
            while True:
                message = await self._read_message()
                if message is None or not _is_ping(message):
                    return message

    async def _read_message(self) -> SseMessage | None:
        message = SseMessage()
        async for line in self._lines:
            if line == "":
                return message
            if line.startswith(":"):
                message.comments.append(line[1:].strip())
                continue
            name, _, value = line.partition(":")
            value = value.removeprefix(" ")
            if name == "data":
                message.data.append(value)
            elif name == "id":
                message.id = value
            elif name == "event":
                message.event = value
            elif name == "retry":
                message.retry = int(value)
        return None

    async def next_event(self) -> dict[str, Any]:
        """The next event, checked against its `id:` and `event:` fields."""
        message = await self.next()
        assert message is not None, "the stream ended"
        assert message.data, f"not an event: {message}"
        text = "\n".join(message.data)
        self.raw.append(text)
        event: dict[str, Any] = json.loads(text)
        assert set(event) == EVENT_KEYS
        assert message.id == str(event["id"])
        assert message.event == event["type"]
        return event

    async def until_finished(self, execution_id: str) -> list[dict[str, Any]]:
        """Events up to and including the completion or error of the execution."""
        return await _until_finished(self.next_event, execution_id)

    async def aclose(self) -> None:
        await self._lines.aclose()


@asynccontextmanager
async def open_sse(
    client: httpx.AsyncClient, params: Mapping[str, Any] | None = None, headers: Mapping[str, str] | None = None
) -> AsyncIterator[SseStream]:
    """An SSE stream, once the service says it is subscribed."""
    async with client.stream("GET", "/events", params=params, headers=headers) as response:
        if response.status_code != 200:
            await response.aread()
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/event-stream")
        stream = SseStream(response)
        try:
            first = await stream.next()
            assert first is not None and first.comments == ["subscribed"] and first.retry == 2000, first
            yield stream
        finally:
            await stream.aclose()


async def _until_finished(
    next_event: Callable[[], Awaitable[dict[str, Any]]], execution_id: str
) -> list[dict[str, Any]]:
    events = []
    while True:
        event = await next_event()
        events.append(event)
        if event["type"] in FINAL_TYPES and event["execution_id"] == execution_id:
            return events


def increasing(ids: list[int]) -> bool:
    return all(earlier < later for earlier, later in itertools.pairwise(ids))


# -- WebSocket client -------------------------------------------------------------------------------


def ws_connect(
    url: str, token: str | None = None, origin: str | None = None, headers: Mapping[str, str] | None = None
) -> connect:
    all_headers = {**(bearer(token) if token else {}), **(headers or {})}
    return connect(url, additional_headers=all_headers, origin=Origin(origin) if origin else None, proxy=None)


async def receive(ws: ClientConnection) -> dict[str, Any]:
    message: dict[str, Any] = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
    return message


async def request(ws: ClientConnection, message: dict[str, Any] | str | bytes) -> dict[str, Any]:
    """Send a message (a dict as JSON) and return the reply."""
    await ws.send(json.dumps(message) if isinstance(message, dict) else message)
    return await receive(ws)


class WsEvents:
    """The events arriving on a subscribed WebSocket."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.raw: list[str] = []

    async def next_event(self) -> dict[str, Any]:
        text = await asyncio.wait_for(self.ws.recv(), TIMEOUT)
        assert isinstance(text, str)
        self.raw.append(text)
        event: dict[str, Any] = json.loads(text)
        assert set(event) == EVENT_KEYS and event["type"] in EVENT_TYPES, event
        return event

    async def until_finished(self, execution_id: str) -> list[dict[str, Any]]:
        return await _until_finished(self.next_event, execution_id)


async def close_of(ws: ClientConnection, received: list[dict[str, Any]] | None = None) -> tuple[int, str]:
    """The code and reason the server closes the socket with; the messages before it go to `received`."""
    try:
        while True:
            message = json.loads(await asyncio.wait_for(ws.recv(), TIMEOUT))
            if received is not None:
                received.append(message)
    except ConnectionClosed as closed:
        frame = closed.rcvd
    assert frame is not None, "closed without a close frame"
    return frame.code, frame.reason


# -- SSE --------------------------------------------------------------------------------------------


async def test_sse_follows_a_run_to_its_completion(live: Live, api: httpx.AsyncClient) -> None:
    session_id = await new_session(api, live)
    async with open_sse(api) as stream:
        execution_id = await start(api, session_id)
        events = await stream.until_finished(execution_id)
    assert increasing([event["id"] for event in events])
    assert all(event["execution_id"] == execution_id and event["session_id"] == session_id for event in events)
    # Who asked for the run (the API's audit line), then the run's own first line.
    assert [event["type"] for event in events[:2]] == ["log", "log"]
    assert events[0]["data"]["message"] == "run requested by 'admin'"
    assert "run started" in events[1]["data"]["message"]
    # Each live log line names the stored line it is, so a client merging both shows it once.
    stored = (await api.get("/logs", params={"execution_id": execution_id, "limit": 100})).json()["data"]
    live_lines = {event["data"]["id"]: event["data"]["message"] for event in events if event["type"] == "log"}
    assert live_lines == {line["id"]: line["message"] for line in stored}
    completed = events[-1]
    assert completed["type"] == "execution_completed"
    assert completed["data"]["status"] == "completed"
    assert completed["data"]["files_synced"] == FILES

    # Filtered to the run, from the start of what the bus holds: the same events again.
    async with open_sse(api, params={"execution_id": execution_id, "last_event_id": 0}) as stream:
        replayed = await stream.until_finished(execution_id)
    assert [event["id"] for event in replayed] == [event["id"] for event in events]


async def test_sse_resumes_after_the_last_event_id(live: Live, api: httpx.AsyncClient) -> None:
    session_id = await new_session(api, live)
    async with open_sse(api) as stream:
        execution_id = await start(api, session_id)
        first = await stream.next_event()
        second = await stream.next_event()
    assert first["id"] < second["id"]

    async with open_sse(api, headers={"Last-Event-ID": str(second["id"])}) as stream:
        resumed = await stream.until_finished(execution_id)
    assert resumed[0]["id"] == second["id"] + 1  # nothing re-sent, nothing missed
    assert increasing([event["id"] for event in resumed])
    assert resumed[-1]["type"] == "execution_completed" and resumed[-1]["data"]["status"] == "completed"

    # The query parameter, for clients that cannot set the header; the header wins over it.
    async with open_sse(api, params={"last_event_id": first["id"]}) as stream:
        assert (await stream.next_event())["id"] == first["id"] + 1
    async with open_sse(api, params={"last_event_id": 0}, headers={"Last-Event-ID": str(second["id"])}) as stream:
        assert (await stream.next_event())["id"] == second["id"] + 1


async def test_sse_refuses_a_missing_or_invalid_token(live: Live) -> None:
    expired = forged_token(live.user_id, issued_ago=timedelta(minutes=10), lifetime=timedelta(minutes=1))
    refused: list[tuple[dict[str, str], dict[str, str]]] = [
        ({}, {}),
        (bearer("garbage"), {}),
        ({}, {"token": "garbage"}),
        ({"Cookie": "f2l_access=garbage"}, {}),
        (bearer(expired), {}),
        (bearer(live.refresh_token), {}),  # a refresh token is not an access token
    ]
    async with httpx.AsyncClient(base_url=f"{live.url}/api/v1", timeout=TIMEOUT, trust_env=False) as anonymous:
        for headers, params in refused:
            async with anonymous.stream("GET", "/events", headers=headers, params=params) as response:
                await response.aread()
            assert response.status_code == 401, (headers, params)
            assert response.headers["content-type"] == "application/json"
            assert response.headers["www-authenticate"] == "Bearer"
            assert isinstance(response.json()["detail"], str)
        # EventSource's ways: the token in the URL, or the sign-in cookie.
        async with open_sse(anonymous, params={"token": live.token}):
            pass
        async with open_sse(anonymous, headers={"Cookie": f"f2l_access={live.token}"}):
            pass


# -- WebSocket --------------------------------------------------------------------------------------


async def test_websocket_protocol_follows_a_run(live: Live, api: httpx.AsyncClient) -> None:
    session_id = await new_session(api, live)
    async with ws_connect(live.ws_url, live.token) as ws:
        assert await request(ws, {"type": "ping"}) == {"type": "pong"}
        bad_messages: list[tuple[str | bytes, str]] = [
            ("{not json", "invalid JSON"),
            ("[1, 2]", '"type"'),
            ('{"type": "bogus"}', "unknown message type"),
            ('{"type": "subscribe", "execution_id": "not-a-uuid"}', "UUID"),
            ('{"type": "subscribe", "execution_id": 42}', "UUID"),
            ('{"type": "subscribe", "last_event_id": -1}', "last_event_id"),
            ('{"type": "subscribe", "last_event_id": true}', "last_event_id"),
            ('{"type": "auth", "token": "x"}', "already signed in"),
            (b"\x00\x01", "text"),
        ]
        for message, complaint in bad_messages:
            reply = await request(ws, message)
            assert reply["type"] == "error" and complaint in reply["message"], (message, reply)
        assert await request(ws, {"type": "ping"}) == {"type": "pong"}  # still open

        subscribed = await request(ws, {"type": "subscribe", "execution_id": None})
        assert subscribed == {"type": "subscribed", "execution_id": None, "replay_gap": False}
        execution_id = await start(api, session_id)
        events = await WsEvents(ws).until_finished(execution_id)
        assert increasing([event["id"] for event in events])
        assert events[-1]["type"] == "execution_completed"
        assert events[-1]["data"]["status"] == "completed"
        assert events[-1]["execution_id"] == execution_id and events[-1]["session_id"] == session_id

        # Subscribing again replaces the filter; `last_event_id` replays (any UUID spelling works).
        subscribed = await request(
            ws, {"type": "subscribe", "execution_id": execution_id.upper(), "last_event_id": 0}
        )
        assert subscribed["type"] == "subscribed" and subscribed["execution_id"] == execution_id
        replayed = await WsEvents(ws).until_finished(execution_id)
        assert [event["id"] for event in replayed] == [event["id"] for event in events]

        assert await request(ws, {"type": "unsubscribe"}) == {"type": "unsubscribed"}
        assert await request(ws, {"type": "ping"}) == {"type": "pong"}


async def test_websocket_signs_in_by_message_query_or_cookie(live: Live) -> None:
    async with ws_connect(live.ws_url) as ws:
        await ws.send(json.dumps({"type": "auth", "token": live.token}))
        assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
    async with ws_connect(f"{live.ws_url}?token={live.token}") as ws:
        assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
    cookie = {"Cookie": f"f2l_access={live.token}"}
    for origin in (None, live.url):  # no browser, or the service's own page
        async with ws_connect(live.ws_url, headers=cookie, origin=origin) as ws:
            assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"


async def test_websocket_refuses_a_missing_or_invalid_token(live: Live) -> None:
    expired = forged_token(live.user_id, issued_ago=timedelta(minutes=10), lifetime=timedelta(minutes=1))
    unauthorized = (4401, "unauthorized")
    async with ws_connect(f"{live.ws_url}?token=garbage") as ws:
        assert await close_of(ws) == unauthorized
    for token in (expired, live.refresh_token, "garbage"):
        async with ws_connect(live.ws_url, token) as ws:
            assert await close_of(ws) == unauthorized
    first_messages = [
        '{"type": "subscribe"}',
        '{"type": "auth", "token": "garbage"}',
        "{not json",
        json.dumps({"type": "auth", "token": expired}),
    ]
    for first in first_messages:
        async with ws_connect(live.ws_url) as ws:
            await ws.send(first)
            assert await close_of(ws) == unauthorized
    # The cookie from another site's page: browsers send it, CORS does not apply to WebSockets.
    async with ws_connect(
        live.ws_url, headers={"Cookie": f"f2l_access={live.token}"}, origin="http://evil.example"
    ) as ws:
        assert await close_of(ws) == (4403, "origin not allowed")
    # Silence: the `auth` message is awaited for 10 s.
    started = time.monotonic()
    async with ws_connect(live.ws_url) as ws:
        assert await close_of(ws) == unauthorized
    assert 9 < time.monotonic() - started < 20


async def test_streams_end_when_the_token_expires(live: Live) -> None:
    # Expired 5 s ago: still inside the 10 s margin tokens get for clock skew, for 5 s more.
    token = forged_token(live.user_id, issued_ago=timedelta(seconds=65), lifetime=timedelta(seconds=60))
    async with httpx.AsyncClient(
        base_url=f"{live.url}/api/v1", headers=bearer(token), timeout=TIMEOUT, trust_env=False
    ) as client:
        async with open_sse(client) as stream, ws_connect(live.ws_url, token) as ws:
            assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"

            async def sse_end() -> list[str]:
                comments: list[str] = []
                while (message := await stream.next()) is not None:
                    comments += message.comments
                return comments

            comments, closed = await asyncio.gather(sse_end(), close_of(ws))
        assert comments[-1] == "token expired"
        assert closed == (4401, "token expired")
        async with client.stream("GET", "/events") as response:
            assert response.status_code == 401


# -- secrets ----------------------------------------------------------------------------------------


async def test_events_and_endpoints_never_show_secrets(live: Live, api: httpx.AsyncClient) -> None:
    s3 = {
        "endpoint_type": "s3",
        "s3_bucket": "bucket-b",
        "s3_access_key": "AK",
        "s3_secret_key": SECRET,
        "s3_endpoint_url": "http://127.0.0.1:9",
    }
    session_id = await new_session(api, live, destination=s3)
    listing = await api.get("/endpoints", params={"limit": 200})
    assert listing.status_code == 200 and SECRET not in listing.text
    for endpoint in listing.json()["data"]:
        one = await api.get(f"/endpoints/{endpoint['id']}")
        assert one.status_code == 200 and SECRET not in one.text

    async with open_sse(api) as stream, ws_connect(live.ws_url, live.token) as ws:
        assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
        execution_id = await start(api, session_id)  # S3 on a closed port: the run fails
        ws_events = WsEvents(ws)
        sse_seen, ws_seen = await asyncio.gather(
            stream.until_finished(execution_id), ws_events.until_finished(execution_id)
        )
    assert sse_seen[-1]["type"] == "execution_error" and sse_seen[-1]["data"]["status"] == "failed"
    assert [event["id"] for event in ws_seen] == [event["id"] for event in sse_seen]
    assert stream.raw and ws_events.raw
    for payload in stream.raw + ws_events.raw:
        assert SECRET not in payload


# -- in-process: subscriptions' lifetimes and lagging clients ---------------------------------------


class CountingBus(EventBus):
    """A bus that counts its open subscriptions; the routes use it in place of the service's."""

    def __init__(self, inner: EventBus) -> None:
        self.inner = inner
        self.open = 0

    async def publish(
        self, type: str, data: Mapping[str, Any], *, execution_id: str | None = None, session_id: str | None = None
    ) -> Event:
        return await self.inner.publish(type, data, execution_id=execution_id, session_id=session_id)

    def subscribe(
        self, *, execution_id: str | None = None, last_event_id: int | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        return self._subscribe(execution_id, last_event_id)

    @asynccontextmanager
    async def _subscribe(self, execution_id: str | None, last_event_id: int | None) -> AsyncIterator[Subscription]:
        async with self.inner.subscribe(execution_id=execution_id, last_event_id=last_event_id) as subscription:
            self.open += 1
            try:
                yield subscription
            finally:
                self.open -= 1

    async def close(self) -> None:
        await self.inner.close()


@dataclass
class Local:
    url: str
    token: str
    bus: CountingBus

    @property
    def ws_url(self) -> str:
        return "ws" + self.url.removeprefix("http") + "/api/v1/ws"

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=f"{self.url}/api/v1", headers=bearer(self.token), timeout=TIMEOUT, trust_env=False
        )


@pytest.fixture
async def local(tmp_path: Path) -> AsyncIterator[Local]:
    """The app under uvicorn in this event loop; its routes use a bus whose subscribers hold 3 events."""
    settings = Settings(
        data_dir=tmp_path / "data",
        database_url=sqlite_url(tmp_path / "f2l.db"),
        redis_url="",
        local_roots=str(tmp_path),
        scheduler_enabled=False,
        health_check_interval=0,
        secret_key=SECRET_KEY,
    )
    app = create_app(settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", lifespan="on", ws="websockets-sansio"
        )
    )
    task = asyncio.create_task(server.serve())
    try:
        async with asyncio.timeout(TIMEOUT):
            while not server.started:
                assert not task.done(), task.result()
                await asyncio.sleep(0.02)
        bus = CountingBus(MemoryEventBus(queue_size=3))
        app.state.f2l.bus = bus
        url = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=f"{url}/api/v1", timeout=TIMEOUT, trust_env=False) as client:
            assert (await client.post("/auth/setup", json={"username": "admin", "password": PASSWORD})).is_success
            tokens = (await client.post("/auth/login", json={"username": "admin", "password": PASSWORD})).json()
        yield Local(url, tokens["access_token"], bus)
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, TIMEOUT)


async def eventually(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("the condition did not come true within 10 s")


async def test_tokens_sent_in_the_query_never_reach_the_log(live: Live) -> None:
    async with (
        httpx.AsyncClient(base_url=f"{live.url}/api/v1", timeout=TIMEOUT, trust_env=False) as client,
        client.stream("GET", "/events", params={"token": live.token}) as stream,
    ):
        assert stream.status_code == 200
    for _ in range(20):  # uvicorn writes the access line when the response ends
        log = (live.root / "serve.log").read_text()
        if "/api/v1/events?token=***" in log:
            break
        await asyncio.sleep(0.1)
    assert "token=***" in log and live.token not in log and live.token[-20:] not in log


async def test_subscriptions_end_with_their_connections(local: Local) -> None:
    async with local.client() as client:
        async with open_sse(client):
            assert local.bus.open == 1
        await eventually(lambda: local.bus.open == 0)

    async with ws_connect(local.ws_url, local.token) as ws:
        assert local.bus.open == 0  # nothing until subscribed
        assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
        assert local.bus.open == 1
        other = "0b7c2f9e-2f0d-4c55-9a51-2d1f1f7d0a11"
        assert (await request(ws, {"type": "subscribe", "execution_id": other}))["execution_id"] == other
        assert local.bus.open == 1  # replaced, not added
        assert await request(ws, {"type": "unsubscribe"}) == {"type": "unsubscribed"}
        assert local.bus.open == 0
        assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
    await eventually(lambda: local.bus.open == 0)


async def test_a_lagging_client_is_cut_off_and_resumes(local: Local) -> None:
    async with local.client() as client:
        async with open_sse(client) as stream, ws_connect(local.ws_url, local.token) as ws:
            assert (await request(ws, {"type": "subscribe"}))["type"] == "subscribed"
            # publish() never waits, so the 10 events are out before either connection sends one:
            # their subscribers' queues (3 events, none of them droppable progress) overflow.
            published = [(await local.bus.publish("log", {"message": f"line {n}"})).id for n in range(10)]
            sse_ids = []
            while (message := await stream.next()) is not None:
                sse_ids.append(int(message.id or 0))
            received: list[dict[str, Any]] = []
            code, reason = await close_of(ws, received)
        ws_ids = [event["id"] for event in received]
        assert sse_ids == ws_ids == published[:3]  # what was queued, then the end
        assert code == 1013 and "last_event_id" in reason

        async with open_sse(client, headers={"Last-Event-ID": str(sse_ids[-1])}) as stream:
            assert [(await stream.next_event())["id"] for _ in range(7)] == published[3:]
        async with ws_connect(local.ws_url, local.token) as ws:
            assert (await request(ws, {"type": "subscribe", "last_event_id": ws_ids[-1]}))["type"] == "subscribed"
            events = WsEvents(ws)
            assert [(await events.next_event())["id"] for _ in range(7)] == published[3:]


async def test_a_resume_the_bus_cannot_serve_in_full_says_so(local: Local) -> None:
    # Ids the bus never gave (it restarted since): the events missed are gone.
    async with local.client() as client, open_sse(client, headers={"Last-Event-ID": "999"}) as stream:
        gap = await stream.next()
        assert gap is not None and gap.event == "replay_gap" and gap.id is None
        assert json.loads("\n".join(gap.data)) == {"type": "replay_gap"}
    async with ws_connect(local.ws_url, local.token) as ws:
        subscribed = await request(ws, {"type": "subscribe", "last_event_id": 999})
        assert subscribed == {"type": "subscribed", "execution_id": None, "replay_gap": True}
