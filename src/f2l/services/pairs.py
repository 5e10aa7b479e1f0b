"""A session's two sides, connected: what a run and a preview of the session need besides the engine."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from f2l.db.models import Endpoint, SyncSession
from f2l.services.endpoints import EndpointDeps, open_backend
from f2l.storage.base import Backend
from f2l.sync.options import SyncSettings
from f2l.sync.sides import connected_sides


@asynccontextmanager
async def open_pair(
    deps: EndpointDeps,
    session: SyncSession,
    source_endpoint: Endpoint,
    destination_endpoint: Endpoint,
    settings: SyncSettings,
) -> AsyncIterator[tuple[Backend, Backend]]:
    """Connect both sides of the session; yields (source, destination) — see `connected_sides` for a
    missing receiving folder (created by a run, an empty stand-in for a dry run)."""
    source = await open_backend(deps, source_endpoint, session.source_path)
    destination = await open_backend(deps, destination_endpoint, session.destination_path)
    async with connected_sides(source, destination, settings) as sides:
        yield sides
