"""Live events: Server-Sent Events at `GET /events` and a WebSocket at `/ws`, both fed by the event bus.

Both carry the same JSON per event, `Event.to_json()`: `{"id", "type", "data", "execution_id",
"session_id", "timestamp"}`, declared per type in `f2l.services.live_events` (the OpenAPI
document's `LiveEvent`); times are ISO 8601 text in UTC. Ids increase by one per event on the
bus, so a client that lost its connection resumes with the id of the last event it saw and
misses nothing the bus still retains.
Either stream ends when the access token that opened it expires: the client signs in again (or
refreshes) and reconnects.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated, Any, Final
from urllib.parse import urlsplit

from fastapi import APIRouter, Header, Query, Request, WebSocket
from sse_starlette import EventSourceResponse, ServerSentEvent
from starlette.requests import HTTPConnection
from starlette.websockets import WebSocketDisconnect, WebSocketState

from f2l.api.deps import ACCESS_COOKIE, SECURITY, State
from f2l.api.state import ServiceState
from f2l.events import EventBus, EventBusError, SubscriberLagged
from f2l.security.tokens import CLOCK_SKEW, InvalidTokenError, decode_token
from f2l.services.errors import AuthenticationError, PermissionDeniedError, ServiceError
from f2l.services.live_events import MessageType
from f2l.services.users import ROLE_RANK, Role, user_for_token

__all__ = ["router"]

logger = logging.getLogger(__name__)

router = APIRouter(tags=["realtime"])

PING_SECONDS: Final = 15
"""Comment pings on the SSE stream: proxies close connections that stay silent too long."""
RETRY_MS: Final = 2000
"""How long an EventSource waits before reconnecting (the SSE `retry:` field)."""
SEND_TIMEOUT: Final = 30.0
"""A client that reads nothing for this long is disconnected rather than holding a connection open."""
AUTH_TIMEOUT: Final = 10.0
"""How long a WebSocket opened without a token may take to send its `auth` message."""
MAX_MESSAGE_CHARS: Final = 16_384
"""Longer WebSocket messages are refused unparsed: none of the protocol's messages comes close."""

# WebSocket close codes: 4000-4999 are for applications; 4401 and 4403 mirror HTTP 401 and 403.
CLOSE_UNAUTHORIZED: Final = 4401
CLOSE_FORBIDDEN: Final = 4403
CLOSE_GOING_AWAY: Final = 1001
CLOSE_POLICY: Final = 1008
CLOSE_INTERNAL: Final = 1011
CLOSE_TRY_AGAIN: Final = 1013

_EVENT_STREAM_DOC: dict[int | str, dict[str, Any]] = {
    200: {
        # The schema is each message's `data`; `f2l.api.openapi` adds `LiveEvent` to the components.
        "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/LiveEvent"}}},
        "description": "An endless `text/event-stream`: `id:` the event id, `event:` its type, `data:` the "
        "event as JSON — one `LiveEvent` (the schema given here is that of each message's `data`). Comment "
        "lines (`:`) are keep-alive pings; `event: replay_gap` (data `ReplayGap`, no id) says events were lost.",
    },
    401: {"description": "No valid access token."},
}


# -- authentication ---------------------------------------------------------------------------------


def _token_of(connection: HTTPConnection, query_token: str | None) -> tuple[str | None, bool]:
    """The access token (Bearer header, else the cookie, else `?token=`) and whether it is the cookie."""
    scheme, _, value = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    cookie = connection.cookies.get(ACCESS_COOKIE)
    if cookie:
        return cookie, True
    return query_token or None, False


async def _authenticate(state: ServiceState, token: str) -> datetime:
    """When the token stops being accepted, if it stands for an active user; else a ServiceError."""
    try:
        claims = decode_token(state.secret_key, token, "access")
    except InvalidTokenError as error:
        raise AuthenticationError(str(error)) from None
    async with state.sessionmaker() as db:
        user = await user_for_token(db, state.secret_key, token)
    if ROLE_RANK.get(user.role, -1) < ROLE_RANK[Role.VIEWER]:
        raise PermissionDeniedError(f"this needs the viewer role (you are {user.role})")
    # decode_token accepts a token for CLOCK_SKEW past its expiry: end the stream when it no
    # longer would, else a token accepted in that margin would open a stream that closes at once.
    return claims.expires_at + CLOCK_SKEW


def _seconds_until(deadline: datetime) -> float:
    return max(0.0, (deadline - datetime.now(UTC)).total_seconds())


