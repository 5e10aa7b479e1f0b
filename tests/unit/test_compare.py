"""The decision table of `difference`, row by row."""

from __future__ import annotations

import pytest

from f2l.storage.base import Capabilities, Entry
from f2l.sync.compare import MIN_WINDOW, CompareMode, Difference, common_hash, difference, modify_window

SIZE_MTIME, SIZE, CHECKSUM = CompareMode.SIZE_MTIME, CompareMode.SIZE, CompareMode.CHECKSUM


def entry(size: int = 10, mtime: float | None = 1000.0, **hashes: str) -> Entry:
    return Entry("f.txt", size, mtime, hashes=hashes)


@pytest.mark.parametrize("mode", list(CompareMode))
def test_different_sizes_always_differ(mode: CompareMode) -> None:
    assert difference(entry(10), entry(11), mode, 1.0) is Difference.SIZE


def test_unknown_size_is_not_a_difference() -> None:
    assert difference(entry(-1), entry(11), SIZE, 1.0) is None


def test_size_mode_ignores_mtime_and_hashes() -> None:
    assert difference(entry(mtime=1.0, md5="a"), entry(mtime=9e9, md5="b"), SIZE, 1.0) is None


@pytest.mark.parametrize(
    ("src", "dst", "window", "expected"),
    [
        (1000.0, 1000.9, 1.0, None),
        (1000.0, 1001.0, 1.0, None),  # the window is inclusive
        (1000.0, 1001.5, 1.0, Difference.MTIME),
        (1000.5, 1000.0, 1e-6, Difference.MTIME),
        (None, 1000.0, 1.0, None),  # no mtime on a side: size alone decides
        (1000.0, 5000.0, None, None),  # a backend without mtimes: size alone decides
    ],
)
def test_size_mtime_rows(
    src: float | None, dst: float | None, window: float | None, expected: Difference | None
) -> None:
    assert difference(entry(mtime=src), entry(mtime=dst), SIZE_MTIME, window) is expected


def test_size_mtime_trusts_equal_hashes_over_differing_mtimes() -> None:
    assert difference(entry(mtime=1.0, md5="aa"), entry(mtime=500.0, md5="aa"), SIZE_MTIME, 1.0) is None
    assert (
        difference(entry(mtime=1.0, md5="aa"), entry(mtime=500.0, md5="bb"), SIZE_MTIME, 1.0)
        is Difference.CHECKSUM
    )


def test_checksum_mode_finds_same_size_edits_whatever_the_mtime() -> None:
    assert difference(entry(md5="aa"), entry(md5="bb"), CHECKSUM, 1.0) is Difference.CHECKSUM
    assert difference(entry(mtime=1.0, md5="aa"), entry(mtime=9.0, md5="aa"), CHECKSUM, 1.0) is None


def test_checksum_mode_never_passes_unverified_content() -> None:
    assert difference(entry(md5="aa"), entry(sha256="aa"), CHECKSUM, 1.0) is Difference.CHECKSUM
    assert difference(entry(), entry(), CHECKSUM, 1.0) is Difference.CHECKSUM


def test_common_hash_prefers_md5() -> None:
    assert common_hash(entry(md5="a", sha1="b"), entry(md5="c", sha1="d")) == "md5"
    assert common_hash(entry(sha1="b", crc32="x"), entry(sha1="d", crc32="y")) == "crc32"
    assert common_hash(entry(md5="a"), entry(sha1="b")) is None


def test_modify_window_is_the_coarser_side() -> None:
    local, ftp, none = (
        Capabilities(mtime_precision=1e-9),
        Capabilities(mtime_precision=1.0),
        Capabilities(mtime_precision=None),
    )
    assert modify_window(local, ftp) == 1.0
    assert modify_window(local, local) == MIN_WINDOW
    assert modify_window(local, none) is None
