"""The one deletion guard, for both directions: the limits, the defaults and the override."""

from __future__ import annotations

import pytest

from f2l.sync.guards import BIDIRECTIONAL_MAX_DELETE_PERCENT, RunAborted, SideDeletions, check_deletions
from f2l.sync.options import Direction, SyncSettings

DESTINATION_HALF_GONE = [SideDeletions("destination", deletes=6, files=10, driving_files=4)]


@pytest.mark.parametrize("bidirectional", [False, True])
def test_max_delete_and_empty_sides_apply_to_both_directions(bidirectional: bool) -> None:
    with pytest.raises(RunAborted, match="6 deletions planned, over the limit of 5"):
        check_deletions(DESTINATION_HALF_GONE, SyncSettings(max_delete=5), bidirectional=bidirectional)
    empty = [SideDeletions("destination", deletes=3, files=3, driving_files=0)]
    with pytest.raises(RunAborted, match="the source lists no files while 3 of the destination's 3"):
        check_deletions(empty, SyncSettings(max_delete_percent=100), bidirectional=bidirectional)
    check_deletions(
        empty, SyncSettings(allow_empty_source=True, max_delete_percent=100), bidirectional=bidirectional
    )


def test_the_share_limit_defaults_to_half_of_a_side_only_both_ways() -> None:
    check_deletions(DESTINATION_HALF_GONE, SyncSettings(), bidirectional=False)  # a mirror: no default share
    with pytest.raises(RunAborted, match=r"6 of the destination's 10 files \(60.0 %\)") as refused:
        check_deletions(DESTINATION_HALF_GONE, SyncSettings(direction=Direction.BIDIRECTIONAL), bidirectional=True)
    assert f"limit of {BIDIRECTIONAL_MAX_DELETE_PERCENT:g} %" in str(refused.value)
    half = [SideDeletions("source", deletes=5, files=10, driving_files=5)]
    check_deletions(half, SyncSettings(), bidirectional=True)  # exactly half: not over
    with pytest.raises(RunAborted, match="limit of 40 %"):
        check_deletions(half, SyncSettings(max_delete_percent=40), bidirectional=False)


def test_allow_mass_delete_lifts_every_guard() -> None:
    everything = [
        SideDeletions("source", deletes=9, files=9, driving_files=0),
        SideDeletions("destination", deletes=9, files=10, driving_files=0),
    ]
    check_deletions(
        everything, SyncSettings(allow_mass_delete=True, max_delete=1, max_delete_percent=1), bidirectional=True
    )
    with pytest.raises(RunAborted):
        check_deletions(everything, SyncSettings(max_delete=100), bidirectional=True)
