"""The event bus through which live updates reach WebSocket and SSE clients: in-process or Redis.

Events are derived, the database is the truth. Every event gets an id, increasing by one per
event on a bus, so a client that reconnects resumes with the id of the last event it saw (SSE
`Last-Event-ID`): the subscription first replays the retained events after it, then goes on
live, with no duplicate and no gap between the two. When the bus no longer holds everything the
client missed, `Subscription.replay_gap` says so and the client catches up from the database.

`MemoryEventBus` serves one process (the embedded mode); `RedisEventBus` lets several API
replicas and workers share the events through Redis pub/sub, with a capped Redis Stream for
replay. Either way each subscriber has a bounded buffer: a slow client never holds up a
publisher or another client. When its buffer is full it loses its oldest progress events
(the next one supersedes them), never a completion, an error or a log line; if that is not
enough its subscription ends with `SubscriberLagged` and the client resumes from its last id.

Every time in an event, the envelope's `timestamp` and those in `data`, is ISO 8601 text in
UTC (`iso_utc`), written as the REST API writes its times. The JSON shape of each event type
is declared in `f2l.services.live_events` and published in the OpenAPI document.
"""

from __future__ import annotations

import abc
import asyncio
import contextlib
import dataclasses
import itertools
import json
import logging
import re
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from types import TracebackType
from typing import Any, Final, Self
from urllib.parse import parse_qs, unquote, urlsplit

from redis.asyncio import Redis
from redis.asyncio.client import PubSub
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from f2l.config import redact_url

__all__ = [
    "EVENT_TYPES",
    "EXECUTION_COMPLETED",
    "EXECUTION_ERROR",
    "EXECUTION_PROGRESS",
    "LOG",
    "Event",
    "EventBus",
    "EventBusError",
    "EventBusUnavailable",
    "EventType",
    "MemoryEventBus",
    "RedisEventBus",
    "SubscriberLagged",
    "Subscription",
    "create_event_bus",
    "iso_utc",
]

logger = logging.getLogger(__name__)


class EventType(StrEnum):
    """What a live event is about; SSE sends it as the message's `event:` name."""

    EXECUTION_PROGRESS = "execution_progress"
    """A run's counters, a few times a second while it runs."""
    EXECUTION_COMPLETED = "execution_completed"
    """A run ended: completed, completed with differences, or cancelled."""
    EXECUTION_ERROR = "execution_error"
    """A run ended failed or interrupted."""
    LOG = "log"
    """A log line: of a run, or of the service (who changed what, skipped schedules, endpoint health)."""


EXECUTION_PROGRESS: Final = EventType.EXECUTION_PROGRESS
EXECUTION_COMPLETED: Final = EventType.EXECUTION_COMPLETED
EXECUTION_ERROR: Final = EventType.EXECUTION_ERROR
LOG: Final = EventType.LOG
EVENT_TYPES: Final = frozenset(EventType)

DEFAULT_RETAIN: Final = 1000
DEFAULT_QUEUE_SIZE: Final = 1000

# Strict JSON: browsers' JSON.parse refuses NaN and Infinity, so a bad rate must fail at publish.
_dumps = json.JSONEncoder(separators=(",", ":"), allow_nan=False, ensure_ascii=False).encode


class EventBusError(Exception):
    """The event bus cannot do what was asked (closed, misconfigured, or Redis refused)."""


class EventBusUnavailable(EventBusError):
    """Redis cannot be reached; the message names the URL with its password masked."""


class SubscriberLagged(EventBusError):
    """The subscriber fell too far behind; resume with the id of the last event it received."""


