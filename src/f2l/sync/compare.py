"""Are these two entries the same file? One function, whose docstring is the decision table."""

from __future__ import annotations

from enum import StrEnum

from f2l.storage.base import Capabilities, Entry

MIN_WINDOW = 1e-6
"""The smallest modify window, whatever the backends' precision (float mtime rounding)."""


class CompareMode(StrEnum):
    """How a run decides that a destination file is already up to date."""

    SIZE_MTIME = "size_mtime"
    SIZE = "size"
    CHECKSUM = "checksum"


class Difference(StrEnum):
    """Why two entries are not the same file; the reason an operation carries."""

    SIZE = "size differs"
    MTIME = "modification time differs"
    CHECKSUM = "checksum differs"


def modify_window(source: Capabilities, destination: Capabilities) -> float | None:
    """The tolerance for comparing mtimes across two backends: the coarser precision.

    None when either side keeps no modification time, so mtimes cannot be compared at all.
    """
    if source.mtime_precision is None or destination.mtime_precision is None:
        return None
    # Float seconds resolve ~0.24 µs at today's epoch: a nanosecond window would turn
    # rounding into "changed".
    return max(source.mtime_precision, destination.mtime_precision, MIN_WINDOW)


def common_hash(source: Entry, destination: Entry) -> str | None:
    """A hash algorithm both entries carry a value for (preferring md5), or None."""
    shared = source.hashes.keys() & destination.hashes.keys()
    if not shared:
        return None
    return "md5" if "md5" in shared else min(shared)


def difference(source: Entry, destination: Entry, mode: CompareMode, window: float | None) -> Difference | None:
    """Return why `destination` is not an up-to-date copy of `source`, or None if it is.

    1. Sizes both known and different → SIZE, in every mode.
    2. `size` mode → same.
    3. `checksum` mode → same if a common hash type has equal values, else CHECKSUM (the
       caller fills hashes first; a pair it could not hash is never passed as equal).
    4. `size_mtime` mode, an mtime missing on either side or no window (a backend that
       keeps none) → same: size alone decides, as rclone does without mtimes.
    5. `size_mtime`, mtimes within the window (inclusive) → same.
    6. `size_mtime`, mtimes differ but both sides carry a common hash → the hashes decide
       (same, or CHECKSUM); the content is what matters, not the timestamps.
    7. Otherwise → MTIME.

    Sizes of -1 (unknown) never count as different. In checksum mode, a pair without a
    common hash type is reported as CHECKSUM rather than passed as equal: never assume
    content matches what was not verified.
    """
    if source.size >= 0 and destination.size >= 0 and source.size != destination.size:
        return Difference.SIZE
    if mode is CompareMode.SIZE:
        return None
    algorithm = common_hash(source, destination)
    if mode is CompareMode.CHECKSUM:
        if algorithm is not None and source.hashes[algorithm] == destination.hashes[algorithm]:
            return None
        return Difference.CHECKSUM
    if source.mtime is None or destination.mtime is None or window is None:
        return None
    if abs(source.mtime - destination.mtime) <= window:
        return None
    if algorithm is not None:
        # mtimes differ but both sides state their content: trust the hashes.
        return None if source.hashes[algorithm] == destination.hashes[algorithm] else Difference.CHECKSUM
    return Difference.MTIME
