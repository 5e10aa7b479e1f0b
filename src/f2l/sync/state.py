"""What the engine remembers between runs, as protocols it declares and the database implements.

A bidirectional run needs its pair's **baseline** (both sides after the last good run); a
one-way run reads and keeps its pair's **sync record** (what each path looked like at its
last sync, sparing metadata requests on re-runs). Both are `BaselineStore`s, found by the
pair's endpoint labels. `MemoryBaseline` serves a run with nothing to remember it in.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from f2l.sync.bisync import BaselineEntry, BaselineStore


class PairStates(Protocol):
    """Where every endpoint pair's baseline and sync record live (the database, in the product)."""

    def baseline(self, source_label: str, destination_label: str) -> BaselineStore:
        """The baseline of a bidirectional pair."""
        ...

    def record(self, sending_label: str, receiving_label: str) -> BaselineStore:
        """The sync record of a one-way pair, by the side files come from and the side they go to."""
        ...


class MemoryBaseline:
    """A `BaselineStore` held in memory for one process: a run that keeps nothing."""

    def __init__(self) -> None:
        self.entries: dict[str, BaselineEntry] = {}

    async def iterate(self) -> AsyncIterator[BaselineEntry]:
        for path in sorted(self.entries, key=str.encode):
            yield self.entries[path]

    async def save(self, entries: Sequence[BaselineEntry]) -> None:
        self.entries.update((entry.path, entry) for entry in entries)

    async def forget(self, paths: Sequence[str]) -> None:
        for path in paths:
            self.entries.pop(path, None)