# -- Server-Sent Events -----------------------------------------------------------------------------


@router.get(
    "/events",
    operation_id="events-stream",
    response_class=EventSourceResponse,
    responses=_EVENT_STREAM_DOC,
    # It authenticates on its own (header, cookie or ?token=): the schemes are declared by hand.
    openapi_extra={"security": SECURITY},
)
async def stream_events(
    request: Request,
    state: State,
    execution_id: Annotated[uuid.UUID | None, Query(description="Only the events of this run.")] = None,
    token: Annotated[
        str | None,
        Query(
            max_length=4096,
            description="Access token, for browsers' EventSource only (it cannot set headers). Prefer the "
            "`Authorization` header or the sign-in cookie: URLs end up in logs.",
        ),
    ] = None,
    last_event_id: Annotated[
        int | None,
        Query(ge=0, description="Resume after this event id, for clients that cannot send `Last-Event-ID`."),
    ] = None,
    last_event_id_header: Annotated[
        int | None,
        Header(alias="Last-Event-ID", ge=0, description="Resume after this event id (EventSource sends it)."),
    ] = None,
) -> EventSourceResponse:
    """Live events as Server-Sent Events: progress, logs, completions and errors of runs.

    Resume with `Last-Event-ID` (or `last_event_id`): the events after it that the bus still
    holds come first, then live ones. An `event: replay_gap` message (no id) says some were
    lost: reload the state from the REST API. The stream ends when the client falls too far
    behind (reconnect with `Last-Event-ID`) or its access token expires. A WebSocket at `/ws`
    carries the same events.
    """
    found, _from_cookie = _token_of(request, token)
    if found is None:
        raise AuthenticationError("not signed in: send a Bearer token, the sign-in cookie or ?token=")
    deadline = await _authenticate(state, found)
    # The header wins: EventSource reconnects to the same URL, so a `last_event_id` in it is older.
    resume = last_event_id_header if last_event_id_header is not None else last_event_id
    messages = _sse_messages(state.bus, str(execution_id) if execution_id else None, resume, deadline)
    return EventSourceResponse(messages, ping=PING_SECONDS, send_timeout=SEND_TIMEOUT)


async def _sse_messages(
    bus: EventBus, execution_id: str | None, last_event_id: int | None, deadline: datetime
) -> AsyncIterator[ServerSentEvent]:
    """The stream's messages until the bus ends the subscription or the token expires."""
    try:
        async with bus.subscribe(execution_id=execution_id, last_event_id=last_event_id) as subscription:
            # A first message once subscribed: it sets the reconnection delay, and tells a client
            # that what happens from now on will reach it.
            yield ServerSentEvent(comment="subscribed", retry=RETRY_MS)
            if subscription.replay_gap:
                yield ServerSentEvent(json.dumps({"type": MessageType.REPLAY_GAP}), event=MessageType.REPLAY_GAP)
            while True:
                # A timeout per wait, never around a yield: the consumer's sends must not be cancelled.
                try:
                    async with asyncio.timeout(_seconds_until(deadline)):
                        event = await anext(subscription)
                except TimeoutError:
                    yield ServerSentEvent(comment="token expired")
                    return
                except StopAsyncIteration:
                    return  # the bus closed: the service is stopping
                yield ServerSentEvent(event.to_json(), id=str(event.id), event=event.type)
    except SubscriberLagged:
        # Ending the stream is the remedy: EventSource reconnects with the last id it received.
        logger.info("an SSE client lagged behind; its stream ends so that it resumes")
    except EventBusError as error:
        logger.warning("an SSE stream ends: %s", error)


# -- WebSocket --------------------------------------------------------------------------------------


