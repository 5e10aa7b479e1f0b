"""One capped, jittered exponential-backoff retry helper for retryable storage errors."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from f2l.storage.errors import StorageError

T = TypeVar("T")


async def with_retries(
    operation: Callable[[], Awaitable[T]], *, attempts: int = 3, base_delay: float = 0.2, max_delay: float = 5.0
) -> T:
    """Run `operation`, retrying it on `StorageError`s marked retryable.

    Waits `base_delay * 2**n` seconds (capped at `max_delay`, with up to 50 % jitter so
    parallel transfers do not retry in lockstep) between tries. Non-retryable errors
    and the last retryable one are raised unchanged.
    """
    for attempt in range(1, attempts + 1):
        try:
            return await operation()
        except StorageError as error:
            if not error.retryable or attempt == attempts:
                raise
            delay = min(max_delay, base_delay * 2 ** (attempt - 1))
            await asyncio.sleep(delay * (0.5 + random.random() / 2))
    raise AssertionError("unreachable: the loop returns or raises")
