"""Connect the two sides of a run: the receiving folder is created unless it is a dry run.

Shared by the CLI and the service so both treat a missing destination the same way: a
real run creates it; a dry run plans against an empty stand-in and so shows every file as
new, exactly as the real run will copy them, while creating nothing.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

from f2l.storage.base import Backend
from f2l.storage.errors import NotFound
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.options import Direction, SyncSettings


@asynccontextmanager
async def connected_sides(
    source: Backend, destination: Backend, settings: SyncSettings
) -> AsyncIterator[tuple[Backend, Backend]]:
    """Both backends connected for the block; yields (source, destination), one maybe a stand-in.

    The receiving side is the destination, the source for `dest_to_source`, and both for a
    bidirectional run (each side receives the other's changes).
    """
    if settings.direction is Direction.BIDIRECTIONAL:
        receiving: tuple[Backend, ...] = (source, destination)
    else:
        receiving = (source,) if settings.direction is Direction.DEST_TO_SOURCE else (destination,)
    for side in (source, destination):
        side.create_root = not settings.dry_run and any(side is r for r in receiving)
    sending_first = sorted((source, destination), key=lambda side: any(side is r for r in receiving))
    connected: dict[int, Backend] = {}
    async with AsyncExitStack() as stack:
        for side in sending_first:
            try:
                connected[id(side)] = await stack.enter_async_context(side)
            except NotFound:
                if not settings.dry_run or not any(side is r for r in receiving):
                    raise
                empty = LocalBackend(LocalOptions(path=stack.enter_context(tempfile.TemporaryDirectory())))
                connected[id(side)] = await stack.enter_async_context(empty)
        yield connected[id(source)], connected[id(destination)]
