"""The run's bandwidth limit: never more than `rate` bytes in any stretch from the start, nor after a pause."""

from __future__ import annotations

from f2l.sync.transfer import RateLimiter


class FakeTime:
    """A clock that only moves when the limiter sleeps (or the test lets time pass)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


async def test_the_first_seconds_stay_within_the_limit() -> None:
    time = FakeTime()
    limiter = RateLimiter(1000, clock=time, sleep=time.sleep)
    start = time.now
    passed = 0
    for _ in range(50):  # 50 chunks of 100 bytes: 5 seconds' worth
        await limiter.consume(100)
        passed += 100
        # Bytes let through by now never exceed what the limit allows since the start.
        assert passed <= 1000 * (time.now - start) + 1e-6, (passed, time.now - start)
    assert time.now - start >= 5.0 - 1e-6


async def test_a_pause_earns_at_most_one_second_of_burst() -> None:
    time = FakeTime()
    limiter = RateLimiter(1000, clock=time, sleep=time.sleep)
    await limiter.consume(1000)
    time.now += 60  # a long pause (a slow listing, a big file's first byte)
    resumed = time.now
    for _ in range(30):
        await limiter.consume(100)
    # 3,000 bytes after the pause: one second of saved-up bytes, then the rate again.
    assert time.now - resumed >= 2.0 - 1e-6
