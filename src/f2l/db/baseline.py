"""The engine's remembered state in the database: `sync_state` rows seen as `BaselineEntry`s.

Implements the protocols the engine declares (`f2l.sync.state`): a `BaselineStore` per
endpoint pair, and `DatabasePairStates`, which finds the bidirectional baseline or the
one-way sync record of a pair from its two endpoint labels.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import aclosing

from f2l.db.state import StateRow, SyncStateStore, pair_key
from f2l.sync.bisync import BaselineEntry, Snapshot


def baseline_key(source_label: str, destination_label: str) -> str:
    """The key of a bidirectional pair's baseline."""
    return pair_key(source_label, destination_label)


def record_key(source_label: str, destination_label: str) -> str:
    """The key of a one-way pair's sync record.

    Kept apart from the bidirectional baseline: a record stores each side's *real* mtime
    (read from S3 metadata), a baseline the values its listings show.
    """
    return pair_key(f"one-way:{source_label}", destination_label)


class DatabaseBaseline:
    """The baseline of one endpoint pair (`pair_key`) in the `sync_state` table."""

    def __init__(self, store: SyncStateStore, pair_key: str) -> None:
        self.store = store
        self.pair_key = pair_key

    async def iterate(self) -> AsyncIterator[BaselineEntry]:
        async with aclosing(self.store.iterate(self.pair_key)) as rows:
            async for row in rows:
                yield BaselineEntry(
                    row.path,
                    Snapshot(row.source_size, row.source_mtime, row.source_hash, row.source_etag),
                    Snapshot(row.dest_size, row.dest_mtime, row.dest_hash, row.dest_etag),
                )

    async def save(self, entries: Sequence[BaselineEntry]) -> None:
        await self.store.upsert_many(self.pair_key, (_row(entry) for entry in entries))

    async def forget(self, paths: Sequence[str]) -> None:
        await self.store.delete_paths(self.pair_key, paths)


class DatabasePairStates:
    """Every pair's baseline and sync record, in one database (`f2l.sync.state.PairStates`)."""

    def __init__(self, store: SyncStateStore) -> None:
        self.store = store

    def baseline(self, source_label: str, destination_label: str) -> DatabaseBaseline:
        return DatabaseBaseline(self.store, baseline_key(source_label, destination_label))

    def record(self, sending_label: str, receiving_label: str) -> DatabaseBaseline:
        return DatabaseBaseline(self.store, record_key(sending_label, receiving_label))


def _row(entry: BaselineEntry) -> StateRow:
    source, destination = entry.source, entry.destination
    return StateRow(
        path=entry.path,
        source_size=source.size,
        source_mtime=source.mtime,
        source_hash=source.hash,
        source_etag=source.etag,
        dest_size=destination.size,
        dest_mtime=destination.mtime,
        dest_hash=destination.hash,
        dest_etag=destination.etag,
    )
