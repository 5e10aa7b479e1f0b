"""The in-process event bus: order, filtering, Last-Event-ID replay, slow and lagging subscribers,
closing, and the event's JSON form."""

from __future__ import annotations

import asyncio
import json
import math
from datetime import datetime

import pytest

from f2l.events import (
    EVENT_TYPES,
    EXECUTION_COMPLETED,
    EXECUTION_ERROR,
    EXECUTION_PROGRESS,
    LOG,
    Event,
    EventBusError,
    MemoryEventBus,
    RedisEventBus,
    SubscriberLagged,
    Subscription,
    create_event_bus,
)


async def take(subscription: Subscription, count: int) -> list[Event]:
    """The next `count` events, failing rather than hanging when they do not come."""
    async with asyncio.timeout(5):
        return [await anext(subscription) for _ in range(count)]


async def rest(subscription: Subscription) -> list[Event]:
    """Every event until the subscription ends."""
    async with asyncio.timeout(5):
        return [event async for event in subscription]


async def test_subscriber_gets_events_published_after_it_started_in_order() -> None:
    async with MemoryEventBus() as bus:
        await bus.publish(LOG, {"message": "before"})
        async with bus.subscribe() as subscription:
            published = [await bus.publish(EXECUTION_PROGRESS, {"done": n}, execution_id="e1") for n in range(3)]
            published.append(
                await bus.publish(EXECUTION_COMPLETED, {"status": "completed"}, execution_id="e1", session_id="s1")
            )
            received = await take(subscription, 4)
    assert received == published
    assert [event.id for event in received] == [2, 3, 4, 5]
    assert received[-1].session_id == "s1"
    assert subscription.replay_gap is False


async def test_publish_keeps_its_own_copy_of_the_data() -> None:
    async with MemoryEventBus() as bus:
        data = {"files": [1, 2]}
        async with bus.subscribe() as subscription:
            event = await bus.publish(EXECUTION_PROGRESS, data)
            data["files"].append(3)
            assert (await take(subscription, 1))[0].data == {"files": [1, 2]}
        assert event.data == {"files": [1, 2]}


async def test_every_subscriber_gets_every_event() -> None:
    async with MemoryEventBus() as bus, bus.subscribe() as first, bus.subscribe() as second:
        event = await bus.publish(LOG, {"message": "hello"})
        assert await take(first, 1) == [event]
        assert await take(second, 1) == [event]


async def test_subscription_to_one_execution_gets_only_its_events() -> None:
    async with MemoryEventBus() as bus, bus.subscribe(execution_id="a") as only_a, bus.subscribe() as everything:
        a1 = await bus.publish(EXECUTION_PROGRESS, {"n": 1}, execution_id="a")
        b1 = await bus.publish(EXECUTION_PROGRESS, {"n": 1}, execution_id="b")
        general = await bus.publish(LOG, {"message": "no execution"})
        a2 = await bus.publish(EXECUTION_COMPLETED, {}, execution_id="a")
        assert await take(only_a, 2) == [a1, a2]
        assert await take(everything, 4) == [a1, b1, general, a2]


async def test_replay_resumes_after_last_event_id() -> None:
    async with MemoryEventBus() as bus:
        events = [await bus.publish(LOG, {"n": n}) for n in range(5)]
        async with bus.subscribe(last_event_id=events[1].id) as subscription:
            live = await bus.publish(LOG, {"n": 5})
            assert await take(subscription, 4) == [*events[2:], live]
            assert subscription.replay_gap is False


async def test_replay_of_one_execution_skips_the_others() -> None:
    async with MemoryEventBus() as bus:
        a1 = await bus.publish(LOG, {}, execution_id="a")
        await bus.publish(LOG, {}, execution_id="b")
        a2 = await bus.publish(LOG, {}, execution_id="a")
        async with bus.subscribe(execution_id="a", last_event_id=0) as subscription:
            await bus.publish(LOG, {}, execution_id="b")
            a3 = await bus.publish(LOG, {}, execution_id="a")
            assert await take(subscription, 3) == [a1, a2, a3]
            assert subscription.replay_gap is False