@router.websocket("/ws", name="events-websocket")
async def events_websocket(websocket: WebSocket) -> None:
    """Live events over a WebSocket; the same events as `GET /events`, as JSON text messages.

    Sign-in: an `Authorization: Bearer` header, the sign-in cookie or `?token=` on the handshake;
    without any, the first message must be `{"type": "auth", "token": "…"}` within 10 s. A refused
    sign-in closes with 4401 (4403 for a cookie sent from a foreign origin), an expired token too.

    Client → server: `{"type": "subscribe", "execution_id": "<uuid>" | null, "last_event_id": n}`
    (both optional: all events, live only; a new subscribe replaces the previous one),
    `{"type": "unsubscribe"}`, `{"type": "ping"}`.
    Server → client: each event as `{"type", "id", "data", "execution_id", "session_id", "timestamp"}`
    (the OpenAPI components `WebSocketClientMessage` and `WebSocketServerMessage` declare both ways),
    `{"type": "subscribed", "execution_id", "replay_gap"}` once a subscription is in place,
    `{"type": "unsubscribed"}`, `{"type": "pong"}`, and `{"type": "error", "message"}` for a bad
    message (the socket stays open). A client that falls too far behind is closed with 1013:
    reconnect and subscribe with the `last_event_id` it saw.
    """
    state: ServiceState = websocket.app.state.f2l
    token, from_cookie = _token_of(websocket, websocket.query_params.get("token"))
    if token is None:
        await websocket.accept()
        deadline = await _authenticate_first_message(websocket, state)
        if deadline is None:
            return
    else:
        # Checked before accepting: a refused client never gets a subscription. Browsers send the
        # cookie on cross-origin handshakes too and CORS does not apply, so the origin is checked.
        if from_cookie and not _origin_allowed(websocket, state):
            await _refuse(websocket, CLOSE_FORBIDDEN, "origin not allowed")
            return
        try:
            deadline = await _authenticate(state, token)
        except ServiceError as error:
            await _refuse(websocket, *_close_for(error))
            return
        await websocket.accept()
    await _Connection(websocket, state.bus, deadline).run()


def _origin_allowed(websocket: WebSocket, state: ServiceState) -> bool:
    """Whether a handshake comes from this service's own pages or an allowed CORS origin (or no browser)."""
    origin = websocket.headers.get("origin")
    if origin is None:
        return True
    return urlsplit(origin).netloc == websocket.headers.get("host") or origin in state.settings.cors_origin_list


def _close_for(error: ServiceError) -> tuple[int, str]:
    if isinstance(error, PermissionDeniedError):
        return CLOSE_FORBIDDEN, "forbidden"
    return CLOSE_UNAUTHORIZED, "unauthorized"


async def _refuse(websocket: WebSocket, code: int, reason: str) -> None:
    """Accept, then close with `code`: a browser never learns why a handshake was refused, but sees the code."""
    await websocket.accept()
    await _close(websocket, code, reason)


async def _close(websocket: WebSocket, code: int, reason: str) -> None:
    """Close the socket unless the client already has."""
    if websocket.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(WebSocketDisconnect, OSError, RuntimeError):
            await websocket.close(code, reason)


async def _authenticate_first_message(websocket: WebSocket, state: ServiceState) -> datetime | None:
    """The token's deadline from an `auth` message, or None once the socket is closed."""
    try:
        async with asyncio.timeout(AUTH_TIMEOUT):
            message = await websocket.receive()
    except TimeoutError:
        await _close(websocket, CLOSE_UNAUTHORIZED, "unauthorized")
        return None
    if message["type"] == "websocket.disconnect":
        return None
    token = _auth_token(message.get("text"))
    if token is None:
        await _close(websocket, CLOSE_UNAUTHORIZED, "unauthorized")
        return None
    try:
        return await _authenticate(state, token)
    except ServiceError as error:
        await _close(websocket, *_close_for(error))
        return None


def _auth_token(text: str | None) -> str | None:
    """The token of an `{"type": "auth", "token": …}` message, else None."""
    if text is None or len(text) > MAX_MESSAGE_CHARS:
        return None
    try:
        message = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(message, dict) or message.get("type") != MessageType.AUTH:
        return None
    token = message.get("token")
    return token if isinstance(token, str) and token else None


def _canonical_uuid(value: object) -> str | None:
    """A UUID in the form the bus compares (it matches execution ids as strings), else None."""
    if not isinstance(value, str):
        return None
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


class _Closed(Exception):
    """The socket is closed, by the client or by the server: every task of the connection stops."""


