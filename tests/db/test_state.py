"""`SyncStateStore` on SQLite and PostgreSQL: upserts, canonical order, streaming, deletes,
pair isolation and batching."""

from __future__ import annotations

import random
import time
import tracemalloc
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from f2l.db.session import create_engine
from f2l.db.state import StateRow, SyncStateStore, pair_key

# Byte-wise UTF-8 order differs from locale order and from code-point order of UTF-16 here:
# "A" < "a", "a+b" < "a.txt" < "a/b" < "a0", "z" < "é" < "日本" < "😀".
TRICKY_PATHS = [
    "a.txt",
    "a/b",
    "a+b",
    "A",
    "é",
    "z",
    "a",
    "a b",
    "a-b",
    "a0",
    "Z",
    "ä/x",
    "a/b/c",
    "日本/ファイル",
    "😀",
    "\uff5e",
    "a\u0301",
    "_",
    "~",
]


def row(path: str, size: int = 1, **changes: object) -> StateRow:
    fields: dict[str, object] = {
        "source_size": size,
        "source_mtime": 1_700_000_000.25,
        "dest_size": size,
        "dest_mtime": None,
        "dest_etag": f'"etag-{size}"',
    }
    return StateRow(path=path, **(fields | changes))  # type: ignore[arg-type]


async def paths_of(store: SyncStateStore, key: str) -> list[str]:
    return [state.path async for state in store.iterate(key)]


def test_pair_key_is_stable_ordered_and_64_characters() -> None:
    key = pair_key("local:///data", "s3://bucket/backup")
    assert key == pair_key("local:///data", "s3://bucket/backup")
    assert len(key) == 64
    assert key != pair_key("s3://bucket/backup", "local:///data")
    assert pair_key("ab", "c") != pair_key("a", "bc")
    # Stored keys must survive upgrades: pin the derivation.
    assert pair_key("a", "b") == "907a70d4192c5ff9dcfc5327ab62eced39eb99e6b3653585982f50aead6be1b0"


async def test_upsert_inserts_then_updates(store: SyncStateStore, key: str) -> None:
    synced = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    assert await store.upsert_many(key, [row("a.txt", 10, synced_at=synced), row("b.txt", 20)]) == 2
    changed = row(
        "a.txt",
        11,
        source_mtime=None,
        source_hash="md5:abc",
        dest_etag=None,
        dest_hash="md5:abc",
        dest_mtime=5.5,
        synced_at=synced + timedelta(hours=1),
    )
    assert await store.upsert_many(key, [changed, row("c.txt", 30)]) == 2
    rows = [state async for state in store.iterate(key)]
    assert [state.path for state in rows] == ["a.txt", "b.txt", "c.txt"]
    assert rows[0] == changed
    assert rows[1] == row("b.txt", 20, synced_at=rows[1].synced_at)
    assert rows[0].synced_at.tzinfo is not None
    assert await store.count(key) == 3


async def test_last_of_duplicate_paths_wins(store: SyncStateStore, key: str) -> None:
    await store.upsert_many(key, [row("x", 1), row("x", 2)])
    assert [state.dest_size async for state in store.iterate(key)] == [2]


async def test_large_sizes_and_precise_mtimes_round_trip(store: SyncStateStore, key: str) -> None:
    state = row("big.iso", 5 * 2**40, source_mtime=1_700_000_000.123456789, dest_mtime=1_700_000_000.0)
    await store.upsert_many(key, [state])
    assert [stored async for stored in store.iterate(key)] == [state]


async def test_iterate_in_canonical_byte_order(store: SyncStateStore, key: str) -> None:
    shuffled = random.Random(7).sample(TRICKY_PATHS, len(TRICKY_PATHS))
    await store.upsert_many(key, [row(path) for path in shuffled])
    assert await paths_of(store, key) == sorted(TRICKY_PATHS, key=str.encode)


async def test_postgres_path_column_uses_byte_order_collation(postgresql_database: str) -> None:
    # SQLite needs no counterpart: its default BINARY collation is byte order already.
    engine = create_engine(postgresql_database)
    query = text(
        "SELECT collation_name FROM information_schema.columns "
        "WHERE table_name = 'sync_state' AND column_name = 'path'"
    )
    try:
        async with engine.connect() as connection:
            assert (await connection.execute(query)).scalar_one() == "C"
    finally:
        await engine.dispose()


