"""The service's database under load: API latency over a big history, and what a run pays the database.

    uv run python -m bench.api [--backend sqlite|postgresql|both] [--executions 100000]
                               [--operations 1000000] [--files 20000] [--requests 200] [--json out.json]

Per backend (SQLite: a file in a temp dir; PostgreSQL: a new database on 127.0.0.1:5432, dropped
at the end), migrated to head:

  seed      20 endpoints, 200 sessions, N executions over the last 180 days (a realistic status
            mix and counters), M operations (a few per run, 50,000+ for a handful of big runs,
            ~2 % failed) and ~200,000 log lines, in bulk: SQLAlchemy Core executemany in big
            transactions (SQLite), `COPY` through asyncpg for the big tables (PostgreSQL).
  latency   `f2l serve` on that database; per route, `--requests` sequential requests on a
            keep-alive client after 10 warm-up ones: p50/p95/p99/max wall time. A route whose
            p99 reaches 50 ms is marked.
  queries   in-process, each route's service calls with every SQL statement timed (best of 5),
            and the plan of each statement (SQLite: EXPLAIN QUERY PLAN; PostgreSQL: EXPLAIN
            ANALYZE) — the why behind a slow route.
  overhead  F files of 1-4 KiB: `f2l sync`, `f2l check` and `f2l sync --verify` as processes,
            against the same files synced through the service (session start → final status,
            polled every 0.2 s), wall and CPU time. The service verifies after each run, so the
            fair CLI figure is sync + check (or sync --verify, one process); best and median of
            `--repeats`. Then the recorder alone (F operations written as a run writes them).
  what if   (unless --no-what-if) each recommended index created in turn, its routes' service
            calls timed just before and just after (A/B); query changes timed against the
            service's statements; then every route measured again through a fresh `f2l serve`.

Only loopback addresses are used; the server is stopped by its own process handle.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import platform
import random
import resource
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from sqlalchemy import event, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from f2l.config import sqlite_url
from f2l.db.migrations import upgrade_to_head
from f2l.db.models import Base, Endpoint, LogEntry, SyncExecution, SyncOperation, SyncSession
from f2l.db.session import create_engine, create_sessionmaker
from f2l.services import endpoints as endpoint_service
from f2l.services import executions as execution_service
from f2l.services import logs as log_service
from f2l.services import sessions as session_service
from f2l.services.logs import LogFilters
from f2l.services.pagination import PageParams

F2L = str(Path(sys.executable).parent / "f2l")
POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
ADMIN = {"username": "bench-admin", "password": "Bench-admin-2026!"}
BATCH = 10_000
SLOW_MS = 50.0
WARMUP = 10
SEARCH_WORD = "timeout"
"""In ~8 % of the log lines: the page fills fast, the exact total still reads every line."""
RARE_WORD = "quota"
"""In ~0.1 % of the log lines: neither the page nor the total can stop early."""
STATUS_MIX = {
    "completed": 0.86,
    "completed_with_differences": 0.04,
    "failed": 0.05,
    "cancelled": 0.03,
    "interrupted": 0.02,
}
FOLDERS = (
    "photos/2024",
    "photos/2025",
    "projects/alpha/src",
    "projects/beta/assets",
    "backups/db",
    "shared/finance/reports",
    "home/alice/documents",
    "home/bob/music",
    "video/raw",
    "archive/2023",
)
EXTENSIONS = ("jpg", "png", "pdf", "docx", "csv", "mp3", "mp4", "tar.gz", "json", "txt")
FILE_ERRORS = (
    "permission denied",
    "read timeout after 30 s",
    "connection reset by peer",
    "no space left on device",
    "file changed during transfer",
)
RUN_ERRORS = (
    "destination unreachable: connection refused",
    "authentication failed",
    "listing timeout after 60 s",
    "too many deletions: 12 % of the destination (max 10 %)",
)


@dataclass(frozen=True)
class Sizes:
    """How much history to seed."""

    executions: int
    operations: int
    logs: int
    endpoints: int = 20
    sessions: int = 200
    big_executions: int = 5


# -- seeding ------------------------------------------------------------------------------------


@dataclass
class Plan:
    """The history to seed, in compact columns (rows are built from it batch by batch)."""

    now: datetime
    endpoint_ids: list[uuid.UUID]
    session_ids: list[uuid.UUID]
    execution_ids: list[uuid.UUID] = field(default_factory=list)
    created: list[float] = field(default_factory=list)
    started: list[float] = field(default_factory=list)
    finished: list[float] = field(default_factory=list)
    session_of: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    operations: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)
    big: list[int] = field(default_factory=list)


def make_plan(sizes: Sizes, now: datetime, rng: random.Random) -> Plan:
    """Executions over the last 180 days, skewed towards a few busy sessions, with their operation counts."""
    plan = Plan(
        now=now,
        endpoint_ids=[uuid.uuid4() for _ in range(sizes.endpoints)],
        session_ids=[uuid.uuid4() for _ in range(sizes.sessions)],
    )
    end = now.timestamp()
    start = end - 180 * 86400
    created = sorted(rng.uniform(start, end - 3600) for _ in range(sizes.executions))
    weights = [1 / (rank + 1) ** 0.7 for rank in range(sizes.sessions)]
    sessions = rng.choices(range(sizes.sessions), weights, k=sizes.executions)
    statuses = rng.choices(list(STATUS_MIX), list(STATUS_MIX.values()), k=sizes.executions)
    big = set(rng.sample(range(sizes.executions), min(sizes.big_executions, sizes.executions)))
    big_each = sizes.operations * 3 // 10 // max(len(big), 1)
    small_mean = (sizes.operations - big_each * len(big)) / max(sizes.executions - len(big), 1)
    counts = [0 if index in big else int(rng.random() * 2 * small_mean + 0.5) for index in range(sizes.executions)]
    missing = sizes.operations - sum(counts)
    for turn, index in enumerate(sorted(big)):  # the big runs absorb the rounding: the total is exact
        counts[index] = max(0, missing // len(big) + (missing % len(big) if turn == 0 else 0))
    for index, moment in enumerate(created):
        plan.execution_ids.append(uuid.uuid4())
        plan.created.append(moment)
        begun = moment + rng.uniform(0.05, 3.0)
        plan.started.append(begun)
        duration = 3600 * rng.uniform(0.8, 1.5) if index in big else math.exp(rng.gauss(3.0, 1.2))
        plan.finished.append(begun + duration)
        plan.session_of.append(sessions[index])
        plan.status.append("completed" if index in big else statuses[index])
        plan.operations.append(counts[index])
        plan.failed.append(_binomial(rng, counts[index], 0.02))
    plan.big = sorted(big)
    return plan


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n < 50:
        return sum(rng.random() < p for _ in range(n))
    return max(0, min(n, round(rng.gauss(n * p, math.sqrt(n * p * (1 - p))))))


def _at(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def endpoint_rows(plan: Plan, rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    for index, endpoint_id in enumerate(plan.endpoint_ids):
        created = plan.now - timedelta(days=200 - index)
        rows.append(
            {
                "id": endpoint_id,
                "name": f"endpoint-{index:02d}",
                "endpoint_type": "local",
                "settings": {"local_path": f"/srv/data/endpoint-{index:02d}", "secret_fields": []},
                "secrets_encrypted": None,
                "connection_status": rng.choice(["online", "online", "unknown"]),
                "last_health_check": plan.now - timedelta(minutes=rng.randint(1, 300)),
                "last_error": None,
                "last_latency_ms": round(rng.uniform(0.2, 40), 2),
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def session_rows(plan: Plan, rng: random.Random) -> list[dict[str, Any]]:
    last: dict[int, uuid.UUID] = {}
    for index, session in enumerate(plan.session_of):
        last[session] = plan.execution_ids[index]  # executions are in creation order
    rows = []
    for index, session_id in enumerate(plan.session_ids):
        source, destination = rng.sample(plan.endpoint_ids, 2)
        created = plan.now - timedelta(days=190, minutes=-index * 7)
        scheduled = index % 3 != 0
        rows.append(
            {
                "id": session_id,
                "name": f"session-{index:03d} {rng.choice(FOLDERS)}",
                "source_endpoint_id": source,
                "destination_endpoint_id": destination,
                "source_path": rng.choice(FOLDERS),
                "destination_path": "",
                "schedule_enabled": scheduled,
                "schedule_interval": rng.choice([15, 30, 60]) if scheduled else None,
                "schedule_unit": "minutes" if scheduled else None,
                "next_run_at": plan.now + timedelta(minutes=rng.randint(1, 60)) if scheduled else None,
                "last_execution_id": last.get(index),
                "created_at": created,
                "updated_at": created,
            }
        )
    return rows


def execution_rows(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Finished runs with counters that agree with their operations."""
    for index, execution_id in enumerate(plan.execution_ids):
        status, operations, failed = plan.status[index], plan.operations[index], plan.failed[index]
        created, started, finished = plan.created[index], plan.started[index], plan.finished[index]
        deleted = operations // 12
        synced = operations - failed - deleted
        moved = int(synced * math.exp(rng.gauss(11.0, 1.5)))
        checked = status in ("completed", "completed_with_differences")
        differences = rng.randint(1, 5) if status == "completed_with_differences" else 0
        yield {
            "id": execution_id,
            "session_id": plan.session_ids[plan.session_of[index]],
            "status": status,
            "trigger": "schedule" if rng.random() < 0.7 else "manual",
            "dry_run": rng.random() < 0.02,
            "force_overwrite": False,
            "created_at": _at(created),
            "started_at": _at(started),
            "finished_at": _at(finished),
            "heartbeat_at": _at(finished),
            "total_files": synced + failed,
            "files_synced": synced,
            "files_deleted": deleted,
            "files_skipped": rng.randint(0, 20_000),
            "files_failed": failed,
            "total_bytes": moved if checked else int(moved * rng.uniform(1, 3)),
            "bytes_transferred": moved,
            "conflicts": 0,
            "error_count": failed,
            "current_file": None,
            "speed_bps": round(moved / max(finished - started, 0.001), 1),
            "eta_seconds": None,
            "error_message": rng.choice(RUN_ERRORS) if status == "failed" else None,
            "summary": {
                "duration_s": round(finished - started, 3),
                "message": "",
                "errors": [
                    {
                        "path": f"{FOLDERS[0]}/file{n}.jpg",
                        "operation": "copy",
                        "endpoint": "destination",
                        "message": FILE_ERRORS[n % 5],
                    }
                    for n in range(min(failed, 3))
                ],
            },
            "reconciliation": {
                "in_sync": not differences,
                "matched": synced + rng.randint(0, 20_000),
                "counts": {
                    "missing": differences,
                    "extra": 0,
                    "size_mismatch": 0,
                    "checksum_mismatch": 0,
                    "errors": 0,
                },
                "missing": [f"{FOLDERS[1]}/late{n}.png" for n in range(differences)],
                "extra": [],
                "size_mismatch": [],
                "checksum_mismatch": [],
                "errors": [],
                "truncated": False,
                "checked_at": _at(finished).isoformat(),
            }
            if checked
            else None,
            "cancel_requested": status == "cancelled",
        }


