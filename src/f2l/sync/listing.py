"""A backend's walk seen through a run's filters, shared by planning and reconciliation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from f2l.storage.base import Backend, Entry, SkippedName
from f2l.storage.errors import InvalidPath
from f2l.sync.filters import FileFilter

UnreadableCallback = Callable[[InvalidPath], None]
"""Hears of each name a listing had to leave out, as the error that reports it (path shown escaped)."""


async def filtered_walk(
    backend: Backend, file_filter: FileFilter, *, on_unreadable: UnreadableCallback | None = None
) -> AsyncIterator[Entry]:
    """The backend's files that pass the filter, in canonical order; excluded folders are pruned.

    A name the backend cannot show as an F2L path (bytes that are not UTF-8, a control
    character on FTP) is left out of the walk, which is then incomplete. Each such name that
    the filter would not leave out anyway (matched on its escaped form) is handed to
    `on_unreadable` as an `InvalidPath` naming it (`caf\\xe9.txt`), for the caller to report
    as a failed file and to delete nothing by this listing. Without `on_unreadable`, the
    first one is raised: a caller that cannot report it must not take the listing as whole.
    """
    skipped: list[SkippedName] = []
    previous, backend.skipped_names = backend.skipped_names, skipped
    try:
        entries = backend.walk() if file_filter.is_empty else backend.walk(descend=file_filter.descend)
        async for entry in entries:
            if skipped:
                _report(backend, file_filter, skipped, on_unreadable)
            if file_filter.is_empty or file_filter.includes(entry):
                yield entry
        _report(backend, file_filter, skipped, on_unreadable)
    finally:
        backend.skipped_names = previous


def _report(
    backend: Backend, file_filter: FileFilter, skipped: list[SkippedName], on_unreadable: UnreadableCallback | None
) -> None:
    names = list(skipped)
    skipped.clear()
    for name in names:
        if not file_filter.is_empty and not file_filter.includes(name.entry):
            continue  # the run would not look at it even if it could: no loss
        error = InvalidPath(name.reason, endpoint=backend.label, path=name.entry.path)
        if on_unreadable is None:
            raise error
        on_unreadable(error)
