"""A backend's walk seen through a run's filters, shared by planning and reconciliation."""

from __future__ import annotations

from collections.abc import AsyncIterator

from f2l.storage.base import Backend, Entry
from f2l.sync.filters import FileFilter


async def filtered_walk(backend: Backend, file_filter: FileFilter) -> AsyncIterator[Entry]:
    """The backend's files that pass the filter, in canonical order; excluded folders are pruned."""
    if file_filter.is_empty:
        async for entry in backend.walk():
            yield entry
        return
    async for entry in backend.walk(descend=file_filter.descend):
        if file_filter.includes(entry):
            yield entry