@dataclass(frozen=True, slots=True)
class Event:
    """One live update: `id` is assigned by the bus, increasing by one per event.

    `timestamp` is when the bus took the event, ISO 8601 in UTC (`iso_utc`).
    """

    id: int
    type: str
    data: dict[str, Any]
    execution_id: str | None
    session_id: str | None
    timestamp: str

    def to_json(self) -> str:
        """The event as compact JSON, `id` first."""
        return _with_id(self.id, _json_body(self))

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Parse `to_json`'s output; ValueError when it is not an event."""
        try:
            raw = json.loads(text)
        except ValueError as exc:
            raise ValueError(f"not an event: {exc}") from None
        if not isinstance(raw, dict):
            raise ValueError("not an event: not a JSON object")
        event_id, event_type, data = raw.get("id"), raw.get("type"), raw.get("data")
        execution_id, session_id, timestamp = raw.get("execution_id"), raw.get("session_id"), raw.get("timestamp")
        # The type is not checked against EVENT_TYPES: during a rolling upgrade a newer replica may
        # publish a type this one does not know yet, and dropping it is the clients' business.
        if isinstance(timestamp, int | float) and not isinstance(timestamp, bool):
            # Epoch seconds, as earlier versions published them: read during a rolling upgrade.
            try:
                timestamp = iso_utc(datetime.fromtimestamp(timestamp, UTC))
            except (OverflowError, OSError, ValueError):
                timestamp = None
        if (
            isinstance(event_id, int)
            and not isinstance(event_id, bool)
            and isinstance(event_type, str)
            and isinstance(data, dict)
            and (execution_id is None or isinstance(execution_id, str))
            and (session_id is None or isinstance(session_id, str))
            and isinstance(timestamp, str)
        ):
            return cls(event_id, event_type, data, execution_id, session_id, timestamp)
        raise ValueError("not an event: a field is missing or has the wrong type")


