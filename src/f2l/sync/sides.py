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
async def connected_sides(source: Backend, destination: Backend,
                          settings: SyncSettings) -> AsyncIterator[tuple[Backend, Backend]]:
    """Both backends connected for the block; yields (source, destination), one maybe a stand-in."""
    receiving = source if settings.direction is Direction.DEST_TO_SOURCE else destination
    both_receive = settings.direction is Direction.BIDIRECTIONAL
    for side in (source, destination):
        side.create_root = not settings.dry_run and (both_receive or side is receiving)
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
        yield source, destination
