"""Which version of an open local file this is (`fstat`): how a read of a local file tells a
rewrite, shared by the local backend and the S3 upload of a local file."""

from __future__ import annotations

import os
from dataclasses import dataclass

from f2l.storage.base import Entry


@dataclass(frozen=True, slots=True)
class FileState:
    """Which version of an open local file this is, as `fstat` tells: a test of "written since?".

    Every write moves the ctime, even one whose writer then sets the mtime back; a resize moves
    the size. The test is as fine as the file system's timestamps: Linux stamps inodes from a
    coarse clock (a few ms), so a write landing in the same tick as the previous change of the
    file is not seen — only when the file was already being written at the first fstat.
    """

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int

    @classmethod
    def of_stat(cls, info: os.stat_result) -> FileState:
        return cls(info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)

    @classmethod
    def of(cls, fd: int) -> FileState:
        """The state of the open file `fd` (one `fstat`)."""
        return cls.of_stat(os.fstat(fd))

    def is_version(self, entry: Entry) -> bool:
        """Whether the file is still what `entry` (a listing, a stat) saw: same size and mtime."""
        return (entry.size < 0 or self.size == entry.size) and (
            entry.mtime is None or self.mtime_ns / 1e9 == entry.mtime
        )

    def describe(self, entry: Entry) -> str:
        return (
            f"{self.size} bytes, mtime {self.mtime_ns / 1e9:.9f}; listed {entry.size} bytes, mtime {entry.mtime}"
        )

    def moved_since(self, earlier: FileState) -> str:
        """The fields that differ from `earlier`, for messages ("mtime and ctime")."""
        moved = [
            name
            for name in ("size", "mtime_ns", "ctime_ns", "inode")
            if getattr(self, name) != getattr(earlier, name)
        ]
        return " and ".join(name.removesuffix("_ns") for name in moved) or "nothing"
