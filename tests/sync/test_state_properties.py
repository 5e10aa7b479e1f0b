"""Property: any state the two sides and the remembered record can be in plans and runs cleanly.

Hypothesis draws, for a handful of paths, whether the sync record (one-way) or the baseline
(bidirectional) remembers each one and as what, and which version each side holds now
(none, or one of three). The run goes over real local folders with the record in a real
SQLite database. Whatever was drawn, the run must not raise, must end `completed` or be
refused by a guard with nothing changed, must leave the sides as its semantics say — and
a second run must have nothing left to do (INV-4).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from f2l.db.baseline import DatabaseBaseline
from f2l.db.migrations import upgrade
from f2l.db.session import create_engine
from f2l.db.state import SyncStateStore, pair_key
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.bisync import BaselineEntry, ConflictPolicy, Snapshot
from f2l.sync.bisync_run import run_bidirectional
from f2l.sync.engine import RunStatus, run_sync
from f2l.sync.options import SyncSettings

PATHS = ("a.txt", "b.txt", "d/x.txt", "d/y.txt", "e/f/g.txt")
OLD = 1_700_000_000.0


def content(path: str, version: int) -> bytes:
    return f"{path} version {version}".encode() + b"!" * version


def mtime(version: int) -> float:
    return OLD + 100 * version


version = st.none() | st.integers(0, 2)
snapshot = st.none() | st.builds(
    Snapshot,
    size=st.integers(0, 40),
    mtime=st.none() | st.sampled_from([OLD, OLD + 100, OLD + 200, OLD + 7]),
    hash=st.none(),
    etag=st.none(),
)


@dataclass(frozen=True)
class PathState:
    source: int | None
    destination: int | None
    remembered_source: Snapshot | None
    remembered_destination: Snapshot | None


states = st.dictionaries(
    st.sampled_from(PATHS), st.builds(PathState, version, version, snapshot, snapshot), max_size=len(PATHS)
)


@pytest.fixture(scope="module")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied for each example (migrating each time would be slow)."""
    path = tmp_path_factory.mktemp("state-db") / "template.db"

    async def migrate() -> None:
        engine = create_engine(f"sqlite+aiosqlite:///{path}")
        await upgrade(engine)
        await engine.dispose()

    asyncio.run(migrate())
    return path


@asynccontextmanager
async def world(template: Path, drawn: dict[str, PathState]) -> AsyncIterator[tuple[Path, Path, DatabaseBaseline]]:
    """Two folders holding the drawn versions and a record holding the drawn snapshots."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        source, destination = root / "source", root / "destination"
        for side, attribute in ((source, "source"), (destination, "destination")):
            side.mkdir()
            for path, state in drawn.items():
                held = getattr(state, attribute)
                if held is not None:
                    (side / path).parent.mkdir(parents=True, exist_ok=True)
                    (side / path).write_bytes(content(path, held))
                    os.utime(side / path, (mtime(held), mtime(held)))
        shutil.copy(template, root / "f2l.db")
        engine = create_engine(f"sqlite+aiosqlite:///{root / 'f2l.db'}")
        try:
            store = DatabaseBaseline(SyncStateStore(engine), pair_key("source", "destination"))
            await store.save(
                [
                    BaselineEntry(
                        path,
                        state.remembered_source or Snapshot(0, None),
                        state.remembered_destination or Snapshot(0, None),
                    )
                    for path, state in drawn.items()
                    if state.remembered_source is not None or state.remembered_destination is not None
                ]
            )
            yield source, destination, store
        finally:
            await engine.dispose()


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def backends(source: Path, destination: Path) -> tuple[LocalBackend, LocalBackend]:
    return LocalBackend(LocalOptions(path=str(source))), LocalBackend(LocalOptions(path=str(destination)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=states, mirror=st.booleans())
def test_one_way_runs_plan_every_state(template_database: Path, drawn: dict[str, PathState], mirror: bool) -> None:
    async def scenario() -> None:
        async with world(template_database, drawn) as (source_dir, destination_dir, store):
            before_source, before_destination = tree(source_dir), tree(destination_dir)
            source, destination = backends(source_dir, destination_dir)
            async with source, destination:
                run = SyncSettings(delete_extraneous=mirror)
                result = await run_sync(source, destination, run, records=store)
                after = tree(destination_dir)
                assert tree(source_dir) == before_source
                if result.status is RunStatus.FAILED:
                    assert "lists no files" in result.message and after == before_destination
                    return
                assert result.status is RunStatus.COMPLETED, (result.message, result.errors)
                expected = dict(before_source) if mirror else {**before_destination, **before_source}
                assert after == expected
                again = await run_sync(source, destination, run, records=store)
                assert (again.files_transferred, again.files_deleted) == (0, 0)
                assert {path async for path in _remembered(store)} <= set(after)  # stale entries forgotten

    asyncio.run(scenario())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drawn=states, policy=st.sampled_from(list(ConflictPolicy)))
def test_bidirectional_runs_plan_every_state(
    template_database: Path, drawn: dict[str, PathState], policy: ConflictPolicy
) -> None:
    async def scenario() -> None:
        async with world(template_database, drawn) as (source_dir, destination_dir, store):
            before_source, before_destination = tree(source_dir), tree(destination_dir)
            source, destination = backends(source_dir, destination_dir)
            async with source, destination:
                result = await run_bidirectional(source, destination, SyncSettings(), store, policy)
                after_source, after_destination = tree(source_dir), tree(destination_dir)
                if result.status is RunStatus.FAILED:  # a guard: nothing changed on either side
                    assert (after_source, after_destination) == (before_source, before_destination)
                    return
                assert result.status is RunStatus.COMPLETED, (result.message, result.errors)
                assert after_source == after_destination
                # Nothing is deleted without the baseline saying it existed on both sides.
                for path in {*before_source, *before_destination}:
                    remembered = (
                        path in drawn
                        and drawn[path].remembered_source is not None
                        and drawn[path].remembered_destination is not None
                    )
                    assert remembered or path in after_source, path
                again = await run_bidirectional(source, destination, SyncSettings(), store, policy)
                assert again.operations == [], again.operations

    asyncio.run(scenario())


async def _remembered(store: DatabaseBaseline) -> AsyncIterator[str]:
    async for entry in store.iterate():
        yield entry.path