def operation_rows(plan: Plan, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Each run's operations, in the order they finished (ids grow with time, as the recorder writes them)."""
    for index, execution_id in enumerate(plan.execution_ids):
        count = plan.operations[index]
        if not count:
            continue
        failed = set(rng.sample(range(count), plan.failed[index]))
        started, span = plan.started[index], plan.finished[index] - plan.started[index]
        folder = rng.choice(FOLDERS)
        deletes = count // 12
        for number in range(count):
            delete = number >= count - deletes
            broken = number in failed
            yield {
                "execution_id": execution_id,
                "action": "delete" if delete else "copy",
                "path": f"{folder}/d{number % 97:02d}/file{number:06d}.{EXTENSIONS[number % 10]}",
                "reason": "extraneous"
                if delete
                else rng.choice(("new", "new", "size differs", "modification time differs")),
                "size": int(math.exp(rng.gauss(11.0, 2.0))),
                "status": "failed" if broken else "done",
                "error": FILE_ERRORS[number % 5] if broken else None,
                "duration_ms": round(rng.uniform(0.3, 400.0), 3),
                "created_at": _at(started + span * (number + 1) / (count + 1)),
            }


def log_rows(plan: Plan, count: int, rng: random.Random) -> Iterator[dict[str, Any]]:
    """Run lines (start, verify, end, file errors) and service lines (health checks, scheduler)."""
    executions = len(plan.execution_ids)
    for _ in range(count):
        kind = rng.random()
        if kind < 0.001:
            yield {
                "timestamp": _at(rng.uniform(plan.now.timestamp() - 180 * 86400, plan.now.timestamp())),
                "level": "warning",
                "message": f"endpoint-{rng.randint(0, 19):02d}: disk {RARE_WORD} 95 % used",
                "session_id": None,
                "execution_id": None,
            }
            continue
        if kind < 0.1 or not executions:  # a service line, no run
            moment = rng.uniform(plan.now.timestamp() - 180 * 86400, plan.now.timestamp())
            level, message = rng.choice(
                (
                    ("info", "scheduler: 3 runs queued"),
                    ("info", "service started (SQLite, in-process runs)"),
                    ("warning", f"endpoint endpoint-{rng.randint(0, 19):02d} health check slow: 2.4 s"),
                    (
                        "warning",
                        f"endpoint endpoint-{rng.randint(0, 19):02d} health check {SEARCH_WORD} after 10 s",
                    ),
                    ("error", f"endpoint endpoint-{rng.randint(0, 19):02d} unreachable: connection refused"),
                )
            )
            yield {
                "timestamp": _at(moment),
                "level": level,
                "message": message,
                "session_id": None,
                "execution_id": None,
            }
            continue
        index = rng.randrange(executions)
        session_id = plan.session_ids[plan.session_of[index]]
        status = plan.status[index]
        if kind < 0.45:
            level, message, moment = (
                "info",
                f"run started (schedule): session-{plan.session_of[index]:03d}",
                plan.started[index],
            )
        elif kind < 0.6:
            level, message, moment = "info", "verifying: comparing both sides", plan.finished[index] - 0.5
        elif kind < 0.9:
            level = "error" if status == "failed" else "info"
            message = f"run {status}" + (": " + rng.choice(RUN_ERRORS) if status == "failed" else "")
            moment = plan.finished[index]
        elif kind < 0.95:
            level, message = "warning", f"retrying copy {FOLDERS[index % 10]}/file{index}.jpg: read {SEARCH_WORD}"
            moment = rng.uniform(plan.started[index], plan.finished[index])
        else:
            level = "error"
            message = f"copy {FOLDERS[index % 10]}/file{index}.jpg: {rng.choice(FILE_ERRORS)}"
            moment = rng.uniform(plan.started[index], plan.finished[index])
        yield {
            "timestamp": _at(moment),
            "level": level,
            "message": message,
            "session_id": session_id,
            "execution_id": plan.execution_ids[index],
        }


def batched(rows: Iterable[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


async def _core_insert(engine: AsyncEngine, model: type[Base], rows: Iterable[dict[str, Any]]) -> int:
    """Executemany `insert(model)` in batches of `BATCH`, one transaction."""
    count = 0
    async with engine.begin() as connection:
        for batch in batched(rows):
            await connection.execute(insert(model), batch)
            count += len(batch)
    return count


async def _copy(connection: asyncpg.Connection, model: type[Base], rows: Iterable[dict[str, Any]]) -> int:
    """`COPY` the rows in batches of `BATCH` (JSON columns as text); the caller holds the transaction."""
    table = model.__table__
    json_columns = {column.name for column in table.columns if column.type.__class__.__name__ == "JSON"}
    columns: list[str] | None = None
    count = 0
    for batch in batched(rows):
        columns = columns or list(batch[0])
        records = [
            tuple(
                json.dumps(row[name]) if name in json_columns and row[name] is not None else row[name]
                for name in columns
            )
            for row in batch
        ]
        await connection.copy_records_to_table(table.name, records=records, columns=columns)
        count += len(batch)
    return count


@dataclass(frozen=True)
class Picks:
    """The ids the routes are asked about."""

    busy_session: uuid.UUID
    busy_session_runs: int
    big_execution: uuid.UUID
    big_operations: int
    sample_execution: uuid.UUID
    since: datetime


async def seed(url: str, sizes: Sizes) -> tuple[dict[str, Any], Picks]:
    """Fill the migrated database at `url`; return the timings and the ids the routes will use."""
    rng = random.Random(20261123)
    now = datetime.now(UTC)
    started = time.perf_counter()
    plan = make_plan(sizes, now, rng)
    timings: dict[str, Any] = {"plan_s": round(time.perf_counter() - started, 2)}
    engine = create_engine(url)
    postgres = url.startswith("postgresql")
    try:
        for name, model, small in (
            ("endpoints", Endpoint, endpoint_rows(plan, rng)),
            ("sessions", SyncSession, session_rows(plan, rng)),
        ):
            began = time.perf_counter()
            timings[name] = {
                "rows": await _core_insert(engine, model, small),
                "s": round(time.perf_counter() - began, 2),
            }
        big_tables: list[tuple[str, type[Base], Iterator[dict[str, Any]]]] = [
            ("executions", SyncExecution, execution_rows(plan, rng)),
            ("operations", SyncOperation, operation_rows(plan, rng)),
            ("logs", LogEntry, log_rows(plan, sizes.logs, rng)),
        ]
        if postgres:
            database = url.rsplit("/", 1)[1]
            connection = await asyncpg.connect(**POSTGRES, database=database)
            try:
                for name, model, rows in big_tables:
                    began = time.perf_counter()
                    async with connection.transaction():
                        count = await _copy(connection, model, rows)
                    timings[name] = {"rows": count, "s": round(time.perf_counter() - began, 2)}
                began = time.perf_counter()
                # What autovacuum does on its own a minute after a bulk load: statistics and the visibility map.
                await connection.execute("VACUUM ANALYZE")
                timings["vacuum_analyze_s"] = round(time.perf_counter() - began, 2)
            finally:
                await connection.close()
        else:
            for name, model, rows in big_tables:
                began = time.perf_counter()
                timings[name] = {
                    "rows": await _core_insert(engine, model, rows),
                    "s": round(time.perf_counter() - began, 2),
                }
            async with engine.connect() as connection:
                # F2L never runs ANALYZE on SQLite, so neither does the bench: the planner has no statistics.
                await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        await engine.dispose()
    timings["total_s"] = round(time.perf_counter() - started, 2)
    counts: dict[int, int] = {}
    for session in plan.session_of:
        counts[session] = counts.get(session, 0) + 1
    busy = max(counts, key=counts.__getitem__)
    big = max(plan.big, key=lambda index: plan.operations[index])
    ordinary = next(
        index
        for index in range(len(plan.execution_ids) // 2, len(plan.execution_ids))
        if plan.operations[index] > 0 and index not in plan.big
    )
    picks = Picks(
        busy_session=plan.session_ids[busy],
        busy_session_runs=counts[busy],
        big_execution=plan.execution_ids[big],
        big_operations=plan.operations[big],
        sample_execution=plan.execution_ids[ordinary],
        since=now - timedelta(days=30),
    )
    return timings, picks


# -- databases ----------------------------------------------------------------------------------


async def _postgres_admin(statement: str) -> None:
    connection = await asyncpg.connect(**POSTGRES, database="postgres", timeout=5)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()


@contextmanager
def fresh_database(backend: str, work: Path) -> Iterator[str]:
    """A new, empty database's URL: a SQLite file under `work`, or a uniquely named PostgreSQL database."""
    if backend == "sqlite":
        yield sqlite_url(work / "db" / "f2l.db")
        return
    name = f"f2l_bench_{os.getpid()}_{secrets.token_hex(3)}"
    asyncio.run(_postgres_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+asyncpg://{POSTGRES['user']}@{POSTGRES['host']}:{POSTGRES['port']}/{name}"
    finally:
        asyncio.run(_postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def database_size(url: str) -> int:
    """Bytes the database takes (SQLite: the file; PostgreSQL: pg_database_size)."""
    if url.startswith("sqlite"):
        return Path(url.split("///", 1)[1]).stat().st_size

    async def ask() -> int:
        connection = await asyncpg.connect(**POSTGRES, database=url.rsplit("/", 1)[1])
        try:
            return int(await connection.fetchval("SELECT pg_database_size(current_database())"))
        finally:
            await connection.close()

    return asyncio.run(ask())


# -- the service --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass(frozen=True)
class Service:
    """A running `f2l serve`: a keep-alive client signed in as admin, and the process id (for its CPU time)."""

    client: httpx.Client
    pid: int


@contextmanager
def serve(env: dict[str, str], log: Path) -> Iterator[Service]:
    """`f2l serve` on a free loopback port, signed in as admin; stopped (by its own PID) at the end."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("a") as output:
        process = subprocess.Popen(
            [F2L, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError(f"f2l serve exited: {log.read_text()[-3000:]}")
            time.sleep(0.2)
        with httpx.Client(base_url=f"{base}/api/v1", timeout=120) as client:
            if client.get("/auth/status").json()["setup_required"]:
                client.post("/auth/setup", json=ADMIN).raise_for_status()
            login = client.post("/auth/login", json=ADMIN)
            login.raise_for_status()
            client.cookies.clear()  # the Bearer token only, as an API client would
            client.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
            yield Service(client, process.pid)
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def service_env(url: str, data: Path, roots: Path) -> dict[str, str]:
    """The service's environment: its database, local endpoints under `roots`, nothing running on its own."""
    return {
        **os.environ,
        "F2L_DATA_DIR": str(data),
        "DATABASE_URL": url,
        "F2L_LOCAL_ROOTS": str(roots),
        "F2L_SCHEDULER_ENABLED": "false",
        "F2L_HEALTH_CHECK_INTERVAL": "0",
        "F2L_WRITE_RATE_LIMIT": "0",
    }


# -- latency ------------------------------------------------------------------------------------

ServiceCall = Callable[[AsyncSession], Awaitable[Any]]


@dataclass(frozen=True)
class Route:
    """One request of the latency table, and the service calls its handler makes (for the query timings)."""

    name: str
    path: str
    params: dict[str, str]
    call: ServiceCall | None
    optional: bool = False


def routes(picks: Picks) -> list[Route]:
    """The routes of the table, with the ids of this database."""
    page = PageParams()
    big = picks.big_execution
    since = picks.since.isoformat()

    def executions(**options: Any) -> ServiceCall:
        paging = PageParams(page=options.pop("page", 1))
        return lambda db: execution_service.list_executions(db, paging, **options)

    def operations(**options: Any) -> ServiceCall:
        paging = PageParams(page=options.pop("page", 1))
        return lambda db: execution_service.list_operations(db, big, paging, **options)

    async def sessions_page(db: AsyncSession) -> Any:
        rows, _ = await session_service.list_sessions(db, page)
        return [await session_service.session_read(db, row) for row in rows]  # as the route does

    async def stats(db: AsyncSession) -> Any:
        from f2l.services import stats as stats_service  # may not exist on every branch

        return await stats_service.read_stats(db, 30)

    return [
        Route("GET /executions", "/executions", {}, executions()),
        Route("GET /executions?status=failed", "/executions", {"status": "failed"}, executions(status="failed")),
        Route(
            "GET /executions?session_id=<busy>",
            "/executions",
            {"session_id": str(picks.busy_session)},
            executions(session_id=picks.busy_session),
        ),
        Route("GET /executions?since=<30 d ago>", "/executions", {"since": since}, executions(since=picks.since)),
        Route(
            "GET /executions?sort=-bytes_transferred",
            "/executions",
            {"sort": "-bytes_transferred"},
            executions(sort="-bytes_transferred"),
        ),
        Route("GET /executions?page=50", "/executions", {"page": "50"}, executions(page=50)),
        Route(
            "GET /executions/{id}",
            f"/executions/{picks.sample_execution}",
            {},
            lambda db: execution_service.get_execution(db, picks.sample_execution),
        ),
        Route("GET /executions/{big}/operations", f"/executions/{big}/operations", {}, operations()),
        Route(
            "GET /executions/{big}/operations?status=failed",
            f"/executions/{big}/operations",
            {"status": "failed"},
            operations(status="failed"),
        ),
        Route(
            "GET /executions/{big}/operations?page=100",
            f"/executions/{big}/operations",
            {"page": "100"},
            operations(page=100),
        ),
        Route("GET /sessions", "/sessions", {}, sessions_page),
        Route("GET /endpoints", "/endpoints", {}, lambda db: endpoint_service.list_endpoints(db, page)),
        Route(
            "GET /logs?level=error",
            "/logs",
            {"level": "error"},
            lambda db: log_service.list_logs(db, page, LogFilters(level="error")),
        ),
        Route(
            f"GET /logs?search={SEARCH_WORD}",
            "/logs",
            {"search": SEARCH_WORD},
            lambda db: log_service.list_logs(db, page, LogFilters(search=SEARCH_WORD)),
        ),
        Route(
            f"GET /logs?search={RARE_WORD} (rare)",
            "/logs",
            {"search": RARE_WORD},
            lambda db: log_service.list_logs(db, page, LogFilters(search=RARE_WORD)),
        ),
        Route("GET /stats", "/stats", {}, stats, optional=True),
    ]


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of `values` (sorted or not)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1))]


def measure_route(client: httpx.Client, route: Route, requests: int) -> dict[str, Any]:
    """`requests` sequential requests after `WARMUP`; wall latency in ms, or why the route was skipped."""
    first = client.get(route.path, params=route.params)
    if first.status_code == 404 and route.optional:
        return {"skipped": "404: the route does not exist on this branch"}
    first.raise_for_status()
    for _ in range(WARMUP - 1):
        client.get(route.path, params=route.params).raise_for_status()
    times = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(route.path, params=route.params)
        times.append((time.perf_counter() - began) * 1000)
        response.raise_for_status()
    summary = {name: round(percentile(times, q), 2) for name, q in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99))}
    return {**summary, "max": round(max(times), 2), "bytes": len(first.content), "slow": summary["p99"] >= SLOW_MS}


# -- the queries behind each route --------------------------------------------------------------


class StatementLog:
    """Every SQL statement an engine runs while `recording`, with its own duration."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.recording = False
        self.statements: list[dict[str, Any]] = []
        event.listen(engine.sync_engine, "before_cursor_execute", self._before)
        event.listen(engine.sync_engine, "after_cursor_execute", self._after)

    def _before(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        conn.info["bench_started"] = time.perf_counter()

    def _after(self, conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, many: bool) -> None:
        if self.recording:
            elapsed = (time.perf_counter() - conn.info.pop("bench_started")) * 1000
            self.statements.append({"sql": statement, "parameters": parameters, "ms": elapsed})


async def query_timings(url: str, chosen: list[Route], explain: set[str], runs: int = 5) -> dict[str, Any]:
    """Per route: its statements' durations in the best of `runs` (fresh ORM session each), and their plans."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    log = StatementLog(engine)
    postgres = url.startswith("postgresql")
    results: dict[str, Any] = {}
    try:
        for route in chosen:
            if route.call is None:
                continue
            best: list[dict[str, Any]] | None = None
            call_ms = math.inf
            for _ in range(runs):
                async with sessionmaker() as db:
                    log.statements, log.recording = [], True
                    began = time.perf_counter()
                    try:
                        await route.call(db)
                    finally:
                        log.recording = False
                    call_ms = min(call_ms, (time.perf_counter() - began) * 1000)
                if best is None or sum(s["ms"] for s in log.statements) < sum(s["ms"] for s in best):
                    best = log.statements
            assert best is not None
            statements = _fold(best)
            if route.name in explain:
                async with engine.connect() as connection:
                    for statement in statements:
                        statement["plan"] = await _plan(connection, statement, postgres)
            for statement in statements:
                statement.pop("parameters")
                statement.pop("raw")
            results[route.name] = {
                "db_ms": round(sum(s["ms"] for s in best), 2),
                "call_ms": round(call_ms, 2),
                "statements": statements,
            }
    finally:
        await engine.dispose()
    return results


def _fold(statements: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Repeated statements (an N+1 loop) become one entry with a count."""
    folded: dict[str, dict[str, Any]] = {}
    for statement in statements:
        entry = folded.setdefault(
            statement["sql"],
            {
                "sql": " ".join(statement["sql"].split()),
                "count": 0,
                "ms": 0.0,
                "raw": statement["sql"],
                "parameters": statement["parameters"],
            },
        )
        entry["count"] += 1
        entry["ms"] += statement["ms"]
    for entry in folded.values():
        entry["ms"] = round(entry["ms"], 2)
    return list(folded.values())


async def _plan(connection: Any, statement: dict[str, Any], postgres: bool) -> list[str]:
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    result = await connection.exec_driver_sql(prefix + statement["raw"], statement["parameters"])
    rows = result.all()
    if postgres:
        return [row[0] for row in rows]
    return [f"{row[1]}:{row[0]} {row[3]}" for row in rows]


# -- overhead of a run --------------------------------------------------------------------------


def make_small_files(root: Path, count: int) -> int:
    """`count` files of 1-4 KiB in 50 folders; return the total bytes."""
    rng = random.Random(7)
    total = 0
    for index in range(count):
        size = rng.randint(1024, 4096)
        path = root / f"dir{index % 50:02d}" / f"file{index:05d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(size))
        total += size
    return total


def process_cpu_s(pid: int) -> float:
    """User + system CPU seconds a live process has used so far (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_process(command: list[str], env: dict[str, str]) -> tuple[dict[str, float], dict[str, Any]]:
    """Run a CLI command; return ({wall s, cpu s}, its JSON output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode != 0:
        raise RuntimeError(f"{command[:2]} failed ({completed.returncode}): {completed.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"s": round(elapsed, 2), "cpu_s": round(cpu, 2)}, json.loads(completed.stdout)


def service_run(service: Service, source_id: str, destination: Path, rep: int) -> dict[str, Any]:
    """One run through the API: create the destination endpoint and a session, start it, poll it to its end."""
    client = service.client
    destination.mkdir(parents=True)
    endpoint = client.post(
        "/endpoints",
        json={
            "name": f"bench-dst-{rep}-{secrets.token_hex(2)}",
            "endpoint_type": "local",
            "local_path": str(destination),
        },
    )
    endpoint.raise_for_status()
    session = client.post(
        "/sessions",
        json={
            "name": f"bench-run-{rep}-{secrets.token_hex(2)}",
            "source_endpoint_id": source_id,
            "destination_endpoint_id": endpoint.json()["id"],
        },
    )
    session.raise_for_status()
    cpu = process_cpu_s(service.pid)
    began = time.perf_counter()
    start = client.post(f"/sessions/{session.json()['id']}/start", json={})
    start.raise_for_status()
    execution_id = start.json()["execution_id"]
    while True:
        execution = client.get(f"/executions/{execution_id}").json()
        if execution["status"] not in ("queued", "running"):
            break
        time.sleep(0.2)
    elapsed = time.perf_counter() - began
    cpu = process_cpu_s(service.pid) - cpu
    operations = client.get(f"/executions/{execution_id}/operations", params={"limit": 1}).json()
    return {
        "s": round(elapsed, 2),
        "cpu_s": round(cpu, 2),
        "execution_s": execution["duration_seconds"],
        "status": execution["status"],
        "files_synced": execution["files_synced"],
        "operations_recorded": operations["pagination"]["total"],
    }


def overhead(service: Service, env: dict[str, str], work: Path, files: int, repeats: int) -> dict[str, Any]:
    """The same files through the CLI (sync + check, sync --verify) and through the service; best of `repeats`.

    Each step starts after `os.sync()` (no dirty pages of the previous one), and the order of the
    steps rotates from one repeat to the next, so neither side always runs on a warmer machine.
    """
    source = work / "small"
    if not source.exists():
        make_small_files(source, files)
    cli_env = {**env, "F2L_DATA_DIR": str(work / "cli-data")}
    created = service.client.post(
        "/endpoints",
        json={"name": f"bench-src-{secrets.token_hex(3)}", "endpoint_type": "local", "local_path": str(source)},
    )
    created.raise_for_status()
    source_id = created.json()["id"]
    runs: dict[str, list[dict[str, Any]]] = {"sync": [], "check": [], "sync_verify": [], "service": []}

    def sync_then_check(rep: int) -> None:
        target = work / f"cli-{rep}-{secrets.token_hex(2)}"
        os.sync()
        timing, result = timed_process([F2L, "sync", str(source), str(target), "--json"], cli_env)
        if result.get("files_transferred", files) != files:
            raise RuntimeError(f"f2l sync did not copy every file: {result}")
        runs["sync"].append(timing)
        os.sync()
        timing, result = timed_process([F2L, "check", str(source), str(target), "--json"], cli_env)
        if not result.get("in_sync", True):
            raise RuntimeError(f"f2l check found differences: {result}")
        runs["check"].append(timing)
        shutil.rmtree(target)

    def sync_verify(rep: int) -> None:
        target = work / f"verify-{rep}-{secrets.token_hex(2)}"
        os.sync()
        runs["sync_verify"].append(
            timed_process([F2L, "sync", str(source), str(target), "--verify", "--json"], cli_env)[0]
        )
        shutil.rmtree(target)

    def through_service(rep: int) -> None:
        target = work / f"svc-{rep}-{secrets.token_hex(2)}"
        os.sync()
        run = service_run(service, source_id, target, rep)
        if run["status"] != "completed" or run["files_synced"] != files:
            raise RuntimeError(f"service run did not complete cleanly: {run}")
        runs["service"].append(run)
        shutil.rmtree(target)

    steps: list[Callable[[int], None]] = [sync_then_check, through_service, sync_verify]
    for rep in range(repeats):
        for step in steps[rep % 3 :] + steps[: rep % 3]:
            step(rep)
    best = {
        name: {key: min(run[key] for run in values) for key in ("s", "cpu_s")} for name, values in runs.items()
    }
    best["service"]["execution_s"] = min(run["execution_s"] for run in runs["service"])
    median = {
        name: {key: round(statistics.median(run[key] for run in values), 2) for key in ("s", "cpu_s")}
        for name, values in runs.items()
    }
    summary: dict[str, Any] = {
        "files": files,
        "runs": runs,
        "best": best,
        "median": median,
        "operations_recorded": runs["service"][0]["operations_recorded"],
    }
    for key in ("s", "cpu_s"):
        cli = best["sync"][key] + best["check"][key]
        verify = best["sync_verify"][key]
        service_value = best["service"][key]
        summary[key] = {
            "sync_check": round(cli, 2),
            "sync_verify": verify,
            "service": service_value,
            "ratio": round(service_value / cli, 3),
            "overhead_pct": round(100 * (service_value / cli - 1), 1),
            "ratio_verify": round(service_value / verify, 3),
            "overhead_verify_pct": round(100 * (service_value / verify - 1), 1),
        }
    return summary


# -- what if: the fixes, tried on the bench's own copy ------------------------------------------

ROUTE_SORT = "GET /executions?sort=-bytes_transferred"
ROUTE_OPERATIONS = ("GET /executions/{big}/operations", "GET /executions/{big}/operations?page=100")
ROUTE_FAILED = "GET /executions/{big}/operations?status=failed"
ROUTE_SEARCH = (f"GET /logs?search={SEARCH_WORD}", f"GET /logs?search={RARE_WORD} (rare)")


@dataclass(frozen=True)
class Fix:
    """An index the findings recommend: its DDL per backend and the routes it is for."""

    name: str
    ddl: dict[str, list[str]]
    routes: tuple[str, ...]


FIXES = (
    Fix(
        "sync_executions (bytes_transferred DESC, id)",
        {
            backend: ["CREATE INDEX bench_ix_executions_bytes ON sync_executions (bytes_transferred DESC, id)"]
            for backend in ("sqlite", "postgresql")
        },
        (ROUTE_SORT,),
    ),
    Fix(
        "sync_operations (execution_id, id)",
        {
            backend: ["CREATE INDEX bench_ix_operations_execution_id ON sync_operations (execution_id, id)"]
            for backend in ("sqlite", "postgresql")
        },
        ROUTE_OPERATIONS,
    ),
    # SQLite's (execution_id, status) index already ends with the rowid, which is `id`.
    Fix(
        "sync_operations (execution_id, status, id)",
        {
            "postgresql": [
                "CREATE INDEX bench_ix_operations_execution_status_id ON sync_operations "
                "(execution_id, status, id)"
            ]
        },
        (ROUTE_FAILED,),
    ),
    Fix(
        "sync_executions (created_at) covering status, bytes_transferred, files_synced",
        {
            "sqlite": [
                "CREATE INDEX bench_ix_executions_window ON sync_executions "
                "(created_at, status, bytes_transferred, files_synced)"
            ],
            "postgresql": [
                "CREATE INDEX bench_ix_executions_window ON sync_executions (created_at) "
                "INCLUDE (status, bytes_transferred, files_synced)"
            ],
        },
        ("GET /stats",),
    ),
    Fix(
        "logs: pg_trgm GIN index on message",
        {
            "postgresql": [
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX bench_ix_logs_message_trgm ON logs USING gin (message gin_trgm_ops)",
            ]
        },
        ROUTE_SEARCH,
    ),
)

FTS_DDL = [
    "CREATE VIRTUAL TABLE bench_logs_fts USING fts5(message, content='logs', content_rowid='id', "
    "tokenize='trigram')",
    "INSERT INTO bench_logs_fts(bench_logs_fts) VALUES ('rebuild')",
]
"""SQLite cannot index `lower(message) LIKE '%word%'`; an FTS5 trigram table over `logs` can (3.34+)."""


async def apply_ddl(url: str, statements: list[str]) -> dict[str, float]:
    """Run each statement in autocommit mode, then refresh what the planner and readers see; return timings."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    took: dict[str, float] = {}
    tail = (
        ["PRAGMA wal_checkpoint(TRUNCATE)"]
        if url.startswith("sqlite")
        else ["VACUUM ANALYZE sync_executions, sync_operations, logs"]
    )  # what autovacuum does after new rows
    try:
        async with engine.connect() as connection:
            for statement in [*statements, *tail]:
                began = time.perf_counter()
                await connection.exec_driver_sql(statement)
                took[statement] = round(time.perf_counter() - began, 2)
    finally:
        await engine.dispose()
    return took


async def try_fixes(url: str, backend: str, chosen: list[Route]) -> list[dict[str, Any]]:
    """Each index in turn: its routes' service calls timed just before and just after it exists (A/B, in-process).

    In-process, each call runs at most 5 times on a fresh connection: on PostgreSQL these are
    custom plans (for the actual ids), which is what a request on a new pooled connection gets.
    """
    by_name = {route.name: route for route in chosen}
    results = []
    for fix in FIXES:
        statements = fix.ddl.get(backend)
        routes_of_fix = [by_name[name] for name in fix.routes if name in by_name]
        if not statements or not routes_of_fix:
            continue
        before = await query_timings(url, routes_of_fix, set())
        took = await apply_ddl(url, statements)
        after = await query_timings(url, routes_of_fix, set(fix.routes))
        results.append(
            {
                "fix": fix.name,
                "ddl_s": round(sum(took[statement] for statement in statements), 2),
                "routes": {
                    route.name: {
                        "before_ms": before[route.name]["call_ms"],
                        "after_ms": after[route.name]["call_ms"],
                        "after_statements": after[route.name]["statements"],
                    }
                    for route in routes_of_fix
                },
            }
        )
    return results


async def _best_ms(sessionmaker: Any, action: Callable[[AsyncSession], Awaitable[Any]], runs: int = 5) -> float:
    best = math.inf
    for _ in range(runs):
        async with sessionmaker() as db:
            began = time.perf_counter()
            await action(db)
            best = min(best, (time.perf_counter() - began) * 1000)
    return round(best, 2)


def _statement(query: Any) -> Callable[[AsyncSession], Awaitable[Any]]:
    async def run(db: AsyncSession) -> Any:
        return (await db.execute(query)).all()

    return run


async def what_if_queries(url: str, backend: str, picks: Picks) -> dict[str, Any]:
    """Query changes (not indexes): the service's statement against the proposed one, best of 5, in-process."""
    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    results: dict[str, Any] = {}
    try:
        joined = (select(SyncExecution.id).join(SyncSession)).subquery()
        alone = select(func.count()).select_from(SyncExecution)
        results["GET /executions total: COUNT over the join with sync_sessions (now) vs over sync_executions"] = {
            "current_ms": await _best_ms(sessionmaker, _statement(select(func.count()).select_from(joined))),
            "proposed_ms": await _best_ms(sessionmaker, _statement(alone)),
        }

        async with sessionmaker() as db:
            rows, _ = await session_service.list_sessions(db, PageParams())
            ids = [row.last_execution_id for row in rows if row.last_execution_id]

        async def one_get_each(db: AsyncSession) -> Any:
            return [await db.get(SyncExecution, execution_id) for execution_id in ids]

        columns = (
            SyncExecution.id,
            SyncExecution.status,
            SyncExecution.created_at,
            SyncExecution.started_at,
            SyncExecution.finished_at,
        )
        results[f"GET /sessions: {len(ids)} db.get() of whole executions (now) vs one IN query of 5 columns"] = {
            "current_ms": await _best_ms(sessionmaker, one_get_each),
            "proposed_ms": await _best_ms(
                sessionmaker, _statement(select(*columns).where(SyncExecution.id.in_(ids)))
            ),
        }

        big = picks.big_execution
        first_id = select(func.min(SyncOperation.id)).where(SyncOperation.execution_id == big).scalar_subquery()
        for page in (1, 100):
            query = select(SyncOperation).where(SyncOperation.execution_id == big).order_by(SyncOperation.id)
            query = query.offset((page - 1) * 50).limit(50)
            results[
                f"operations page {page} of the big run: ORDER BY id (now) vs the same from the run's "
                "first id (id >= min(id))"
            ] = {
                "current_ms": await _best_ms(sessionmaker, _statement(query)),
                "proposed_ms": await _best_ms(sessionmaker, _statement(query.where(SyncOperation.id >= first_id))),
            }

        for word in (SEARCH_WORD, RARE_WORD):
            matching = log_service.filtered(select(LogEntry.id), LogFilters(search=word))
            figures = {
                "current_count_ms": await _best_ms(
                    sessionmaker, _statement(select(func.count()).select_from(matching.subquery()))
                ),
                "capped_count_ms (LIMIT 1001)": await _best_ms(
                    sessionmaker, _statement(select(func.count()).select_from(matching.limit(1001).subquery()))
                ),
            }
            if backend == "sqlite":
                if word == SEARCH_WORD:
                    built = await apply_ddl(url, FTS_DDL)
                    results["FTS5 trigram table over logs, built in"] = f"{sum(built.values()):.1f} s"
                pattern = {"p": f"%{word}%"}
                figures["fts5_count_ms"] = await _best_ms(
                    sessionmaker,
                    lambda db, pattern=pattern: db.execute(
                        text("SELECT count(*) FROM bench_logs_fts WHERE message LIKE :p"), pattern
                    ),
                )
                figures["fts5_page_ms"] = await _best_ms(
                    sessionmaker,
                    lambda db, pattern=pattern: db.execute(
                        text(
                            "SELECT * FROM logs WHERE id IN "
                            "(SELECT rowid FROM bench_logs_fts WHERE message LIKE :p) "
                            "ORDER BY timestamp DESC, id DESC LIMIT 50"
                        ),
                        pattern,
                    ),
                )
            results[f"logs search '{word}'"] = figures
    finally:
        await engine.dispose()
    return results


async def recorder_cost(url: str, files: int, runs: int = 3) -> dict[str, float]:
    """What recording a run of `files` files costs the service's process, alone: the recorder's batched
    inserts (1,000 operations each), progress updates and final flush, as in a run. Best of `runs`."""
    from f2l.events import MemoryEventBus
    from f2l.jobs.recorder import BATCH_SIZE, ExecutionRecorder
    from f2l.sync.progress import FileOutcome

    engine = create_engine(url)
    sessionmaker = create_sessionmaker(engine)
    best = {"s": math.inf, "cpu_s": math.inf}
    try:
        async with sessionmaker() as db:
            session_id = (await db.execute(select(SyncSession.id).limit(1))).scalar_one()
        for _ in range(runs):
            execution_id = uuid.uuid4()
            async with sessionmaker() as db:
                db.add(SyncExecution(id=execution_id, session_id=session_id, status="running", trigger="manual"))
                await db.commit()
            recorder = ExecutionRecorder(sessionmaker, MemoryEventBus(), execution_id, session_id)
            began, cpu = time.perf_counter(), time.process_time()
            for number in range(files):
                recorder.on_outcome(
                    FileOutcome(
                        "copy", f"dir{number % 50:02d}/file{number:05d}.bin", 2500, True, None, 0.001, "new"
                    )
                )
                if (number + 1) % BATCH_SIZE == 0:
                    await recorder.flush()
            await recorder.flush({"status": "completed", "finished_at": datetime.now(UTC)})
            best["s"] = min(best["s"], time.perf_counter() - began)
            best["cpu_s"] = min(best["cpu_s"], time.process_time() - cpu)
    finally:
        await engine.dispose()
    return {key: round(value, 2) for key, value in best.items()}


# -- the run ------------------------------------------------------------------------------------


def measure_routes(service: Service, chosen: list[Route], requests: int, label: str) -> dict[str, Any]:
    """The latency of every route, printed as it comes."""
    measured: dict[str, Any] = {}
    for route in chosen:
        measured[route.name] = measure_route(service.client, route, requests)
        print(f"[{label}] {route.name}: {measured[route.name]}", flush=True)
    return measured


def run_backend(backend: str, sizes: Sizes, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Seed, measure the routes, time their queries, measure a run's overhead, then try the fixes."""
    result: dict[str, Any] = {}
    with fresh_database(backend, work / backend) as url:
        began = time.perf_counter()
        head = upgrade_to_head(url)
        result["migrate_s"] = round(time.perf_counter() - began, 2)
        print(f"[{backend}] migrated to {head}; seeding ...", flush=True)
        result["seed"], picks = asyncio.run(seed(url, sizes))
        result["database_mib"] = round(database_size(url) / 2**20, 1)
        result["picks"] = {"busy_session_runs": picks.busy_session_runs, "big_operations": picks.big_operations}
        print(f"[{backend}] seeded in {result['seed']['total_s']} s ({result['database_mib']} MiB)", flush=True)
        chosen = routes(picks)
        env = service_env(url, work / backend / "data", work)
        with serve(env, work / backend / "serve.log") as service:
            result["latency"] = measure_routes(service, chosen, args.requests, backend)
            present = [route for route in chosen if "skipped" not in result["latency"][route.name]]
            result["queries"] = asyncio.run(query_timings(url, present, {route.name for route in present}))
            if not args.skip_overhead:
                print(f"[{backend}] overhead of a run, {args.files} files x {args.repeats} ...", flush=True)
                result["overhead"] = overhead(service, env, work, args.files, args.repeats)
                result["overhead"]["recorder_alone"] = asyncio.run(recorder_cost(url, args.files))
                print(
                    f"[{backend}] {result['overhead']['best']}, recorder alone "
                    f"{result['overhead']['recorder_alone']}",
                    flush=True,
                )
        if not args.no_what_if:
            print(f"[{backend}] what if: the recommended indexes, one at a time ...", flush=True)
            result["fixes"] = asyncio.run(try_fixes(url, backend, present))
            result["what_if_queries"] = asyncio.run(what_if_queries(url, backend, picks))
            with serve(env, work / backend / "serve.log") as service:  # fresh connections: no stale plans
                result["latency_with_indexes"] = measure_routes(service, present, args.requests, f"{backend}+ix")
    return result


def _cell(row: dict[str, Any]) -> str:
    if "skipped" in row:
        return "skipped (404)"
    return f"{row['p50']} / {row['p95']} / {row['p99']} / {row['max']}" + (" **≥ 50**" if row["slow"] else "")


def report(results: dict[str, Any]) -> str:
    """The latency table (before and with the indexes), the slow routes' statements and plans, the overhead."""
    backends = [name for name in ("sqlite", "postgresql") if name in results["backends"]]
    lines = [f"{results['sizes']}", ""]
    columns = []
    for backend in backends:
        columns.append(f"{backend} p50 / p95 / p99 / max (ms)")
        if "latency_with_indexes" in results["backends"][backend]:
            columns.append(f"{backend} p99 with the indexes")
    lines += ["| route | " + " | ".join(columns) + " |", "| --- |" + " --- |" * len(columns)]
    for name in next(iter(results["backends"].values()))["latency"]:
        cells = []
        for backend in backends:
            data = results["backends"][backend]
            cells.append(_cell(data["latency"].get(name, {})))
            if "latency_with_indexes" in data:
                after = data["latency_with_indexes"].get(name)
                cells.append("—" if after is None else f"{after['p99']}" + (" **≥ 50**" if after["slow"] else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    for backend in backends:
        data = results["backends"][backend]
        seed_row = data["seed"]
        lines += [
            "",
            f"[{backend}] seed {seed_row['total_s']} s: "
            + ", ".join(
                f"{name} {value['rows']:,} rows {value['s']} s"
                for name, value in seed_row.items()
                if isinstance(value, dict)
            )
            + f"; {data['database_mib']} MiB",
        ]
        for name, timing in data.get("queries", {}).items():
            flagged = data["latency"].get(name, {}).get("slow") or timing["call_ms"] >= SLOW_MS
            lines.append(
                f"  {'*' if flagged else ' '} {name}: service call {timing['call_ms']} ms, of which SQL "
                f"{timing['db_ms']} ms in {sum(s['count'] for s in timing['statements'])} statements"
            )
            if flagged:
                for statement in timing["statements"]:
                    lines.append(
                        f"      {statement['ms']:8.2f} ms x{statement['count']}  {statement['sql'][:160]}"
                    )
                    lines += [f"          {step}" for step in statement.get("plan", [])]
        for fix in data.get("fixes", []):
            lines.append(
                f"  index {fix['fix']} (built in {fix['ddl_s']} s): "
                + "; ".join(
                    f"{name} {row['before_ms']} -> {row['after_ms']} ms" for name, row in fix["routes"].items()
                )
            )
        for name, figures in data.get("what_if_queries", {}).items():
            shown = figures if isinstance(figures, str) else ", ".join(f"{k} {v}" for k, v in figures.items())
            lines.append(f"  what if — {name}: {shown}")
        if "overhead" in data:
            over = data["overhead"]
            for key, unit in (("s", "wall"), ("cpu_s", "CPU")):
                row = over[key]
                lines.append(
                    f"  overhead, {unit} ({over['files']} files): sync + check {row['sync_check']} s | "
                    f"sync --verify {row['sync_verify']} s | service {row['service']} s | "
                    f"service/(sync+check) {row['ratio']} "
                    f"({row['overhead_pct']:+} %) | service/(sync --verify) {row['ratio_verify']} "
                    f"({row['overhead_verify_pct']:+} %)"
                )
            lines.append(f"  best of each: {over['best']}")
            lines.append(f"  median of each: {over['median']}")
            lines.append(
                f"  the recorder alone ({over['files']} operations, batches, progress, final flush): "
                f"{over['recorder_alone']}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--executions", type=int, default=100_000)
    parser.add_argument("--operations", type=int, default=1_000_000)
    parser.add_argument("--logs", type=int, default=200_000)
    parser.add_argument("--files", type=int, default=20_000, help="small files of the overhead scenario")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per route")
    parser.add_argument("--repeats", type=int, default=3, help="runs of the overhead scenario (best is kept)")
    parser.add_argument("--skip-overhead", action="store_true")
    parser.add_argument(
        "--no-what-if",
        action="store_true",
        help="skip creating the recommended indexes and measuring the routes again",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    args = parser.parse_args()
    sizes = Sizes(executions=args.executions, operations=args.operations, logs=args.logs)
    results: dict[str, Any] = {
        "sizes": sizes.__dict__,
        "date": datetime.now(UTC).date().isoformat(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "backends": {},
    }
    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    with tempfile.TemporaryDirectory(prefix="f2l-bench-api-") as tmp:
        work = Path(tmp)
        for backend in backends:
            (work / backend).mkdir()
            results["backends"][backend] = run_backend(backend, sizes, args, work)
            if args.json:  # after each backend, so a long run leaves its first half behind
                args.json.write_text(json.dumps(results, indent=2, default=str))
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
