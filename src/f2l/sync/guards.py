"""The deletion guards every run passes before any change: one set of rules for every direction.

A plan that would delete many files is more often an accident (a wrong path, a half-mounted
disk, a prefix typo) than an intent. Before a run changes anything, its planned deletions
are weighed per side against what that side holds now:

- more deletions in all than `max_delete` → abort;
- deletions on a side while the other side — the one that drives them — lists no file at
  all → abort unless `allow_empty_source`;
- more than `max_delete_percent` % of a side's files deleted → abort. One-way runs have no
  share limit unless one is set; bidirectional runs default to
  `BIDIRECTIONAL_MAX_DELETE_PERCENT` (50 %, as rclone's bisync), since there *either* side
  coming back short turns into deletions on the other.

`allow_mass_delete` lifts all three for one run that was meant (after a dry run, say).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from f2l.sync.options import SyncSettings

BIDIRECTIONAL_MAX_DELETE_PERCENT = 50.0
"""Default share of a side's files a bidirectional run may delete; above it the run aborts."""


class RunAborted(Exception):
    """A guard stopped the run before any change (empty source, too many deletions)."""


@dataclass(frozen=True, slots=True)
class SideDeletions:
    """The deletions planned on one side, and what both sides list now (under the filters)."""

    side: str
    """`source` or `destination`: the side the files would be deleted from."""
    deletes: int
    files: int
    """Files this side lists now."""
    driving_files: int
    """Files the other side lists now: the side whose absence of files drives the deletions."""


def max_delete_percent(settings: SyncSettings, *, bidirectional: bool) -> float | None:
    """The share limit in force: the run's own, else the bidirectional default, else none."""
    if settings.max_delete_percent is not None:
        return settings.max_delete_percent
    return BIDIRECTIONAL_MAX_DELETE_PERCENT if bidirectional else None


def check_deletions(sides: Sequence[SideDeletions], settings: SyncSettings, *, bidirectional: bool) -> None:
    """Raise `RunAborted`, with the numbers, if the planned deletions break a guard."""
    if settings.allow_mass_delete:
        return
    total = sum(side.deletes for side in sides)
    if total == 0:
        return
    override = "; nothing was changed (allow it with --allow-mass-delete, or raise the limit)"
    if settings.max_delete is not None and total > settings.max_delete:
        raise RunAborted(f"{total} deletions planned, over the limit of {settings.max_delete}{override}")
    limit = max_delete_percent(settings, bidirectional=bidirectional)
    for side in sides:
        if not side.deletes:
            continue
        if side.driving_files == 0 and not settings.allow_empty_source:
            driver = "destination" if side.side == "source" else "source"
            raise RunAborted(
                f"the {driver} lists no files while {side.deletes} of the {side.side}'s "
                f"{side.files} would be deleted: refusing (a wrong path or an unmounted disk?); "
                "nothing was changed (allow it explicitly with --allow-empty-source)"
            )
        share = 100.0 * side.deletes / side.files if side.files else 100.0
        if limit is not None and share > limit:
            raise RunAborted(
                f"{side.deletes} of the {side.side}'s {side.files} files ({share:.1f} %) would be "
                f"deleted, over the limit of {limit:g} %{override}"
            )
