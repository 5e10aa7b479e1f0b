"""Remove temp files that earlier, killed runs left behind (INV-2: no litter after a good run).

Listings pass over F2L's temp names and note them on the backend. After a run that ended
without an error, the ones not written to since this run started are removed: a temp file
still being written (by a concurrent run elsewhere) has a fresh mtime and is left alone.
"""

from __future__ import annotations

import logging

from f2l.storage.base import Backend
from f2l.storage.errors import StorageError

logger = logging.getLogger(__name__)

FRESHNESS_MARGIN_S = 2.0
"""Temp files modified this close to the run's start are spared (clock steps, coarse mtimes)."""


async def sweep_temp_files(backend: Backend, run_started: float) -> int:
    """Delete the temp files the listings saw that are older than the run; return how many went."""
    seen, backend.temp_files_seen = backend.temp_files_seen or [], None
    removed = 0
    for entry in seen:
        if entry.mtime is None or entry.mtime > run_started - FRESHNESS_MARGIN_S:
            continue
        try:
            await backend.delete(entry.path)
            removed += 1
        except StorageError as error:  # litter is not worth failing a good run for
            logger.warning("could not remove the stale temp file %s: %s", entry.path, error)
    if removed:
        logger.info("%s: removed %d temp files left by interrupted runs", backend.label, removed)
    return removed
