"""The one file filter of preview, run and check: every kind alone and combined, pattern
syntax, directory pruning, limits at their boundaries, and the human size/duration parsers."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest
from pydantic import ValidationError

from f2l.storage.base import Entry
from f2l.sync.filters import (
    FileFilter,
    FilterSpec,
    format_duration,
    format_size,
    parse_duration,
    parse_size,
)

NOW = 1_700_000_000.0
DAY = 86400.0


def make(now: float = NOW, **spec: Any) -> FileFilter:
    return FileFilter(FilterSpec(**spec), now=now)


def passes(flt: FileFilter, path: str, size: int = 10, mtime: float | None = NOW) -> bool:
    return flt.includes(Entry(path, size, mtime))


def passing(flt: FileFilter, paths: list[str]) -> list[str]:
    return [path for path in paths if passes(flt, path)]


# ---- the empty filter ------------------------------------------------------------------


def test_empty_filter_passes_everything() -> None:
    flt = FileFilter()
    assert flt.is_empty
    assert flt.describe() == "no filters"
    assert passes(flt, "a/b/c.txt", size=-1, mtime=None)
    assert flt.descend("any/dir")


@pytest.mark.parametrize(
    "spec",
    [
        {"folders": ["a"]},
        {"include": ["*"]},
        {"exclude": ["x"]},
        {"min_size": 0},
        {"max_size": 5},
        {"min_age": 0},
        {"max_age": 1},
    ],
)
def test_any_filter_makes_it_non_empty(spec: dict[str, Any]) -> None:
    assert not make(**spec).is_empty


def test_case_and_match_mode_alone_do_not_filter() -> None:
    assert make(case_sensitive=False, folder_match="contains").is_empty


# ---- folder filter ---------------------------------------------------------------------

TREE = [
    "photos/a.jpg",
    "x/photos/b.jpg",
    "x/Photos/c.jpg",
    "myphotos/d.jpg",
    "photos2021/e.jpg",
    "photos",
    "x/photos",
    "other/f.jpg",
    "old-photos-bak/g.jpg",
]


@pytest.mark.parametrize(
    ("mode", "case_sensitive", "expected"),
    [
        ("exact", True, ["photos/a.jpg", "x/photos/b.jpg"]),
        ("exact", False, ["photos/a.jpg", "x/photos/b.jpg", "x/Photos/c.jpg"]),
        ("startswith", True, ["photos/a.jpg", "x/photos/b.jpg", "photos2021/e.jpg"]),
        ("startswith", False, ["photos/a.jpg", "x/photos/b.jpg", "x/Photos/c.jpg", "photos2021/e.jpg"]),
        (
            "contains",
            True,
            ["photos/a.jpg", "x/photos/b.jpg", "myphotos/d.jpg", "photos2021/e.jpg", "old-photos-bak/g.jpg"],
        ),
        (
            "contains",
            False,
            [
                "photos/a.jpg",
                "x/photos/b.jpg",
                "x/Photos/c.jpg",
                "myphotos/d.jpg",
                "photos2021/e.jpg",
                "old-photos-bak/g.jpg",
            ],
        ),
    ],
)
def test_folder_modes(mode: str, case_sensitive: bool, expected: list[str]) -> None:
    flt = make(folders=["photos"], folder_match=mode, case_sensitive=case_sensitive)
    assert passing(flt, TREE) == expected  # files named `photos` never count: not a folder


def test_folder_any_of_several_names_at_any_depth() -> None:
    flt = make(folders=["docs", "src"])
    assert passing(flt, ["docs/a", "a/b/c/src/d/e.py", "srcs/x", "lib/y", "src"]) == ["docs/a", "a/b/c/src/d/e.py"]


def test_folder_case_folding_covers_unicode() -> None:
    flt = make(folders=["Ärger"], case_sensitive=False)
    assert passing(flt, ["ärger/a", "ÄRGER/b", "arger/c"]) == ["ärger/a", "ÄRGER/b"]


def test_folder_names_are_literal_not_patterns() -> None:
    flt = make(folders=["a.b", "c*"])
    assert passing(flt, ["a.b/1", "axb/2", "c*/3", "cd/4"]) == ["a.b/1", "c*/3"]


def test_folder_filter_never_prunes() -> None:
    assert make(folders=["deep"]).descend("unrelated")


# ---- include ---------------------------------------------------------------------------


def test_include_list_is_any_of() -> None:
    flt = make(include=["*.jpg", "*.png"])
    assert passing(flt, ["a.jpg", "d/b.png", "c.gif", "jpg"]) == ["a.jpg", "d/b.png"]
    assert flt.descend("d")


def test_include_without_slash_matches_the_name_not_folders() -> None:
    flt = make(include=["keep"])
    assert passing(flt, ["keep", "x/keep", "keep/other"]) == ["keep", "x/keep"]


def test_include_directory_pattern_takes_files_below_it() -> None:
    flt = make(include=["docs/"])
    assert passing(flt, ["docs/a", "x/docs/y/b", "docs", "docsy/c"]) == ["docs/a", "x/docs/y/b"]


# ---- exclude ---------------------------------------------------------------------------


def test_exclude_a_folder_anywhere() -> None:
    flt = make(exclude=["node_modules"])
    paths = ["node_modules/a.js", "app/node_modules/b/c.js", "app/main.js", "node_modules", "node_modulesx/d"]
    assert passing(flt, paths) == ["app/main.js", "node_modulesx/d"]
    assert not flt.descend("node_modules")
    assert not flt.descend("app/node_modules")
    assert flt.descend("app")
    assert flt.descend("node_modulesx")


def test_exclude_directory_only_pattern_spares_files_of_that_name() -> None:
    flt = make(exclude=["build/"])
    assert passing(flt, ["build", "x/build", "build/a", "x/build/y/b", "builder/c"]) == [
        "build",
        "x/build",
        "builder/c",
    ]
    assert not flt.descend("build")
    assert not flt.descend("x/y/build")
    assert flt.descend("builder")


def test_exclude_anchored_path_covers_what_it_holds() -> None:
    flt = make(exclude=["/tmp", "a/cache"])
    assert passing(flt, ["tmp", "tmp/x", "d/tmp", "d/tmp/y", "a/cache/z", "b/a/cache/z"]) == [
        "d/tmp",
        "d/tmp/y",
        "b/a/cache/z",
    ]
    assert not flt.descend("tmp")
    assert not flt.descend("a/cache")
    assert flt.descend("d/tmp")
    assert flt.descend("a")


def test_exclude_name_inside_a_line_break_name() -> None:
    flt = make(exclude=["a*"])
    assert passing(flt, ["x/a\nb/c", "x/b\na/c"]) == ["x/b\na/c"]
    assert not flt.descend("x/a\nb")


def test_exclude_wins_over_include() -> None:
    flt = make(include=["*.log"], exclude=["debug*"])
    assert passing(flt, ["a.log", "debug.log", "debug/a.log", "b.txt"]) == ["a.log"]


# ---- pattern syntax --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "matching", "not_matching"),
    [
        ("*.txt", ["a.txt", "d/e/b.txt", ".txt"], ["a.txt.bak", "a.TXT"]),
        ("a/*.txt", ["a/b.txt"], ["a/x/b.txt", "z/a/b.txt", "b.txt"]),
        ("a/**.txt", ["a/b.txt", "a/x/y/b.txt"], ["b.txt"]),
        ("a/**", ["a/b", "a/b/c"], ["a", "b/a/c"]),
        ("**/b", ["b", "a/b", "a/x/b"], ["a/bc"]),
        ("a/**/b", ["a/b", "a/x/b", "a/x/y/b"], ["a/xb", "z/a/b"]),
        ("/top.txt", ["top.txt"], ["d/top.txt"]),
        ("?.md", ["a.md", "é.md"], ["ab.md", "/.md"]),
        ("[abc].py", ["a.py", "c.py"], ["d.py", "ab.py"]),
        ("[a-c]x", ["bx"], ["dx", "-x"]),
        ("[!a-c]x", ["dx", "-x"], ["ax", "/x"]),
        ("[^a]x", ["bx"], ["ax"]),
        ("[]]x", ["]x"], ["x"]),
        ("[a\\-c]x", ["-x", "ax", "cx"], ["bx"]),
        ("file\\[1].txt", ["file[1].txt"], ["file1.txt"]),
        ("file[1].txt", ["file1.txt"], ["file[1].txt"]),
        ("unclosed[", ["unclosed["], ["unclosed"]),
        ("\\*star", ["*star"], ["xstar"]),
        ("*.{jpg,png}", ["a.jpg", "b.png"], ["c.gif", "a.{jpg,png}"]),
        ("\\{x}", ["{x}"], ["x"]),
        ("{", ["{"], []),
        ("my file (1).txt", ["dir with space/my file (1).txt"], ["my file 1.txt"]),
        ("#notes", ["#notes"], ["notes"]),
        ("100%+.txt", ["100%+.txt"], ["100.txt", "100%%.txt"]),
        ("!important", ["!important"], ["important"]),
        ("日本*.txt", ["日本語.txt", "d/日本.txt"], ["日.txt"]),
        ("a.b", ["a.b"], ["axb"]),
        ("/docs/", ["docs/a", "docs/x/y"], ["docs", "z/docs/a"]),
        ("a/b/", ["a/b/c", "a/b/c/d"], ["a/b", "x/a/b/c"]),
        ("*.txt", ["line\nbreak.txt"], ["x.txt\n"]),
        ("(x)|y", ["(x)|y"], ["x", "y"]),
        ("a$^+", ["a$^+"], ["a"]),
    ],
)
def test_include_pattern_syntax(pattern: str, matching: list[str], not_matching: list[str]) -> None:
    flt = make(include=[pattern])
    assert passing(flt, matching) == matching
    assert passing(flt, not_matching) == []


def test_star_and_question_mark_do_not_cross_slash() -> None:
    flt = make(include=["a*b", "x?y"])
    assert passing(flt, ["a/b", "ab", "a-b", "x/y", "xzy"]) == ["ab", "a-b", "xzy"]


def test_class_range_spanning_slash_never_matches_slash() -> None:
    flt = make(include=["a[+-0]b"])  # '+' .. '0' includes '/'
    assert passing(flt, ["a+b", "a.b", "a0b", "a/b"]) == ["a+b", "a.b", "a0b"]


@pytest.mark.parametrize("case_sensitive", [True, False])
def test_case_sensitivity_applies_to_patterns(case_sensitive: bool) -> None:
    flt = make(include=["*.JPG", "[A-C]*"], exclude=["Tmp"], case_sensitive=case_sensitive)
    expected = ["x.JPG", "Bx", "TMP/x.JPG"] if case_sensitive else ["x.JPG", "x.jpg", "Bx", "bx"]
    assert passing(flt, ["x.JPG", "x.jpg", "Bx", "bx", "TMP/x.JPG"]) == expected
    assert flt.descend("TMP") is case_sensitive
    assert not flt.descend("Tmp")


# ---- descend never prunes what could pass ----------------------------------------------

PATTERNS = ["*.txt", "a", "b/", "/a/b", "a/**", "**/c", "c/**/d", "[ab]", "?/", "x*", "*", "d/*.txt"]
NAMES = ["a", "b", "c", "d", "x.txt", "xa"]


def _paths(depth: int) -> list[str]:
    return ["/".join(parts) for n in range(1, depth + 1) for parts in itertools.product(NAMES, repeat=n)]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_descend_prunes_exactly_where_all_files_below_are_excluded(pattern: str) -> None:
    flt = make(exclude=[pattern])
    files = _paths(4)
    for directory in _paths(3):
        below = [path for path in files if path.startswith(directory + "/")]
        if not flt.descend(directory):
            assert passing(flt, below) == [], (pattern, directory)


def test_descend_with_include_and_folders_never_prunes() -> None:
    flt = make(include=["*.txt", "docs/"], folders=["keep"], folder_match="contains")
    assert all(flt.descend(directory) for directory in _paths(3))


def test_walk_with_descend_equals_filtering_every_file() -> None:
    rng = random.Random(7)
    files = _paths(4)
    for _ in range(30):
        flt = make(exclude=rng.sample(PATTERNS, 2), include=rng.sample(PATTERNS, 1))
        pruned = [
            path
            for path in files
            if all(flt.descend("/".join(path.split("/")[:k])) for k in range(1, path.count("/") + 1))
        ]
        assert passing(flt, pruned) == passing(flt, files)


# ---- size and age ----------------------------------------------------------------------


def test_size_limits_are_inclusive() -> None:
    flt = make(min_size=10, max_size=20)
    assert [size for size in (9, 10, 15, 20, 21) if passes(flt, "f", size=size)] == [10, 15, 20]


def test_size_limits_alone() -> None:
    assert not passes(make(min_size=1), "f", size=0)
    assert passes(make(max_size=0), "f", size=0)
    assert not passes(make(max_size=0), "f", size=1)


def test_unknown_size_passes_only_without_size_limits() -> None:
    assert passes(make(include=["f"]), "f", size=-1)
    assert not passes(make(max_size=100), "f", size=-1)
    assert not passes(make(min_size=0), "f", size=-1)


def test_age_limits_are_inclusive_and_measured_from_construction() -> None:
    flt = make(min_age=DAY, max_age=7 * DAY)
    ages = [DAY - 1, DAY, 3 * DAY, 7 * DAY, 7 * DAY + 1]
    assert [age for age in ages if passes(flt, "f", mtime=NOW - age)] == [DAY, 3 * DAY, 7 * DAY]


def test_age_limits_alone_and_future_mtimes() -> None:
    assert passes(make(max_age=60), "f", mtime=NOW + 3600)  # clock skew: newer than now is young
    assert not passes(make(min_age=60), "f", mtime=NOW + 3600)
    assert passes(make(min_age=0), "f", mtime=NOW)


def test_unknown_mtime_passes_only_without_age_limits() -> None:
    assert passes(make(min_size=1), "f", mtime=None)
    assert not passes(make(max_age=DAY), "f", mtime=None)
    assert not passes(make(min_age=0), "f", mtime=None)


def test_now_defaults_to_construction_time() -> None:
    import time

    before = time.time()
    flt = FileFilter(FilterSpec(max_age=60))
    assert before <= flt.now <= time.time()


def test_every_kind_combined() -> None:
    flt = make(folders=["media"], include=["*.jpg"], exclude=["thumbs/"], min_size=100, max_size=1000, max_age=DAY)
    assert flt.includes(Entry("a/media/p.jpg", 500, NOW - 10))
    rejected = [
        Entry("a/other/p.jpg", 500, NOW - 10),
        Entry("a/media/p.png", 500, NOW - 10),
        Entry("a/media/thumbs/p.jpg", 500, NOW - 10),
        Entry("a/media/p.jpg", 50, NOW - 10),
        Entry("a/media/p.jpg", 5000, NOW - 10),
        Entry("a/media/p.jpg", 500, NOW - 2 * DAY),
    ]
    assert [flt.includes(entry) for entry in rejected] == [False] * len(rejected)


def test_directory_entries_are_judged_like_descend() -> None:
    flt = make(exclude=["tmp"], min_size=1)
    assert flt.includes(Entry("a", -1, None, is_dir=True))
    assert not flt.includes(Entry("a/tmp", -1, None, is_dir=True))


def test_describe_is_one_line() -> None:
    flt = make(
        folders=["a"],
        include=["*.jpg"],
        exclude=["tmp/"],
        case_sensitive=False,
        min_size=1024,
        max_size=10 << 20,
        max_age=7 * DAY,
    )
    assert flt.describe() == (
        "folders exact ['a']; include ['*.jpg']; exclude ['tmp/']; ignoring case; size 1K..10M; age ..1w"
    )


# ---- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"min_size": 10, "max_size": 5}, "min_size (10) must not exceed max_size (5)"),
        ({"min_age": 10, "max_age": 5}, "min_age (10.0) must not exceed max_age (5.0)"),
        ({"include": [""]}, "pattern must not be empty"),
        ({"exclude": ["a\x00b"]}, "NUL"),
        ({"exclude": ["/"]}, "names no file or folder"),
        ({"include": ["[b-a]"]}, "bad range"),
        ({"include": ["[a/b]"]}, "cannot match '/'"),
        ({"include": ["{a,[}]"]}, "never closed"),
        ({"folders": [""]}, "folder name must not be empty"),
        ({"folders": ["a/b"]}, "without '/'"),
        ({"min_size": -1}, "min_size"),
        ({"max_age": -1}, "max_age"),
        ({"max_age": float("nan")}, "max_age"),
        ({"folder_match": "regex"}, "folder_match"),
        ({"surprise": 1}, "surprise"),
    ],
)
def test_validation_names_the_problem(spec: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        FilterSpec(**spec)


def test_equal_limits_are_valid() -> None:
    FilterSpec(min_size=5, max_size=5, min_age=0, max_age=0)


def test_pattern_errors_name_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        FilterSpec(exclude=["ok", "[z-a]"])
    assert caught.value.errors()[0]["loc"] == ("exclude",)
    assert "'[z-a]'" in str(caught.value)


# ---- human sizes and durations ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("1024", 1024),
        ("10B", 10),
        ("1k", 1024),
        ("1K", 1024),
        ("1KiB", 1024),
        ("1kb", 1024),
        ("10M", 10 << 20),
        ("10MiB", 10 << 20),
        ("1.5G", 3 << 29),
        ("2T", 2 << 40),
        ("1P", 1 << 50),
        (" 3 m ", 3 << 20),
        (".5K", 512),
        ("1.", 1),
        ("1.0001K", 1024),
    ],
)
def test_parse_size(text: str, expected: int) -> None:
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "K", "-1", "1X", "1.2.3", "ten", "1e3", "1 K B", "10iB", "1KK", "inf"])
def test_parse_size_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=f"invalid size {text!r}".replace("[", r"\[")):
        parse_size(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0", 0),
        ("90", 90),
        ("1.5", 1.5),
        ("45s", 45),
        ("10m", 600),
        ("2h", 7200),
        ("7d", 7 * DAY),
        ("2w", 14 * DAY),
        ("1h30m", 5400),
        ("1d2h3m4s", DAY + 7384),
        ("1.5d", 1.5 * DAY),
        (" 5m ", 300),
    ],
)
def test_parse_duration(text: str, expected: float) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", " ", "d", "1x", "-5s", "1h 30m", "1M", "1ms", "h1", "1hh", "nan"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValueError, match=f"invalid duration {text!r}"):
        parse_duration(text)


@pytest.mark.parametrize("size", [0, 1, 512, 1024, 1536, 10 << 20, 3 << 29, 5 << 40])
def test_format_size_reads_back(size: int) -> None:
    assert parse_size(format_size(size)) == size


@pytest.mark.parametrize("seconds", [0, 1.5, 59, 60, 90, 5400, 3600, DAY, 7 * DAY, 8 * DAY])
def test_format_duration_reads_back(seconds: float) -> None:
    assert parse_duration(format_duration(seconds)) == seconds
