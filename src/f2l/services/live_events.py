"""The JSON of the live events and of the WebSocket protocol, declared once.

SSE (`GET /events`) and the WebSocket (`/ws`) carry the same JSON per event: an envelope
`{id, type, data, execution_id, session_id, timestamp}` whose `type` says what `data` holds.
These declarations are what the OpenAPI document publishes (`LiveEvent`, the SSE route's
response; `WebSocketClientMessage`, `WebSocketServerMessage`, `ReplayGap` among its
components), so a generated client gets one type per event and narrows `LiveEvent` on
`type`. They are TypedDicts: the publishers build plain dicts, and these describe them.

Times are ISO 8601 text in UTC (`f2l.events.iso_utc`), as everywhere in the API.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal, NotRequired

from pydantic import Field, RootModel, WithJsonSchema
from typing_extensions import TypedDict  # pydantic needs typing_extensions' TypedDict on Python 3.11

from f2l.db.statuses import ExecutionStatus
from f2l.events import EventType
from f2l.services.logs import LogLevel
from f2l.sync.progress import Phase

__all__ = [
    "ExecutionCompletedEvent",
    "ExecutionErrorEvent",
    "ExecutionFinished",
    "ExecutionProgress",
    "ExecutionProgressEvent",
    "LiveEvent",
    "LogEvent",
    "LogLine",
    "MessageType",
    "ReplayGap",
    "WebSocketClientMessage",
    "WebSocketServerMessage",
]

Uuid = Annotated[str, WithJsonSchema({"type": "string", "format": "uuid"})]
"""A UUID as the events carry it: text."""
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
"""A time as the events carry it: ISO 8601 text in UTC, e.g. `2026-12-01T10:00:00.250000Z`."""


class MessageType(StrEnum):
    """The WebSocket protocol's own messages (and SSE's `replay_gap`), beside the events."""

    AUTH = "auth"
    SUBSCRIBE = "subscribe"
    UNSUBSCRIBE = "unsubscribe"
    PING = "ping"
    SUBSCRIBED = "subscribed"
    UNSUBSCRIBED = "unsubscribed"
    PONG = "pong"
    ERROR = "error"
    REPLAY_GAP = "replay_gap"


# -- event data ------------------------------------------------------------------------------------


class ExecutionProgress(TypedDict):
    """`data` of an `execution_progress` event: a running run's counters (a few per second)."""

    execution_id: Uuid
    session_id: Uuid
    status: Literal[ExecutionStatus.RUNNING]
    phase: Phase
    progress_percentage: Annotated[float, Field(description="0-100: bytes done of bytes planned (else files).")]
    files_synced: int
    total_files: Annotated[int, Field(description="Files planned to transfer.")]
    bytes_transferred: int
    total_bytes: Annotated[int, Field(description="Bytes planned to transfer.")]
    files_deleted: int
    error_count: int
    current_files: Annotated[list[str], Field(description="Files being transferred now (at most 8).")]
    speed_bps: Annotated[float, Field(description="Bytes per second, recent average.")]
    eta_seconds: Annotated[float | None, Field(description="Seconds left at the current speed; null: unknown.")]
    cancel_requested: Annotated[bool, Field(description="Someone asked to cancel: the run is stopping.")]


class ExecutionFinished(TypedDict):
    """`data` of `execution_completed` (completed, completed_with_differences, cancelled) and
    `execution_error` (failed, interrupted): the run's final state.

    The counters are absent when the run ended before counting anything (it could not connect,
    was cancelled or interrupted): read the execution for them.
    """

    execution_id: Uuid
    session_id: Uuid
    status: ExecutionStatus
    error_message: str | None
    finished_at: Timestamp
    files_synced: NotRequired[int]
    bytes_transferred: NotRequired[int]
    files_deleted: NotRequired[int]
    error_count: NotRequired[int]
    total_files: NotRequired[int]
    total_bytes: NotRequired[int]
    conflicts: NotRequired[int]


