"""Live progress of a run: counters updated on the hot path, snapshots emitted a few times a second."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum


class Phase(StrEnum):
    """Where a run is."""

    LISTING = "listing"
    TRANSFERRING = "transferring"
    DELETING = "deleting"
    VERIFYING = "verifying"
    DONE = "done"


@dataclass(frozen=True, slots=True)
class ProgressSnapshot:
    """What a progress bar, an event or a database row shows at one moment."""

    phase: Phase
    files_done: int
    files_total: int
    bytes_done: int
    bytes_total: int
    files_deleted: int
    errors: int
    current: tuple[str, ...]
    speed_bps: float
    eta_seconds: float | None
    elapsed_s: float

    @property
    def percentage(self) -> float:
        """Share of the planned bytes done (of files, when no bytes are planned), 0-100."""
        if self.bytes_total > 0:
            return min(100.0, 100.0 * self.bytes_done / self.bytes_total)
        if self.files_total > 0:
            return min(100.0, 100.0 * self.files_done / self.files_total)
        return 100.0 if self.phase is Phase.DONE else 0.0


ProgressCallback = Callable[[ProgressSnapshot], None]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file operation as it finished: what the service stores as a `sync_operations` row."""

    action: str
    path: str
    size: int | None
    ok: bool
    error: str | None
    duration_s: float
    reason: str | None = None


OutcomeCallback = Callable[[FileOutcome], None]

SPEED_WINDOW_S = 5.0


@dataclass
class ProgressTracker:
    """Counts a run's progress; calls `callback` at most every `interval` seconds (and at phase ends).

    Updating is a few integer additions, cheap enough to leave on for every chunk.
    """

    callback: ProgressCallback | None = None
    interval: float = 0.25
    on_outcome: OutcomeCallback | None = None
    phase: Phase = Phase.LISTING
    files_done: int = 0
    files_total: int = 0
    bytes_done: int = 0
    bytes_total: int = 0
    files_deleted: int = 0
    errors: int = 0
    current: dict[str, None] = field(default_factory=dict)
    _started: float = field(default_factory=time.monotonic)
    _last_emit: float = 0.0
    _samples: deque[tuple[float, int]] = field(default_factory=deque)

    def set_phase(self, phase: Phase) -> None:
        self.phase = phase
        self.emit(force=True)

    def set_totals(self, files: int, size: int) -> None:
        self.files_total, self.bytes_total = files, size

    def start_file(self, path: str) -> None:
        self.current[path] = None

    def add_bytes(self, count: int) -> None:
        self.bytes_done += count
        self.emit()

    def finish_file(self, path: str, *, ok: bool, unsent: int = 0) -> None:
        """Mark `path` done; `unsent` planned bytes that were never sent still count as done."""
        self.current.pop(path, None)
        self.files_done += 1
        self.bytes_done += unsent
        if not ok:
            self.errors += 1
        self.emit()

    def deleted(self) -> None:
        self.files_deleted += 1
        self.emit()

    def outcome(
        self,
        action: str,
        path: str,
        size: int | None,
        started: float,
        *,
        error: str | None = None,
        reason: str | None = None,
    ) -> None:
        """Report one finished file operation (`started`: its `time.monotonic()` start)."""
        if self.on_outcome is not None:
            self.on_outcome(
                FileOutcome(action, path, size, error is None, error, time.monotonic() - started, reason)
            )

    def emit(self, *, force: bool = False) -> None:
        now = time.monotonic()
        if self.callback is None or (not force and now - self._last_emit < self.interval):
            return
        self._last_emit = now
        self.callback(self.snapshot(now))

    def snapshot(self, now: float | None = None) -> ProgressSnapshot:
        now = time.monotonic() if now is None else now
        speed = self._speed(now)
        remaining = max(self.bytes_total - self.bytes_done, 0)
        eta = remaining / speed if speed > 0 else None
        return ProgressSnapshot(
            self.phase,
            self.files_done,
            self.files_total,
            self.bytes_done,
            self.bytes_total,
            self.files_deleted,
            self.errors,
            tuple(self.current),
            speed,
            eta,
            now - self._started,
        )

    def _speed(self, now: float) -> float:
        """Bytes per second over the last few seconds (a sliding window, not since the start)."""
        self._samples.append((now, self.bytes_done))
        while len(self._samples) > 2 and now - self._samples[0][0] > SPEED_WINDOW_S:
            self._samples.popleft()
        first_time, first_bytes = self._samples[0]
        span = now - first_time
        return (self.bytes_done - first_bytes) / span if span > 0 else 0.0