async def test_postgres_default_order_is_not_byte_order(postgresql_database: str) -> None:
    """Guards the ordering test: on a database whose default order were byte order, it
    would pass even without F2L's explicit collation."""
    engine = create_engine(postgresql_database)
    query = text("SELECT p FROM unnest(CAST(:paths AS text[])) AS p ORDER BY p")
    try:
        async with engine.connect() as connection:
            default_order = list((await connection.execute(query, {"paths": TRICKY_PATHS})).scalars())
    finally:
        await engine.dispose()
    if default_order == sorted(TRICKY_PATHS, key=str.encode):
        pytest.skip(
            "this server has no ICU: its default collation sorts like bytes, so the "
            "ordering test cannot tell whether F2L asks for byte order"
        )


async def test_delete_paths_clear_and_count(store: SyncStateStore, key: str) -> None:
    await store.upsert_many(key, [row(f"f{i}") for i in range(2500)])
    assert await store.count(key) == 2500
    doomed = [f"f{i}" for i in range(0, 2500, 2)] + ["never-there"]
    assert await store.delete_paths(key, doomed) == 1250
    assert await store.count(key) == 1250
    assert await store.delete_paths(key, []) == 0
    assert await store.clear(key) == 1250
    assert await store.count(key) == 0
    assert await paths_of(store, key) == []


async def test_pairs_are_isolated(store: SyncStateStore, key: str) -> None:
    other = pair_key("other-source", key)
    await store.upsert_many(key, [row("shared", 1), row("mine", 1)])
    await store.upsert_many(other, [row("shared", 2), row("theirs", 2)])
    assert await paths_of(store, key) == ["mine", "shared"]
    await store.delete_paths(other, ["shared"])
    await store.clear(other)
    assert await store.count(other) == 0
    assert [(state.path, state.source_size) async for state in store.iterate(key)] == [("mine", 1), ("shared", 1)]


async def test_writes_commit_once_per_batch(engine: AsyncEngine, key: str) -> None:
    commits: list[None] = []
    event.listen(engine.sync_engine, "commit", lambda connection: commits.append(None))
    store = SyncStateStore(engine, batch_size=1000)
    await store.upsert_many(key, (row(f"f{i:05}") for i in range(2500)))  # a generator, consumed lazily
    assert len(commits) == 3
    await store.delete_paths(key, (f"f{i:05}" for i in range(2500)))
    assert len(commits) == 6


async def test_early_stop_releases_the_connection(store: SyncStateStore, key: str) -> None:
    await store.upsert_many(key, [row(f"f{i:04}") for i in range(3000)])
    for _ in range(20):  # more than the pool holds: a leaked connection would hang here
        rows = store.iterate(key)
        assert (await anext(rows)).path == "f0000"
        await rows.aclose()
    assert await store.count(key) == 3000


async def test_streams_20000_rows_in_order(store: SyncStateStore, key: str, engine: AsyncEngine) -> None:
    total = 20_000
    rows = [row(f"dir{i % 97:02}/file-{i:06}.dat", i) for i in range(total)]
    started = time.perf_counter()
    assert await store.upsert_many(key, rows) == total
    upsert_s = time.perf_counter() - started
    del rows  # what follows must not depend on a list of every row

    started = time.perf_counter()
    seen, previous = 0, b""
    async for state in store.iterate(key):
        assert state.path.encode() > previous
        previous, seen = state.path.encode(), seen + 1
    iterate_s = time.perf_counter() - started
    assert seen == total
    print(
        f"\n[{engine.dialect.name}] upsert {total / upsert_s:,.0f} rows/s, iterate {total / iterate_s:,.0f} rows/s"
    )


async def test_iterate_holds_one_batch_not_every_row(store: SyncStateStore, key: str) -> None:
    total = 20_000
    await store.upsert_many(key, (row(f"file-{i:06}-{'x' * 100}", i) for i in range(total)))
    small = SyncStateStore(store._engine, batch_size=200)
    tracemalloc.start()
    try:
        seen = 0
        async for _ in small.iterate(key):
            seen += 1
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == total
    # Every row at once would be well over 20,000 × ~300 B = 6 MB; one batch is a few hundred KB.
    assert peak < 2_000_000, f"peak {peak:,} B while streaming"
