"""The two connected backends of a session, and the engine call a run or a preview makes with them."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from f2l.db.models import Endpoint, SyncSession
from f2l.db.state import SyncStateStore
from f2l.services.endpoints import EndpointDeps, open_backend
from f2l.services.sessions import conflict_policy
from f2l.storage.base import Backend
from f2l.storage.errors import NotFound
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.baseline import DatabaseBaseline, baseline_key, record_key
from f2l.sync.bisync_run import BiResult, run_bidirectional
from f2l.sync.engine import SyncResult, run_sync
from f2l.sync.options import Direction, SyncSettings
from f2l.sync.progress import OutcomeCallback, ProgressCallback


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
async def open_pair(
    deps: EndpointDeps,
    session: SyncSession,
    source_endpoint: Endpoint,
    destination_endpoint: Endpoint,
    settings: SyncSettings,
) -> AsyncIterator[Pair]:
    """Connect both sides; the receiving side's folder is created unless this is a dry run.

    A dry run into a folder that does not exist yet plans against an empty one, so the plan
    shows every file as new, as the real run will copy them.
    """
    source = await open_backend(deps, source_endpoint, session.source_path)
    destination = await open_backend(deps, destination_endpoint, session.destination_path)
    receiving = source if settings.direction is Direction.DEST_TO_SOURCE else destination
    both = settings.direction is Direction.BIDIRECTIONAL
    for side in (source, destination):
        side.create_root = not settings.dry_run and (both or side is receiving)
    async with AsyncExitStack() as stack:
        await stack.enter_async_context(source if receiving is destination else destination)
        try:
            await stack.enter_async_context(receiving)
        except NotFound:
            if not settings.dry_run:
                raise
            empty = LocalBackend(LocalOptions(path=stack.enter_context(tempfile.TemporaryDirectory())))
            await stack.enter_async_context(empty)
            source, destination = (empty, destination) if receiving is source else (source, empty)
        yield Pair(source, destination)


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