class _Connection:
    """One signed-in WebSocket: a receive loop, the current subscription's send loop, the expiry watch."""

    def __init__(self, websocket: WebSocket, bus: EventBus, deadline: datetime) -> None:
        self._websocket = websocket
        self._bus = bus
        self._deadline = deadline
        self._send_lock = asyncio.Lock()
        self._tasks: asyncio.TaskGroup | None = None
        self._pump: asyncio.Task[None] | None = None

    async def run(self) -> None:
        """Serve the connection until either side closes it."""
        try:
            async with asyncio.TaskGroup() as tasks:
                self._tasks = tasks
                tasks.create_task(self._receive_loop())
                tasks.create_task(self._expire())
        except* _Closed:
            pass
        except* Exception:
            logger.exception("a live events WebSocket failed")
            await _close(self._websocket, CLOSE_INTERNAL, "internal error")

    async def _receive_loop(self) -> None:
        while True:
            message = await self._websocket.receive()
            if message["type"] == "websocket.disconnect":
                raise _Closed
            text = message.get("text")
            if text is None:
                await self._error("send JSON text messages, not binary ones")
            elif len(text) > MAX_MESSAGE_CHARS:
                await self._error(f"message too long (over {MAX_MESSAGE_CHARS} characters)")
            else:
                await self._handle(text)

    async def _handle(self, text: str) -> None:
        try:
            message = json.loads(text)
        except (ValueError, RecursionError):
            await self._error("invalid JSON")
            return
        kind = message.get("type") if isinstance(message, dict) else None
        if not isinstance(kind, str):
            await self._error('a message is a JSON object with a "type"')
        elif kind == MessageType.PING:
            await self._send_json({"type": MessageType.PONG})
        elif kind == MessageType.SUBSCRIBE:
            await self._subscribe(message)
        elif kind == MessageType.UNSUBSCRIBE:
            await self._stop_pump()
            await self._send_json({"type": MessageType.UNSUBSCRIBED})
        elif kind == MessageType.AUTH:
            await self._error("already signed in")
        else:
            await self._error(f"unknown message type {kind[:40]!r}: expected subscribe, unsubscribe or ping")

    async def _subscribe(self, message: dict[str, Any]) -> None:
        raw_id, last_event_id = message.get("execution_id"), message.get("last_event_id")
        execution_id = _canonical_uuid(raw_id)
        if raw_id is not None and execution_id is None:
            await self._error("execution_id must be a UUID or null")
            return
        if last_event_id is not None and (
            not isinstance(last_event_id, int) or isinstance(last_event_id, bool) or last_event_id < 0
        ):
            await self._error("last_event_id must be a non-negative integer or null")
            return
        await self._stop_pump()
        assert self._tasks is not None
        self._pump = self._tasks.create_task(self._pump_events(execution_id, last_event_id))

    async def _stop_pump(self) -> None:
        """End the current subscription, waiting until no event of it can be sent any more."""
        if self._pump is not None:
            self._pump.cancel()
            # asyncio.wait, not `await`: it does not raise the pump's CancelledError, yet this task's own.
            await asyncio.wait([self._pump])
            self._pump = None

    async def _pump_events(self, execution_id: str | None, last_event_id: int | None) -> None:
        try:
            async with self._bus.subscribe(execution_id=execution_id, last_event_id=last_event_id) as subscription:
                # Sent once subscribed, so a client that waits for it misses nothing it then causes.
                await self._send_json(
                    {
                        "type": MessageType.SUBSCRIBED,
                        "execution_id": execution_id,
                        "replay_gap": subscription.replay_gap,
                    }
                )
                async for event in subscription:
                    await self._send(event.to_json())
        except SubscriberLagged:
            await _close(self._websocket, CLOSE_TRY_AGAIN, "lagged behind: subscribe again with last_event_id")
            raise _Closed from None
        except EventBusError as error:
            logger.warning("a live events WebSocket closes: %s", error)
            await _close(self._websocket, CLOSE_TRY_AGAIN, "event bus unavailable")
            raise _Closed from None
        await _close(self._websocket, CLOSE_GOING_AWAY, "service stopping")  # the bus closed
        raise _Closed

    async def _expire(self) -> None:
        await asyncio.sleep(_seconds_until(self._deadline))
        await _close(self._websocket, CLOSE_UNAUTHORIZED, "token expired")
        raise _Closed

    async def _error(self, message: str) -> None:
        await self._send_json({"type": MessageType.ERROR, "message": message})

    async def _send_json(self, message: dict[str, Any]) -> None:
        await self._send(json.dumps(message, separators=(",", ":")))

    async def _send(self, text: str) -> None:
        """Send one message; a client that does not take it within SEND_TIMEOUT is disconnected."""
        async with self._send_lock:
            try:
                async with asyncio.timeout(SEND_TIMEOUT):
                    await self._websocket.send_text(text)
            except TimeoutError:
                await _close(self._websocket, CLOSE_POLICY, "too slow")
                raise _Closed from None
            except (WebSocketDisconnect, OSError, RuntimeError):
                # Closed meanwhile: by the client, or by the expiry watch while this send waited.
                raise _Closed from None
