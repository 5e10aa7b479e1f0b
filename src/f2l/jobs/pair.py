"""The two connected backends of a session, and the engine call a run or a preview makes with them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from f2l.db.models import Endpoint, SyncSession
from f2l.db.state import SyncStateStore
from f2l.services.endpoints import EndpointDeps, open_backend
from f2l.services.sessions import conflict_policy
from f2l.storage.base import Backend
from f2l.sync.baseline import DatabaseBaseline, baseline_key, record_key
from f2l.sync.bisync_run import BiResult, run_bidirectional
from f2l.sync.engine import SyncResult, run_sync
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.progress import OutcomeCallback, ProgressCallback
from f2l.sync.sides import connected_sides


@dataclass(frozen=True)
class Pair:
    """A session's source and destination, connected."""

    source: Backend
    destination: Backend

    def sending_first(self, settings: SyncSettings) -> tuple[Backend, Backend]:
        """(the side files come from, the side they go to) for a one-way run."""
        if settings.direction is Direction.DEST_TO_SOURCE:
            return self.destination, self.source
        return self.source, self.destination


@asynccontextmanager
async def open_pair(deps: EndpointDeps, session: SyncSession, source_endpoint: Endpoint,
                    destination_endpoint: Endpoint, settings: SyncSettings) -> AsyncIterator[Pair]:
    """Connect both sides of the session (see `connected_sides` for a missing destination)."""
    source = await open_backend(deps, source_endpoint, session.source_path)
    destination = await open_backend(deps, destination_endpoint, session.destination_path)
    async with connected_sides(source, destination, settings) as (connected_source, connected_destination):
        yield Pair(connected_source, connected_destination)


async def run_pair(
    pair: Pair,
    session: SyncSession,
    settings: SyncSettings,
    state: AsyncEngine,
    progress: ProgressCallback | None = None,
    outcomes: OutcomeCallback | None = None,
) -> SyncResult | BiResult:
    """Run the engine on the pair: one-way with the pair's sync record, or bidirectional with its baseline."""
    store = SyncStateStore(state)
    if settings.direction is Direction.BIDIRECTIONAL:
        baseline = DatabaseBaseline(store, baseline_key(pair.source.label, pair.destination.label))
        return await run_bidirectional(
            pair.source, pair.destination, settings, baseline, conflict_policy(session), progress, outcomes
        )
    sending, receiving = pair.sending_first(settings)
    records = DatabaseBaseline(store, record_key(sending.label, receiving.label))
    return await run_sync(pair.source, pair.destination, settings, progress, records, outcomes)
