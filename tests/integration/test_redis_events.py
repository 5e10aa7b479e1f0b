"""The Redis event bus against the machine's Redis server (127.0.0.1:6379): two buses stand for two
API replicas. Each test uses its own channel and deletes its keys; the tests are skipped, saying
why, only when the server is unreachable."""

from __future__ import annotations

import asyncio
import secrets
import socket
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from f2l.events import (
    EXECUTION_COMPLETED,
    EXECUTION_PROGRESS,
    LOG,
    Event,
    EventBusError,
    EventBusUnavailable,
    RedisEventBus,
    Subscription,
)

REDIS_URL = "redis://127.0.0.1:6379/0"


async def take(subscription: Subscription, count: int) -> list[Event]:
    """The next `count` events, failing rather than hanging when they do not come."""
    async with asyncio.timeout(10):
        return [await anext(subscription) for _ in range(count)]


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    """A plain client to look at and tamper with the bus's keys from outside."""
    client = Redis.from_url(REDIS_URL, decode_responses=True)
    try:
        await client.ping()
    except (RedisError, OSError) as error:
        await client.aclose()
        pytest.skip(f"Redis unreachable at {REDIS_URL}: {error}")
    yield client
    await client.aclose()


@pytest.fixture
async def channel(redis: Redis) -> AsyncIterator[str]:
    """A channel (and key prefix) of this test alone; its keys are deleted afterwards."""
    name = f"f2l-test:{secrets.token_hex(6)}:events"
    yield name
    await redis.delete(f"{name}:seq", f"{name}:log")


@pytest.fixture
async def replicas(channel: str) -> AsyncIterator[tuple[RedisEventBus, RedisEventBus]]:
    """Two buses on the same channel, as two API replicas would have."""
    async with RedisEventBus(REDIS_URL, channel) as first, RedisEventBus(REDIS_URL, channel) as second:
        yield first, second


async def test_an_event_published_on_one_replica_reaches_subscribers_on_both(
    replicas: tuple[RedisEventBus, RedisEventBus],
) -> None:
    first, second = replicas
    async with second.subscribe() as remote, first.subscribe() as local:
        event = await first.publish(
            EXECUTION_PROGRESS, {"done": 3, "name": "café.txt"}, execution_id="e1", session_id="s1"
        )
        assert await take(remote, 1) == [event]
        assert await take(local, 1) == [event]
    assert event.id == 1


async def test_ids_are_shared_by_the_replicas_and_arrive_in_order(
    replicas: tuple[RedisEventBus, RedisEventBus],
) -> None:
    first, second = replicas
    async with second.subscribe() as subscription:
        published = [await (first if n % 2 else second).publish(LOG, {"n": n}) for n in range(10)]
        assert await take(subscription, 10) == published
    assert [event.id for event in published] == list(range(1, 11))


async def test_subscription_to_one_execution_across_replicas(
    replicas: tuple[RedisEventBus, RedisEventBus],
) -> None:
    first, second = replicas
    async with second.subscribe(execution_id="a") as subscription:
        await first.publish(LOG, {}, execution_id="b")
        a1 = await first.publish(EXECUTION_PROGRESS, {}, execution_id="a")
        await first.publish(LOG, {})
        a2 = await first.publish(EXECUTION_COMPLETED, {}, execution_id="a")
        assert await take(subscription, 2) == [a1, a2]


async def test_replay_after_a_reconnect_to_another_replica(replicas: tuple[RedisEventBus, RedisEventBus]) -> None:
    first, second = replicas
    async with first.subscribe() as subscription:
        seen = await take(subscription, 1) if await first.publish(LOG, {"n": 0}) else []
    missed = [await first.publish(LOG, {"n": n}) for n in range(1, 4)]
    # The client comes back through the other replica with its Last-Event-ID.
    async with second.subscribe(last_event_id=seen[-1].id) as resumed:
        live = await first.publish(EXECUTION_COMPLETED, {})
        assert await take(resumed, 4) == [*missed, live]
        assert resumed.replay_gap is False


async def test_replay_has_no_duplicate_or_gap_while_publishing_goes_on(
    replicas: tuple[RedisEventBus, RedisEventBus],
) -> None:
    first, second = replicas
    total, resume_after = 300, 50
    halfway = asyncio.Event()

    async def publisher() -> None:
        for n in range(total):
            await first.publish(EXECUTION_PROGRESS if n % 3 else LOG, {"n": n})
            if n == 2 * resume_after:
                halfway.set()

    task = asyncio.create_task(publisher())
    await halfway.wait()
    async with second.subscribe(last_event_id=resume_after) as subscription:
        received = await take(subscription, total - resume_after)
    await task
    assert [event.id for event in received] == list(range(resume_after + 1, total + 1))
    assert subscription.replay_gap is False