class LogLine(TypedDict):
    """`data` of a `log` event: one log line, of a run or of the service (also stored, see `GET /logs`)."""

    id: Annotated[int, Field(description="The stored line's id, as `GET /logs` gives it.")]
    level: LogLevel
    message: str
    timestamp: Timestamp


# -- events ----------------------------------------------------------------------------------------


class _Envelope(TypedDict):
    id: Annotated[int, Field(description="Increases by one per event: resume after the last one seen.")]
    execution_id: Uuid | None
    session_id: Uuid | None
    timestamp: Annotated[Timestamp, Field(description="When the event was published (ISO 8601, UTC).")]


class ExecutionProgressEvent(_Envelope):
    """A running run's progress."""

    type: Literal[EventType.EXECUTION_PROGRESS]
    data: ExecutionProgress


class ExecutionCompletedEvent(_Envelope):
    """A run ended completed, completed with differences, or cancelled."""

    type: Literal[EventType.EXECUTION_COMPLETED]
    data: ExecutionFinished


class ExecutionErrorEvent(_Envelope):
    """A run ended failed or interrupted."""

    type: Literal[EventType.EXECUTION_ERROR]
    data: ExecutionFinished


class LogEvent(_Envelope):
    """A log line: of a run (`execution_id` set), or of the service (who changed what, skipped
    schedules, endpoints going offline and back)."""

    type: Literal[EventType.LOG]
    data: LogLine


_Event = ExecutionProgressEvent | ExecutionCompletedEvent | ExecutionErrorEvent | LogEvent


class LiveEvent(RootModel[Annotated[_Event, Field(discriminator="type")]]):
    """One live event, as SSE sends it in `data:` and the WebSocket as a message; `type` says which."""


# -- the protocols' own messages -------------------------------------------------------------------


class ReplayGap(TypedDict):
    """SSE `event: replay_gap`: some events after `Last-Event-ID` are gone; reload from the REST API."""

    type: Literal[MessageType.REPLAY_GAP]


class AuthMessage(TypedDict):
    """Client → server, first message when the handshake carried no token."""

    type: Literal[MessageType.AUTH]
    token: str


class SubscribeMessage(TypedDict):
    """Client → server: receive the events of one run (or all), first those after `last_event_id`."""

    type: Literal[MessageType.SUBSCRIBE]
    execution_id: NotRequired[Uuid | None]
    last_event_id: NotRequired[Annotated[int, Field(ge=0)] | None]


class UnsubscribeMessage(TypedDict):
    """Client → server: stop receiving events."""

    type: Literal[MessageType.UNSUBSCRIBE]


class PingMessage(TypedDict):
    """Client → server: answered with `pong`."""

    type: Literal[MessageType.PING]


class SubscribedMessage(TypedDict):
    """Server → client: the subscription is in place; `replay_gap` as in SSE."""

    type: Literal[MessageType.SUBSCRIBED]
    execution_id: Uuid | None
    replay_gap: bool


class UnsubscribedMessage(TypedDict):
    """Server → client: no more events until the next `subscribe`."""

    type: Literal[MessageType.UNSUBSCRIBED]


class PongMessage(TypedDict):
    """Server → client: the answer to `ping`."""

    type: Literal[MessageType.PONG]


class ErrorMessage(TypedDict):
    """Server → client: a message was refused (the socket stays open)."""

    type: Literal[MessageType.ERROR]
    message: str


class WebSocketClientMessage(
    RootModel[
        Annotated[AuthMessage | SubscribeMessage | UnsubscribeMessage | PingMessage, Field(discriminator="type")]
    ]
):
    """What a client sends on `/ws`."""


class WebSocketServerMessage(
    RootModel[
        Annotated[
            _Event | SubscribedMessage | UnsubscribedMessage | PongMessage | ErrorMessage,
            Field(discriminator="type"),
        ]
    ]
):
    """What the server sends on `/ws`: the live events and the protocol's answers."""
