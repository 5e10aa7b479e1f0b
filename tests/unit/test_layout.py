"""The architecture a newcomer relies on: one engine entry point, and the direction chosen only there."""

from __future__ import annotations

import re
from pathlib import Path

import f2l

PACKAGE = Path(f2l.__file__).parent
ENGINE = PACKAGE / "sync"


def _sources_outside_the_engine() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if ENGINE not in path.parents]


def test_no_direction_dispatch_outside_the_engine() -> None:
    dispatch = re.compile(r"Direction\.(BIDIRECTIONAL|DEST_TO_SOURCE)|\brun_sync\(|\brun_bidirectional\(")
    offenders = [
        f"{path.relative_to(PACKAGE)}:{number}"
        for path in _sources_outside_the_engine()
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if dispatch.search(line) and "connection.run_sync" not in line
    ]
    assert offenders == [], "front doors call f2l.sync.run.run and let it pick the direction"


def test_front_doors_call_the_one_entry_point() -> None:
    for door in ("cli/sync.py", "services/preview.py", "jobs/execute.py"):
        assert "from f2l.sync.run import" in (PACKAGE / door).read_text(), door