async def test_replay_reports_a_gap_when_the_log_was_trimmed(channel: str) -> None:
    async with RedisEventBus(REDIS_URL, channel, retain=5) as bus:
        for n in range(250):  # the log is trimmed in whole nodes (100 entries by default)
            await bus.publish(LOG, {"n": n})
        async with bus.subscribe(last_event_id=1) as subscription:
            assert subscription.replay_gap is True
            replayed = [event.id for event in await take(subscription, 5)]
        assert replayed == sorted(replayed)
        assert replayed[0] > 2


async def test_a_message_lost_on_the_channel_is_fetched_from_the_log(
    replicas: tuple[RedisEventBus, RedisEventBus], redis: Redis, channel: str
) -> None:
    first, second = replicas
    async with second.subscribe() as subscription:
        before = await first.publish(LOG, {"n": 0})
        assert await take(subscription, 1) == [before]
        # An event that made it into the log but whose pub/sub message never arrived.
        lost_id = await redis.incr(f"{channel}:seq")
        lost = Event(lost_id, LOG, {"n": 1}, None, None, "1970-01-01T00:00:01Z")
        await redis.xadd(f"{channel}:log", {"e": lost.to_json()}, id=f"{lost_id}-0")
        after = await first.publish(LOG, {"n": 2})
        assert await take(subscription, 2) == [lost, after]


async def test_a_dropped_pubsub_connection_loses_no_event(redis: Redis, channel: str) -> None:
    name = f"f2l-test-{secrets.token_hex(4)}"
    async with (
        RedisEventBus(REDIS_URL, channel) as publisher,
        RedisEventBus(f"{REDIS_URL}?client_name={name}", channel) as reader,
        reader.subscribe() as subscription,
    ):
        clients = await redis.client_list(_type="pubsub")
        killed = [client["id"] for client in clients if client["name"] == name]
        assert len(killed) == 1
        await redis.client_kill_filter(_id=killed[0])
        published = [await publisher.publish(LOG, {"n": n}) for n in range(5)]
        assert await take(subscription, 5) == published
        later = await publisher.publish(LOG, {"n": 5})
        assert await take(subscription, 1) == [later]


async def test_ids_go_on_after_the_log_when_the_counter_key_is_lost(
    replicas: tuple[RedisEventBus, RedisEventBus], redis: Redis, channel: str
) -> None:
    first, second = replicas
    for n in range(3):
        await first.publish(LOG, {"n": n})
    await redis.delete(f"{channel}:seq")
    async with second.subscribe(last_event_id=3) as subscription:
        event = await first.publish(LOG, {"n": 3})
        assert event.id == 4
        assert await take(subscription, 1) == [event]
    assert await redis.get(f"{channel}:seq") == "4"


async def test_a_message_that_is_not_an_event_is_ignored(
    replicas: tuple[RedisEventBus, RedisEventBus], redis: Redis, channel: str
) -> None:
    first, second = replicas
    async with second.subscribe() as subscription:
        await redis.publish(channel, "not an event")
        event = await first.publish(LOG, {})
        assert await take(subscription, 1) == [event]


async def test_close_ends_subscriptions(channel: str) -> None:
    bus = RedisEventBus(REDIS_URL, channel)
    async with bus.subscribe() as subscription:
        event = await bus.publish(LOG, {})
        assert await take(subscription, 1) == [event]
        await bus.close()
        with pytest.raises(StopAsyncIteration):
            await anext(subscription)
    with pytest.raises(EventBusError, match="closed"):
        await bus.publish(LOG, {})


def _unused_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@pytest.mark.parametrize(
    "template",
    [
        "redis://f2l:{password}@127.0.0.1:{port}/0",
        "redis://:{password}@127.0.0.1:{port}/0",
        "redis://127.0.0.1:{port}/0?password={password}",
    ],
)
async def test_an_unreachable_server_gives_a_clear_error_without_the_password(template: str) -> None:
    password = "s3cret-Pa55"
    url = template.format(password=password, port=_unused_port())
    bus = RedisEventBus(url, "f2l-test:unreachable")
    assert password not in repr(bus)
    try:
        with pytest.raises(EventBusUnavailable) as publishing:
            await bus.publish(LOG, {})
        with pytest.raises(EventBusUnavailable) as subscribing:
            async with bus.subscribe():
                pass
    finally:
        await bus.close()
    for error in (publishing.value, subscribing.value):
        message = str(error)
        assert message.startswith("cannot reach Redis at redis://")
        assert "127.0.0.1" in message
        assert "***" in message
        assert password not in message
        assert password not in repr(error)
        assert error.__cause__ is None
        assert error.__suppress_context__