async def test_replay_with_the_newest_id_replays_nothing() -> None:
    async with MemoryEventBus() as bus:
        last = await bus.publish(LOG, {})
        async with bus.subscribe(last_event_id=last.id) as subscription:
            live = await bus.publish(LOG, {})
            assert await take(subscription, 1) == [live]
            assert subscription.replay_gap is False


async def test_replay_has_no_duplicate_or_gap_while_publishing_goes_on() -> None:
    total, resume_after = 600, 100
    async with MemoryEventBus() as bus:
        published = asyncio.Event()

        async def publisher() -> None:
            for n in range(total):
                await bus.publish(EXECUTION_PROGRESS if n % 3 else LOG, {"n": n}, execution_id="e")
                if n == 2 * resume_after:
                    published.set()
                await asyncio.sleep(0)

        task = asyncio.create_task(publisher())
        await published.wait()
        async with bus.subscribe(last_event_id=resume_after) as subscription:
            received = await take(subscription, total - resume_after)
        await task
    assert [event.id for event in received] == list(range(resume_after + 1, total + 1))
    assert subscription.replay_gap is False


async def test_replay_reports_a_gap_when_the_missed_events_are_no_longer_retained() -> None:
    async with MemoryEventBus(retain=3) as bus:
        for n in range(6):
            await bus.publish(LOG, {"n": n})
        async with bus.subscribe(last_event_id=1) as subscription:
            assert [event.id for event in await take(subscription, 3)] == [4, 5, 6]
            assert subscription.replay_gap is True
        async with bus.subscribe(last_event_id=3) as subscription:
            assert [event.id for event in await take(subscription, 3)] == [4, 5, 6]
            assert subscription.replay_gap is False


async def test_replay_reports_a_gap_for_an_id_this_bus_never_gave() -> None:
    async with MemoryEventBus() as bus:  # e.g. the process restarted and the client kept its id
        await bus.publish(LOG, {})
        async with bus.subscribe(last_event_id=500) as subscription:
            live = await bus.publish(LOG, {})
            assert await take(subscription, 1) == [live]
            assert subscription.replay_gap is True


async def test_slow_subscriber_loses_old_progress_but_never_completions_errors_or_logs() -> None:
    async with (
        MemoryEventBus(queue_size=4) as bus,
        bus.subscribe() as slow,
        bus.subscribe(execution_id="other") as idle,
    ):
        sent = [
            await bus.publish(EXECUTION_PROGRESS, {"done": 1}, execution_id="e"),
            await bus.publish(LOG, {"message": "started"}, execution_id="e"),
            await bus.publish(EXECUTION_PROGRESS, {"done": 2}, execution_id="e"),
            await bus.publish(EXECUTION_PROGRESS, {"done": 3}, execution_id="e"),
            await bus.publish(EXECUTION_ERROR, {"path": "a.txt"}, execution_id="e"),
            await bus.publish(EXECUTION_PROGRESS, {"done": 4}, execution_id="e"),
            await bus.publish(EXECUTION_COMPLETED, {"status": "failed"}, execution_id="e"),
        ]
        received = await take(slow, 4)
        assert received == [sent[1], sent[4], sent[5], sent[6]]
        # Still subscribed: a later event comes through.
        later = await bus.publish(EXECUTION_PROGRESS, {"done": 5}, execution_id="e")
        assert await take(slow, 1) == [later]
        other = await bus.publish(LOG, {}, execution_id="other")
        assert await take(idle, 1) == [other]


async def test_subscriber_full_of_events_that_matter_ends_with_subscriber_lagged() -> None:
    async with MemoryEventBus(queue_size=3) as bus, bus.subscribe() as lagging, bus.subscribe() as fast:
        sent = []
        for n in range(5):
            # Publishing never waits for the lagging subscriber.
            sent.append(await bus.publish(LOG, {"n": n}))
            assert await take(fast, 1) == [sent[-1]]
        # It gets what was queued before it lagged, then the error.
        assert await take(lagging, 3) == sent[:3]
        with pytest.raises(SubscriberLagged, match="resume"):
            await anext(lagging)
        with pytest.raises(StopAsyncIteration):
            await anext(lagging)
        # Resuming from the last event it got loses nothing.
        async with bus.subscribe(last_event_id=sent[2].id) as resumed:
            assert await take(resumed, 2) == sent[3:]
            assert resumed.replay_gap is False
        after = await bus.publish(LOG, {})
        assert await take(fast, 1) == [after]