def iso_utc(moment: datetime | None = None) -> str:
    """`moment` (now when None) as the API writes every time: ISO 8601 in UTC, `Z` for the zone.

    The same text pydantic gives the REST answers' datetimes (`2026-12-01T10:00:00.500000Z`,
    microseconds only when non-zero); a naive `moment` is read as UTC.
    """
    if moment is None:
        moment = datetime.now(UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _json_body(event: Event) -> str:
    """The event's JSON without its id (what Redis gets before it assigns the id)."""
    return _dumps(
        {
            "type": event.type,
            "data": event.data,
            "execution_id": event.execution_id,
            "session_id": event.session_id,
            "timestamp": event.timestamp,
        }
    )


def _with_id(event_id: int, body: str) -> str:
    # The same splice the Redis publish script does, so both buses write byte-identical JSON.
    return f'{{"id":{event_id},{body[1:]}'


def _new_event(
    event_id: int, event_type: str, data: Mapping[str, Any], execution_id: str | None, session_id: str | None
) -> Event:
    """Check an event's type and data and build it, with its own copy of the data."""
    if event_type not in EVENT_TYPES:
        raise ValueError(f"unknown event type {event_type!r}; expected one of {sorted(EVENT_TYPES)}")
    try:
        # A JSON round trip both proves the data serialisable (what Redis needs) and copies it, so
        # a publisher reusing its dict cannot change events already queued in memory.
        copy = json.loads(_dumps(data))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{event_type} event data is not JSON-serialisable: {exc}") from None
    if not isinstance(copy, dict):
        raise ValueError(f"{event_type} event data must be a JSON object")
    return Event(event_id, str(event_type), copy, execution_id, session_id, iso_utc())


def _replay_events(retained: Iterable[Event], last_event_id: int, newest_id: int) -> tuple[list[Event], bool]:
    """The retained events after `last_event_id` (ascending), and whether some it missed are gone."""
    events = [event for event in retained if event.id > last_event_id]
    if last_event_id > newest_id:
        # The client saw ids this bus never gave: the bus restarted (or Redis lost its data).
        return events, True
    missed = newest_id > last_event_id and (not events or events[0].id != last_event_id + 1)
    return events, missed


class Subscription(AsyncIterator[Event]):
    """The events of one subscriber: replayed ones first, then live ones, until the bus closes.

    Iteration ends with `SubscriberLagged` when the subscriber fell too far behind, and with
    `EventBusUnavailable` when the Redis connection is lost for good.
    """

    def __init__(self, execution_id: str | None, queue_size: int) -> None:
        self.execution_id = execution_id
        # True when some events after the requested `last_event_id` are no longer retained.
        self.replay_gap = False
        self._queue_size = queue_size
        self._replay: deque[Event] = deque()
        # A deque, not an asyncio.Queue: the overflow policy removes progress events from the middle.
        self._buffer: deque[Event] = deque()
        self._skip_through = 0  # live events up to this id were already covered by the replay
        self._wakeup = asyncio.Event()
        self._ended = False
        self._error: EventBusError | None = None

    def _start_replay(self, events: list[Event], newest_id: int, gap: bool) -> None:
        self._replay.extend(event for event in events if self._wants(event))
        self._skip_through = newest_id
        self.replay_gap = gap

    def _wants(self, event: Event) -> bool:
        return self.execution_id is None or event.execution_id == self.execution_id

    def _offer(self, event: Event) -> bool:
        """Queue a live event; False when the subscriber lags and must be dropped by the bus."""
        if not self._wants(event):
            return True
        if len(self._buffer) >= self._queue_size:
            for index, queued in enumerate(self._buffer):
                if queued.type == EXECUTION_PROGRESS:
                    del self._buffer[index]
                    break
            else:
                # What is queued all matters; the client resumes from the last event it got.
                self._end(
                    SubscriberLagged(
                        f"subscriber lagged {self._queue_size} events behind; resume with "
                        "the id of the last event received"
                    )
                )
                return False
        self._buffer.append(event)
        self._wakeup.set()
        return True

    def _end(self, error: EventBusError | None = None) -> None:
        """End the iteration once the queued events are consumed, raising `error` if given."""
        if not self._ended:
            self._ended, self._error = True, error
            self._wakeup.set()

    def __aiter__(self) -> Self:
        return self

    async def __anext__(self) -> Event:
        """The next event, waiting for it."""
        while True:
            if self._replay:
                return self._replay.popleft()
            while self._buffer:
                event = self._buffer.popleft()
                if event.id > self._skip_through:
                    return event
            if self._ended:
                error, self._error = self._error, None
                if error is not None:
                    raise error
                raise StopAsyncIteration
            self._wakeup.clear()
            await self._wakeup.wait()


class _Fanout:
    """The subscribers of one bus in this process, and the hand-out of each event to them."""

    __slots__ = ("_subscribers",)

    def __init__(self) -> None:
        self._subscribers: set[Subscription] = set()

    def add(self, subscription: Subscription) -> None:
        self._subscribers.add(subscription)

    def discard(self, subscription: Subscription) -> None:
        self._subscribers.discard(subscription)

    def dispatch(self, event: Event) -> None:
        lagging = [subscription for subscription in self._subscribers if not subscription._offer(event)]
        for subscription in lagging:
            logger.info("an event subscriber lagged behind and was dropped at event %d", event.id)
            self._subscribers.discard(subscription)

    def end_all(self, error: Callable[[], EventBusError] | None = None) -> None:
        for subscription in self._subscribers:
            subscription._end(error() if error is not None else None)
        self._subscribers.clear()


class EventBus(abc.ABC):
    """Publishes events and hands them to subscribers; `async with` closes it."""

    @abc.abstractmethod
    async def publish(
        self, type: str, data: Mapping[str, Any], *, execution_id: str | None = None, session_id: str | None = None
    ) -> Event:
        """Publish an event of one of `EVENT_TYPES` with JSON-serialisable `data`; returns it with its id."""

    @abc.abstractmethod
    def subscribe(
        self, *, execution_id: str | None = None, last_event_id: int | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        """Events published from now on, of one execution if given; first those after `last_event_id`."""

    @abc.abstractmethod
    async def close(self) -> None:
        """End every subscription and release the bus's resources; idempotent."""

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, traceback: TracebackType | None
    ) -> None:
        await self.close()


def _check_sizes(retain: int, queue_size: int) -> None:
    if retain < 1:
        raise ValueError(f"retain must be at least 1, got {retain}")
    if queue_size < 1:
        raise ValueError(f"queue_size must be at least 1, got {queue_size}")


class MemoryEventBus(EventBus):
    """The in-process bus: subscribers in this process only, the last `retain` events kept for replay."""

    def __init__(self, retain: int = DEFAULT_RETAIN, *, queue_size: int = DEFAULT_QUEUE_SIZE) -> None:
        _check_sizes(retain, queue_size)
        self._queue_size = queue_size
        self._log: deque[Event] = deque(maxlen=retain)
        self._last_id = 0
        self._fanout = _Fanout()
        self._closed = False

    def __repr__(self) -> str:
        return f"MemoryEventBus(retain={self._log.maxlen}, last_id={self._last_id})"

    async def publish(
        self, type: str, data: Mapping[str, Any], *, execution_id: str | None = None, session_id: str | None = None
    ) -> Event:
        """Publish an event of one of `EVENT_TYPES` with JSON-serialisable `data`; returns it with its id."""
        if self._closed:
            raise EventBusError("the event bus is closed")
        # No await from here on: the id, the log and every subscriber's buffer change together.
        event = _new_event(self._last_id + 1, type, data, execution_id, session_id)
        self._last_id = event.id
        self._log.append(event)
        self._fanout.dispatch(event)
        return event

    def subscribe(
        self, *, execution_id: str | None = None, last_event_id: int | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        """Events published from now on, of one execution if given; first those after `last_event_id`."""
        return self._subscription(execution_id, last_event_id)

    @asynccontextmanager
    async def _subscription(
        self, execution_id: str | None, last_event_id: int | None
    ) -> AsyncIterator[Subscription]:
        if self._closed:
            raise EventBusError("the event bus is closed")
        subscription = Subscription(execution_id, self._queue_size)
        self._fanout.add(subscription)
        if last_event_id is not None:
            last_event_id = max(0, last_event_id)
            # Registered and replayed with no await in between: later events go to the buffer only.
            start = max(0, last_event_id + 1 - self._log[0].id) if self._log else 0
            events, gap = _replay_events(itertools.islice(self._log, start, None), last_event_id, self._last_id)
            subscription._start_replay(events, self._last_id, gap)
        try:
            yield subscription
        finally:
            self._fanout.discard(subscription)
            subscription._end()

    async def close(self) -> None:
        """End every subscription; publishing afterwards raises EventBusError."""
        self._closed = True
        self._fanout.end_all()


# One script so that taking the id, logging the event and publishing it are a single atomic step:
# the channel then carries the events in id order, which is what lets a subscriber drop
# duplicates by id and spot a lost message as a jump in ids.
#
# The replay log is a Stream rather than a sorted set: the entry ID *is* the event id (`<id>-0`),
# so a replay is one XRANGE seek from `last_event_id + 1`, and XADD trims the log itself
# (`MAXLEN ~`, whole nodes at a time, so at least `retain` events are kept); a sorted set needs a
# second command to trim and stores each id twice (score and member).
#
# KEYS: counter, log. ARGV: channel, event JSON without id, retain.
_PUBLISH_SCRIPT = """
local id = redis.call('INCR', KEYS[1])
local event = '{"id":' .. id .. ',' .. string.sub(ARGV[2], 2)
local added = redis.pcall('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'e', event)
if type(added) == 'table' and added.err then
  -- The log is ahead of the counter (the counter key was deleted): go on after the log's last id.
  local info = redis.call('XINFO', 'STREAM', KEYS[2])
  for i = 1, #info, 2 do
    if info[i] == 'last-generated-id' then
      id = tonumber(string.match(info[i + 1], '^(%d+)')) + 1
    end
  end
  redis.call('SET', KEYS[1], id)
  event = '{"id":' .. id .. ',' .. string.sub(ARGV[2], 2)
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], id .. '-0', 'e', event)
end
redis.call('PUBLISH', ARGV[1], event)
return id
"""

# How long one wait for a pub/sub message lasts; between waits redis-py sends its health-check PING.
_POLL_SECONDS: Final = 1.0
_HEALTH_CHECK_SECONDS: Final = 15
_CONFIRM_SECONDS: Final = 10.0
# Pauses before each attempt to subscribe again after the connection dropped (about 7 s in all):
# long enough to ride out a Redis restart or failover, short enough that clients soon learn.
_RECONNECT_DELAYS: Final = (0.05, 0.25, 1.0, 2.0, 4.0)
_QUERY_PASSWORD = re.compile(r"(?P<key>[?&]password=)[^&#]*", re.IGNORECASE)


def _redact(url: str) -> str:
    """`redact_url`, also masking a `?password=` query parameter (redis-py accepts one)."""
    return _QUERY_PASSWORD.sub(r"\g<key>***", redact_url(url))


def _url_secrets(url: str) -> list[str]:
    """The URL's passwords as written and decoded, longest first, to scrub them out of messages."""
    secrets: set[str] = set()
    try:
        parts = urlsplit(url)
        password = parts.password
        passwords = [password] if password else []
        passwords += parse_qs(parts.query).get("password", [])
    except ValueError:
        passwords = []
    netloc = url.partition("://")[2].rpartition("@")[0]
    if ":" in netloc:
        passwords.append(netloc.partition(":")[2])
    for password in passwords:
        if password:
            secrets.update({password, unquote(password)})
    return sorted(secrets, key=len, reverse=True)


class RedisEventBus(EventBus):
    """Events shared through Redis: every bus on the same `channel` sees every event, whoever published it.

    Keys: `<channel>:seq` (the id counter) and `<channel>:log` (a Stream of the last `retain` events
    or a few more). Each bus reads the channel over one pub/sub connection and hands the events
    to its subscribers in this process; a message lost on the way (a reconnect) is found by its
    id and fetched from the log.
    """

    def __init__(
        self,
        url: str,
        channel: str = "f2l:events",
        retain: int = DEFAULT_RETAIN,
        *,
        queue_size: int = DEFAULT_QUEUE_SIZE,
    ) -> None:
        _check_sizes(retain, queue_size)
        self._redacted_url = _redact(url)
        self._secrets = _url_secrets(url)
        self._channel = channel
        self._seq_key = f"{channel}:seq"
        self._log_key = f"{channel}:log"
        self._retain = retain
        self._queue_size = queue_size
        try:
            self._redis: Redis = Redis.from_url(
                url, decode_responses=True, health_check_interval=_HEALTH_CHECK_SECONDS
            )
        except (ValueError, TypeError) as exc:
            raise EventBusError(f"invalid Redis URL {self._redacted_url}: {self._scrub(str(exc))}") from None
        self._publish_script = self._redis.register_script(_PUBLISH_SCRIPT)
        self._fanout = _Fanout()
        self._reader: asyncio.Task[None] | None = None
        self._reader_lock = asyncio.Lock()
        self._last_id = 0  # the last event handed to the subscribers
        self._channel_last_id = 0  # the last event that came through the channel
        self._closed = False

    def __repr__(self) -> str:
        return f"RedisEventBus({self._redacted_url!r}, channel={self._channel!r}, retain={self._retain})"

    def _scrub(self, message: str) -> str:
        for secret in self._secrets:
            message = message.replace(secret, "***")
        return message

    def _error(self, exc: BaseException) -> EventBusError:
        """An error naming the redacted URL, for a Redis error whose own text may not be safe."""
        unreachable = isinstance(exc, RedisConnectionError | RedisTimeoutError | OSError)
        kind = EventBusUnavailable if unreachable else EventBusError
        what = "cannot reach Redis" if unreachable else "Redis refused an event bus command"
        detail = self._scrub(str(exc)) or type(exc).__name__
        return kind(f"{what} at {self._redacted_url}: {detail}")

    def _check_open(self) -> None:
        if self._closed:
            raise EventBusError("the event bus is closed")

    async def publish(
        self, type: str, data: Mapping[str, Any], *, execution_id: str | None = None, session_id: str | None = None
    ) -> Event:
        """Publish an event of one of `EVENT_TYPES` with JSON-serialisable `data`; returns it with its id."""
        self._check_open()
        event = _new_event(0, type, data, execution_id, session_id)
        try:
            event_id = await self._publish_script(
                keys=[self._seq_key, self._log_key], args=[self._channel, _json_body(event), self._retain]
            )
        except (RedisError, OSError) as exc:
            # `from None`: the chained original would carry redis-py's text into tracebacks and logs.
            raise self._error(exc) from None
        return dataclasses.replace(event, id=int(event_id))

    def subscribe(
        self, *, execution_id: str | None = None, last_event_id: int | None = None
    ) -> AbstractAsyncContextManager[Subscription]:
        """Events published from now on, of one execution if given; first those after `last_event_id`."""
        return self._subscription(execution_id, last_event_id)

    @asynccontextmanager
    async def _subscription(
        self, execution_id: str | None, last_event_id: int | None
    ) -> AsyncIterator[Subscription]:
        self._check_open()
        await self._start_reader()
        self._check_open()  # close() may have run meanwhile; it only ends the subscribers it saw
        subscription = Subscription(execution_id, self._queue_size)
        # Registered before reading the log: what is published meanwhile is buffered, and the
        # replay's newest id tells the buffer which of it the replay already covers.
        self._fanout.add(subscription)
        try:
            if last_event_id is not None:
                last_event_id = max(0, last_event_id)
                newest_id, retained = await self._read_log(last_event_id)
                events, gap = _replay_events(retained, last_event_id, newest_id)
                subscription._start_replay(events, newest_id, gap)
            yield subscription
        finally:
            self._fanout.discard(subscription)
            subscription._end()

    async def _read_log(self, after_id: int | None) -> tuple[int, list[Event]]:
        """The newest event id and the logged events after `after_id` (none if None), read at one instant."""
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.get(self._seq_key)
                pipe.xrevrange(self._log_key, count=1)
                if after_id is not None:
                    pipe.xrange(self._log_key, min=f"{after_id + 1}-0")
                counter, top, *rest = await pipe.execute()
        except (RedisError, OSError) as exc:
            raise self._error(exc) from None
        # The log's top counts too: it is ahead of a counter key that was lost (see the script).
        newest_id = max([int(counter or 0), *(int(entry_id.partition("-")[0]) for entry_id, _fields in top)])
        events = []
        for _entry_id, fields in rest[0] if rest else []:
            try:
                events.append(Event.from_json(fields["e"]))
            except (KeyError, ValueError):
                logger.warning("skipping a malformed entry in the event log %s", self._log_key)
        return newest_id, events

    async def _start_reader(self) -> None:
        """Subscribe to the channel (once per bus) and start handing its events out."""
        async with self._reader_lock:
            if self._reader is not None and not self._reader.done():
                return
            pubsub = await self._open_pubsub()
            try:
                baseline, _events = await self._read_log(None)
                self._check_open()  # a reader started after close() would never be stopped
            except BaseException:
                await _close_quietly(pubsub)
                raise
            # Events up to the baseline came before any subscriber of this process.
            self._last_id = self._channel_last_id = baseline
            self._reader = asyncio.create_task(self._read(pubsub), name=f"f2l events reader {self._channel}")

    async def _open_pubsub(self) -> PubSub:
        """A pub/sub connection subscribed to the channel, once Redis has confirmed it."""
        pubsub = self._redis.pubsub()
        try:
            await pubsub.subscribe(self._channel)
            # Redis sends what is published only from its confirmation on: a subscription counts
            # as started once it is in.
            async with asyncio.timeout(_CONFIRM_SECONDS):
                while True:
                    message = await pubsub.get_message(timeout=_CONFIRM_SECONDS)
                    if message is not None and message["type"] == "subscribe":
                        return pubsub
        except BaseException as exc:
            await _close_quietly(pubsub)
            if isinstance(exc, RedisError | OSError):
                raise self._error(exc) from None
            raise

    async def _read(self, pubsub: PubSub) -> None:
        """Hand the channel's events to this process's subscribers until closed or Redis is gone for good."""
        try:
            while True:
                try:
                    await self._pump(pubsub)
                except (RedisConnectionError, RedisTimeoutError, OSError) as exc:
                    logger.warning("event bus lost its pub/sub connection (%s); reconnecting", self._error(exc))
                    await _close_quietly(pubsub)
                    pubsub = await self._reconnect()
                    # What was published while the connection was down is only in the log.
                    await self._catch_up()
        except (RedisError, EventBusError) as exc:
            error = exc if isinstance(exc, EventBusError) else self._error(exc)
            logger.warning("event bus stopped reading: %s", error)
            self._fanout.end_all(lambda: EventBusUnavailable(str(error)))
        except Exception:
            logger.exception("event bus reader failed")
            self._fanout.end_all(
                lambda: EventBusError(
                    "the event bus stopped reading; resume with the id of the last event received"
                )
            )
        finally:
            await _close_quietly(pubsub)

    async def _reconnect(self) -> PubSub:
        """Subscribe again, retrying a few seconds before giving up with EventBusUnavailable."""
        for delay in _RECONNECT_DELAYS:
            await asyncio.sleep(delay)
            try:
                return await self._open_pubsub()
            except EventBusUnavailable as error:
                last_error = error
        raise last_error

    async def _pump(self, pubsub: PubSub) -> None:
        """Read the channel until the connection fails."""
        while True:
            message = await pubsub.get_message(timeout=_POLL_SECONDS)
            if message is None:
                continue
            if message["type"] == "subscribe":
                # A confirmation out of turn: redis-py reconnected and subscribed again by itself
                # (with a retry policy in the URL), so events may have been missed.
                await self._catch_up()
            elif message["type"] == "message":
                try:
                    event = Event.from_json(message["data"])
                except ValueError:
                    logger.warning("ignoring a message that is not an event on channel %s", self._channel)
                    continue
                # Ids on the channel go up by one: going back means Redis lost its data (a restart
                # without persistence), jumping ahead means messages were lost.
                if event.id <= self._channel_last_id or event.id > self._last_id + 1:
                    await self._catch_up()
                self._channel_last_id = event.id
                self._deliver(event)

    def _deliver(self, event: Event) -> None:
        if event.id > self._last_id:
            self._last_id = event.id
            self._fanout.dispatch(event)

    async def _catch_up(self) -> None:
        """Deliver the logged events the channel missed; drop the subscribers if they are gone."""
        newest_id, events = await self._read_log(self._last_id)
        if newest_id < self._last_id or (
            newest_id > self._last_id and (not events or events[0].id != self._last_id + 1)
        ):
            # Redis lost its data, or the missed events are trimmed: the subscribers resume
            # by id and learn of the gap from their replay.
            logger.warning("event bus missed events it can no longer replay; subscribers must resume")
            self._fanout.end_all(
                lambda: SubscriberLagged("events were missed; resume with the id of the last event received")
            )
            self._last_id = self._channel_last_id = newest_id
            return
        for event in events:
            self._deliver(event)

    async def close(self) -> None:
        """End every subscription, stop reading the channel and close the Redis connections."""
        if self._closed:
            return
        self._closed = True
        self._fanout.end_all()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader
        await self._redis.aclose()


async def _close_quietly(pubsub: PubSub) -> None:
    """Close a pub/sub connection that may already be broken; no other task may be reading it."""
    with contextlib.suppress(RedisError, OSError):
        if pubsub.connection is not None:
            # aclose() alone does not wait for the socket to close (it guards against a reader
            # still holding it, which cannot be the case here): a test's loop could end first.
            await pubsub.connection.disconnect()
        await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it unannotated


def create_event_bus(redis_url: str) -> EventBus:
    """A `RedisEventBus` when a Redis URL is set (the distributed mode), else a `MemoryEventBus`."""
    return RedisEventBus(redis_url) if redis_url.strip() else MemoryEventBus()
