"""A per-key sliding-window rate limit, in memory (per process; behind several replicas each counts its own)."""

from __future__ import annotations

import math
import time
from collections import deque


class RateLimiter:
    """At most `limit` hits per `window` seconds per key; `hit` answers the seconds to wait, or 0."""

    def __init__(self, limit: int, window: float = 60.0, max_keys: int = 100_000) -> None:
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: dict[str, deque[float]] = {}

    def hit(self, key: str) -> int:
        """Count one request of `key`; return 0 if allowed, else whole seconds until one is."""
        if self.limit <= 0:
            return 0
        now = time.monotonic()
        hits = self._hits.get(key)
        if hits is None:
            if len(self._hits) >= self.max_keys:  # bound memory under a flood of distinct keys
                self._prune(now)
            hits = self._hits.setdefault(key, deque())
        while hits and now - hits[0] >= self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(1, math.ceil(self.window - (now - hits[0])))
        hits.append(now)
        return 0

    def reset(self, key: str) -> None:
        """Forget `key` (a successful login clears its failures)."""
        self._hits.pop(key, None)

    def _prune(self, now: float) -> None:
        for key in [k for k, hits in self._hits.items() if not hits or now - hits[-1] >= self.window]:
            del self._hits[key]
        if len(self._hits) >= self.max_keys:
            self._hits.clear()