async def test_close_ends_subscriptions_after_what_was_queued() -> None:
    bus = MemoryEventBus()
    async with bus.subscribe() as subscription:
        waiting = asyncio.create_task(rest(subscription))
        event = await bus.publish(LOG, {})
        await asyncio.sleep(0)
        await bus.close()
        assert await waiting == [event]
    await bus.close()  # idempotent
    with pytest.raises(EventBusError, match="closed"):
        await bus.publish(LOG, {})
    with pytest.raises(EventBusError, match="closed"):
        async with bus.subscribe():
            pass


async def test_publish_refuses_unknown_types_and_data_that_is_not_json() -> None:
    async with MemoryEventBus() as bus:
        with pytest.raises(ValueError, match="unknown event type 'progress'"):
            await bus.publish("progress", {})
        with pytest.raises(ValueError, match="not JSON-serialisable"):
            await bus.publish(LOG, {"paths": {"a", "b"}})
        with pytest.raises(ValueError, match="not JSON-serialisable"):
            await bus.publish(EXECUTION_PROGRESS, {"rate": math.nan})
        # A refused event takes no id.
        assert (await bus.publish(LOG, {})).id == 1


def test_event_json_round_trip() -> None:
    event = Event(
        7, EXECUTION_PROGRESS, {"name": "café.txt", "done": 1.5}, "e1", None, "2023-11-14T22:13:20.250000Z"
    )
    text = event.to_json()
    assert text.startswith('{"id":7,"type":"execution_progress",')
    assert json.loads(text)["data"] == {"name": "café.txt", "done": 1.5}
    assert Event.from_json(text) == event
    assert Event.from_json(text.encode()) == event


async def test_event_timestamps_are_iso_utc_text() -> None:
    async with MemoryEventBus() as bus:
        event = await bus.publish(LOG, {})
    assert event.timestamp.endswith("Z")
    assert datetime.fromisoformat(event.timestamp).tzinfo is not None
    assert json.loads(event.to_json())["timestamp"] == event.timestamp


def test_epoch_timestamps_of_earlier_versions_are_read_as_iso_text() -> None:
    old = '{"id":1,"type":"log","data":{},"execution_id":null,"session_id":null,"timestamp":1700000000.25}'
    assert Event.from_json(old).timestamp == "2023-11-14T22:13:20.250000Z"


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1]",
        '{"id":1,"type":"log","data":{},"execution_id":null,"session_id":null}',
        '{"id":"1","type":"log","data":{},"execution_id":null,"session_id":null,"timestamp":1}',
        '{"id":true,"type":"log","data":{},"execution_id":null,"session_id":null,"timestamp":1}',
        '{"id":1,"type":"log","data":[],"execution_id":null,"session_id":null,"timestamp":1}',
        '{"id":1,"type":"log","data":{},"execution_id":5,"session_id":null,"timestamp":1}',
    ],
)
def test_from_json_refuses_what_is_not_an_event(text: str) -> None:
    with pytest.raises(ValueError, match="not an event"):
        Event.from_json(text)


def test_event_types() -> None:
    assert {"execution_progress", "execution_completed", "execution_error", "log"} == EVENT_TYPES


@pytest.mark.parametrize("size", [0, -1])
def test_sizes_must_be_positive(size: int) -> None:
    with pytest.raises(ValueError, match="retain"):
        MemoryEventBus(retain=size)
    with pytest.raises(ValueError, match="queue_size"):
        MemoryEventBus(queue_size=size)


async def test_create_event_bus_picks_redis_only_when_a_url_is_set() -> None:
    memory = create_event_bus("")
    assert isinstance(memory, MemoryEventBus)
    await memory.close()
    redis = create_event_bus("redis://:pw@127.0.0.1:6379/0")  # connects lazily: no server needed here
    assert isinstance(redis, RedisEventBus)
    assert "pw" not in repr(redis)
    await redis.close()
