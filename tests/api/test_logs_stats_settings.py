"""`/logs`, `/stats`, `/settings`, `/metrics` and the retention purge, on SQLite and on PostgreSQL.

The app runs in-process (httpx's ASGI transport, lifespan driven by hand). Each backend has one
database for the module, emptied before every test; rows are seeded straight through the ORM.
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import secrets
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import delete, func, select

from f2l.api.app import create_app
from f2l.config import Settings, sqlite_url
from f2l.db.models import (
    AppSetting,
    Base,
    Endpoint,
    LogEntry,
    SyncExecution,
    SyncOperation,
    SyncSession,
    utc_now,
)
from f2l.db.schema import ensure_schema
from f2l.db.session import create_engine
from f2l.services import app_settings, logs
from f2l.services.app_settings import AppSettingsModel, purge_old_records

POSTGRES = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
ADMIN = {"username": "admin", "password": "Admin-pass-2026!"}
VIEWER = {"username": "viewer1", "password": "Viewer-pass-2026!", "role": "viewer"}


def _postgres_admin(statement: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE) on the server's `postgres` database."""

    async def run() -> None:
        connection = await asyncpg.connect(**POSTGRES, database="postgres", timeout=5)  # type: ignore[arg-type]
        try:
            await connection.execute(statement)
        finally:
            await connection.close()

    asyncio.run(run())


@pytest.fixture(scope="module")
def postgresql_database_url() -> Iterator[str]:
    """A database of this module's own on the local server, dropped at the end."""
    name = f"f2l_api_lss_{os.getpid()}_{secrets.token_hex(3)}"
    try:
        _postgres_admin(f'CREATE DATABASE "{name}"')
    except (OSError, asyncpg.PostgresError, TimeoutError) as error:
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES['host']}:{POSTGRES['port']}: {error}")
    yield f"postgresql+asyncpg://postgres@{POSTGRES['host']}:{POSTGRES['port']}/{name}"
    _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def sqlite_database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return sqlite_url(tmp_path_factory.mktemp("lss-sqlite") / "f2l.db")


async def _empty(url: str) -> None:
    """Migrate (first use) and delete every row, children first, before the app starts."""
    engine = create_engine(url)
    try:
        await ensure_schema(engine)
        async with engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                await connection.execute(table.delete())
    finally:
        await engine.dispose()


@dataclass
class Api:
    """The app under test, an admin-signed client, and seeding helpers."""

    app: FastAPI
    client: httpx.AsyncClient
    admin: dict[str, str]

    async def add(self, *rows: Any) -> None:
        async with self.app.state.f2l.sessionmaker() as db:
            db.add_all(rows)
            await db.commit()

    async def count(self, model: Any) -> int:
        async with self.app.state.f2l.sessionmaker() as db:
            return int((await db.execute(select(func.count()).select_from(model))).scalar_one())

    async def get(self, path: str, **params: Any) -> httpx.Response:
        return await self.client.get(path, params=params, headers=self.admin)

    async def sign_in(self, username: str, password: str) -> dict[str, str]:
        response = await self.client.post("/api/v1/auth/login", json={"username": username, "password": password})
        assert response.status_code == 200, response.text
        self.client.cookies.clear()  # the Bearer header alone must be enough
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    async def viewer(self) -> dict[str, str]:
        response = await self.client.post("/api/v1/users", json=VIEWER, headers=self.admin)
        assert response.status_code == 201, response.text
        return await self.sign_in(VIEWER["username"], VIEWER["password"])


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest) -> str:
    """The module's database of each backend (looked up here: a sync fixture runs outside the event loop)."""
    url: str = request.getfixturevalue(f"{request.param}_database_url")
    return url


@pytest.fixture
async def api(database_url: str, tmp_path: Path) -> AsyncIterator[Api]:
    url = database_url
    await _empty(url)
    settings = Settings(
        data_dir=tmp_path,
        database_url=url,
        scheduler_enabled=False,
        health_check_interval=0,
        local_roots=str(tmp_path),
        max_concurrent_executions=3,
    )
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            response = await client.post("/api/v1/auth/setup", json=ADMIN)
            assert response.status_code == 201, response.text
            api = Api(app, client, {})
            api.admin = await api.sign_in(ADMIN["username"], ADMIN["password"])
            yield api


def _ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["message"] for item in response.json()["data"]]


# --- /logs -----------------------------------------------------------------------------------------------


async def test_logs_filters(api: Api) -> None:
    now = utc_now().replace(microsecond=0)
    session_id, execution_id = uuid.uuid4(), uuid.uuid4()
    await api.add(
        LogEntry(level="debug", message="starting scan", timestamp=now - timedelta(hours=4)),
        LogEntry(
            level="info",
            message="copied 5% of a.txt",
            timestamp=now - timedelta(hours=3),
            execution_id=execution_id,
        ),
        LogEntry(level="warning", message="slow: 5_0 KB/s", timestamp=now - timedelta(hours=2)),
        LogEntry(
            level="error",
            message="Failed b.txt",
            timestamp=now - timedelta(hours=1),
            execution_id=execution_id,
            session_id=session_id,
        ),
        LogEntry(level="info", message="copied 5 files", timestamp=now - timedelta(minutes=30)),
    )

    everything = await api.get("/api/v1/logs")
    assert _ids(everything) == [
        "copied 5 files",
        "Failed b.txt",
        "slow: 5_0 KB/s",
        "copied 5% of a.txt",
        "starting scan",
    ]
    assert everything.json()["pagination"] == {"page": 1, "limit": 50, "total": 5, "total_capped": False}
    assert set(everything.json()["data"][1]) == {
        "id",
        "timestamp",
        "level",
        "message",
        "session_id",
        "execution_id",
    }

    assert _ids(await api.get("/api/v1/logs", level="info")) == ["copied 5 files", "copied 5% of a.txt"]
    assert _ids(await api.get("/api/v1/logs", min_level="warning")) == ["Failed b.txt", "slow: 5_0 KB/s"]
    assert _ids(await api.get("/api/v1/logs", min_level="debug")) == _ids(everything)
    # `%` and `_` are literal: unescaped, "5%" would match every message holding a 5.
    assert _ids(await api.get("/api/v1/logs", search="5%")) == ["copied 5% of a.txt"]
    assert _ids(await api.get("/api/v1/logs", search="5_0")) == ["slow: 5_0 KB/s"]
    assert _ids(await api.get("/api/v1/logs", search="fAILED")) == ["Failed b.txt"]
    window = {"since": (now - timedelta(minutes=150)).isoformat(), "until": (now - timedelta(hours=1)).isoformat()}
    assert _ids(await api.get("/api/v1/logs", **window)) == ["slow: 5_0 KB/s"]  # until is exclusive
    naive = (now - timedelta(minutes=45)).replace(tzinfo=None).isoformat()
    assert _ids(await api.get("/api/v1/logs", since=naive)) == ["copied 5 files"]  # naive means UTC
    assert _ids(await api.get("/api/v1/logs", execution_id=str(execution_id))) == [
        "Failed b.txt",
        "copied 5% of a.txt",
    ]
    assert _ids(await api.get("/api/v1/logs", session_id=str(session_id))) == ["Failed b.txt"]
    assert _ids(await api.get("/api/v1/logs", execution_id=str(execution_id), level="info")) == [
        "copied 5% of a.txt"
    ]

    second = await api.get("/api/v1/logs", page=2, limit=2)
    assert _ids(second) == ["slow: 5_0 KB/s", "copied 5% of a.txt"]
    assert second.json()["pagination"] == {"page": 2, "limit": 2, "total": 5, "total_capped": False}


async def test_logs_refuses_bad_filters(api: Api) -> None:
    assert (await api.get("/api/v1/logs", level="fatal")).status_code == 422
    assert (await api.get("/api/v1/logs", limit=501)).status_code == 422
    now = utc_now()
    empty = await api.get("/api/v1/logs", since=now.isoformat(), until=(now - timedelta(hours=1)).isoformat())
    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"][-1] == "until"
    assert (await api.client.get("/api/v1/logs")).status_code == 401
    viewer = await api.viewer()
    assert (await api.client.get("/api/v1/logs", headers=viewer)).status_code == 200
    assert (await api.client.get("/api/v1/logs/export", headers=viewer)).status_code == 200


async def test_logs_export_csv(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "EXPORT_BATCH", 2)  # several keyset batches from five rows
    now = utc_now()
    execution_id = uuid.uuid4()
    messages = ['=HYPERLINK("http://x")', "+1+2", "-rm -rf", "@SUM(A1)", 'plain, with "quotes"']
    await api.add(
        *(
            LogEntry(
                level="error", message=m, timestamp=now - timedelta(minutes=10 - n), execution_id=execution_id
            )
            for n, m in enumerate(messages)
        ),
        LogEntry(level="info", message="not an error", timestamp=now),
    )
    response = await api.get("/api/v1/logs/export", format="csv", min_level="error")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"] == 'attachment; filename="f2l-logs.csv"'
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["id", "timestamp", "level", "message", "session_id", "execution_id"]
    assert [row[3] for row in rows[1:]] == [
        'plain, with "quotes"',
        "'@SUM(A1)",
        "'-rm -rf",
        "'+1+2",
        '\'=HYPERLINK("http://x")',
    ]
    ids = [int(row[0]) for row in rows[1:]]
    assert ids == sorted(ids, reverse=True)
    assert {row[2] for row in rows[1:]} == {"error"}
    assert {row[4] for row in rows[1:]} == {""}
    assert {row[5] for row in rows[1:]} == {str(execution_id)}

    searched = await api.get("/api/v1/logs/export", format="csv", search="SUM")
    assert [row[3] for row in csv.reader(io.StringIO(searched.text))][1:] == ["'@SUM(A1)"]


async def test_logs_export_json_and_cap(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(logs, "EXPORT_BATCH", 2)
    now = utc_now()
    await api.add(
        *(LogEntry(level="info", message=f"line {n}", timestamp=now - timedelta(minutes=n)) for n in range(5))
    )
    response = await api.get("/api/v1/logs/export", format="json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    document = response.json()
    assert document["truncated"] is False
    assert [line["message"] for line in document["logs"]] == [f"line {n}" for n in range(5)]

    monkeypatch.setattr(logs, "EXPORT_MAX_ROWS", 3)
    capped = (await api.get("/api/v1/logs/export", format="json")).json()
    assert [line["message"] for line in capped["logs"]] == ["line 0", "line 1", "line 2"]
    assert capped["truncated"] is True
    capped_csv = await api.get("/api/v1/logs/export", format="csv")
    assert len(list(csv.reader(io.StringIO(capped_csv.text)))) == 1 + 3
    exact = (await api.get("/api/v1/logs/export", format="json", search="line 1")).json()
    assert exact == {"logs": [exact["logs"][0]], "truncated": False}

    monkeypatch.setattr(logs, "EXPORT_MAX_ROWS", 5)  # exactly as many rows as exist: nothing cut
    assert (await api.get("/api/v1/logs/export", format="json")).json()["truncated"] is False
    assert (await api.get("/api/v1/logs/export", format="xml")).status_code == 422
    nothing = await api.get("/api/v1/logs/export", format="json", level="error")
    assert json.loads(nothing.text) == {"logs": [], "truncated": False}


# --- /stats and /metrics ---------------------------------------------------------------------------------


@dataclass
class Dataset:
    today: datetime
    """A moment of the current UTC day, not in the future."""
    session_a: SyncSession
    session_b: SyncSession


async def _seed_runs(api: Api) -> Dataset:
    """Two endpoints, two sessions and seven runs over today, two days ago and ten days ago."""
    now = utc_now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    today = midnight + (now - midnight) / 2
    local = Endpoint(id=uuid.uuid4(), name="disk", endpoint_type="local", settings={}, connection_status="online")
    bucket = Endpoint(id=uuid.uuid4(), name="bucket", endpoint_type="s3", settings={}, connection_status="offline")
    session_a = SyncSession(
        id=uuid.uuid4(), name="alpha", source_endpoint_id=local.id, destination_endpoint_id=bucket.id
    )
    session_b = SyncSession(
        id=uuid.uuid4(), name="beta", source_endpoint_id=bucket.id, destination_endpoint_id=local.id
    )
    await api.add(local, bucket)
    await api.add(session_a, session_b)

    def run(
        session: SyncSession, status: str, created: datetime, seconds: float | None = None, **columns: Any
    ) -> SyncExecution:
        if seconds is not None:  # a run that started a second after it was queued and took `seconds`
            columns.setdefault("started_at", created + timedelta(seconds=1))
            columns.setdefault("finished_at", created + timedelta(seconds=1 + seconds))
        return SyncExecution(id=uuid.uuid4(), session_id=session.id, status=status, created_at=created, **columns)

    two_days_ago, ten_days_ago = now - timedelta(days=2), now - timedelta(days=10)
    await api.add(
        run(session_a, "completed", today - timedelta(seconds=3), 60, bytes_transferred=100, files_synced=2),
        run(session_a, "failed", today - timedelta(seconds=2), 10, bytes_transferred=10, files_synced=1),
        run(
            session_b,
            "running",
            today - timedelta(seconds=1),
            None,
            bytes_transferred=5,
            total_bytes=50,
            files_synced=1,
            total_files=4,
            current_file="big.iso",
            started_at=today,
        ),
        run(session_a, "completed", two_days_ago, 30, bytes_transferred=1000, files_synced=10),
        run(
            session_a,
            "cancelled",
            two_days_ago + timedelta(seconds=1),
            finished_at=two_days_ago + timedelta(seconds=5),
        ),
        run(session_a, "queued", two_days_ago + timedelta(seconds=2)),
        run(session_b, "completed", ten_days_ago, 90, bytes_transferred=99_999, files_synced=7),
    )
    return Dataset(today, session_a, session_b)


async def test_stats_on_a_known_dataset(api: Api) -> None:
    empty = await api.get("/api/v1/stats")
    assert empty.status_code == 200
    assert empty.json()["success_rate"] is None
    assert len(empty.json()["daily"]) == 30
    assert all(day["total"] == 0 for day in empty.json()["daily"])

    data = await _seed_runs(api)
    stats = (await api.get("/api/v1/stats", days=7)).json()
    assert stats["days"] == 7
    assert stats["totals"] == {
        "endpoints": 2,
        "sessions": 2,
        "executions": 7,
        "endpoints_by_type": {"local": 1, "s3": 1},
    }
    assert stats["success_rate"] == 0.5  # 2 completed of 4 finished (completed, completed, failed, cancelled)
    assert stats["bytes_transferred"] == 1115
    assert stats["files_transferred"] == 14
    assert stats["status_distribution"] == {
        "queued": 1,
        "running": 1,
        "completed": 2,
        "completed_with_differences": 0,
        "failed": 1,
        "cancelled": 1,
        "interrupted": 0,
    }

    today = data.today.date()
    daily = stats["daily"]
    assert [day["date"] for day in daily] == [(today - timedelta(days=6 - n)).isoformat() for n in range(7)]
    by_date = {day["date"]: day for day in daily}
    two_days_ago = (data.today - timedelta(days=2)).date().isoformat()
    assert by_date[today.isoformat()] == {
        "date": today.isoformat(),
        "queued": 0,
        "running": 1,
        "completed": 1,
        "completed_with_differences": 0,
        "failed": 1,
        "cancelled": 0,
        "interrupted": 0,
        "total": 3,
        "bytes_transferred": 115,
        "files_transferred": 4,
    }
    assert {
        k: by_date[two_days_ago][k] for k in ("queued", "completed", "cancelled", "total", "bytes_transferred")
    } == {"queued": 1, "completed": 1, "cancelled": 1, "total": 3, "bytes_transferred": 1000}
    assert sum(day["total"] for day in daily) == 6  # the run ten days ago is outside the window
    assert [day["total"] for day in daily].count(0) == 5  # zero-filled

    recent = stats["recent_executions"]
    assert len(recent) == 7
    assert [(run["session_name"], run["status"]) for run in recent[:3]] == [
        ("beta", "running"),
        ("alpha", "failed"),
        ("alpha", "completed"),
    ]
    assert set(recent[0]) == {"id", "session_id", "session_name", "status", "created_at", "bytes_transferred"}
    active = stats["active_executions"]
    assert [(run["status"], run["session_name"]) for run in active] == [("running", "beta"), ("queued", "alpha")]
    assert active[0]["progress_percentage"] == 10.0
    assert active[0]["current_file"] == "big.iso"

    wide = (await api.get("/api/v1/stats", days=30)).json()
    assert wide["bytes_transferred"] == 1115 + 99_999
    assert wide["success_rate"] == 0.6  # 3 of 5
    one_day = (await api.get("/api/v1/stats", days=1)).json()
    assert [day["date"] for day in one_day["daily"]] == [today.isoformat()]
    assert one_day["success_rate"] == 0.5
    for days in (0, 366):
        assert (await api.get("/api/v1/stats", days=days)).status_code == 422
    assert (await api.client.get("/api/v1/stats")).status_code == 401


async def test_metrics(api: Api) -> None:
    await _seed_runs(api)
    response = await api.client.get("/metrics")  # no credentials: the reverse proxy guards it
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }
    assert samples[("f2l_executions_total", (("status", "completed"),))] == 3
    assert samples[("f2l_executions_total", (("status", "interrupted"),))] == 0
    assert samples[("f2l_executions_total", (("status", "queued"),))] == 1
    assert samples[("f2l_bytes_transferred_total", ())] == 100 + 10 + 5 + 1000 + 99_999
    assert samples[("f2l_files_transferred_total", ())] == 2 + 1 + 1 + 10 + 7
    assert samples[("f2l_active_executions", ())] == 2
    # Finished runs with both timestamps: 60 + 10 + 30 + 90 s (the cancelled one never started).
    assert samples[("f2l_execution_duration_seconds_count", ())] == 4
    assert samples[("f2l_execution_duration_seconds_sum", ())] == pytest.approx(190, abs=0.01)
    assert samples[("f2l_endpoints", (("status", "online"), ("type", "local")))] == 1
    assert samples[("f2l_endpoints", (("status", "offline"), ("type", "s3")))] == 1

    assert (await api.client.get("/api/v1/metrics")).status_code == 404
    schema = (await api.client.get("/api/v1/openapi.json")).json()
    operations = {op["operationId"] for path in schema["paths"].values() for op in path.values()}
    expected = {"logs-list", "logs-export", "stats-read", "settings-read", "settings-update", "metrics-read"}
    assert expected <= operations
    assert "/metrics" in schema["paths"]


# --- /settings and the purge -----------------------------------------------------------------------------

DEFAULTS = {
    "max_concurrent_executions": 3,  # from the process settings of the fixture
    "default_transfers": 8,
    "default_checkers": 8,
    "log_retention_days": 90,
    "execution_retention_days": 365,
    "health_check_interval_seconds": 0,
    "write_rate_limit_per_minute": 100,
}


async def test_settings_read_and_update(api: Api) -> None:
    assert (await api.get("/api/v1/settings")).json() == DEFAULTS

    changed = await api.client.patch(
        "/api/v1/settings", json={"log_retention_days": 30, "default_transfers": 16}, headers=api.admin
    )
    assert changed.status_code == 200, changed.text
    assert changed.json() == {**DEFAULTS, "log_retention_days": 30, "default_transfers": 16}
    again = await api.client.patch("/api/v1/settings", json={"log_retention_days": 31}, headers=api.admin)
    assert again.json() == {**DEFAULTS, "log_retention_days": 31, "default_transfers": 16}
    assert (await api.get("/api/v1/settings")).json() == again.json()

    reset = await api.client.patch("/api/v1/settings", json={"default_transfers": None}, headers=api.admin)
    assert reset.json() == {**DEFAULTS, "log_retention_days": 31}
    async with api.app.state.f2l.sessionmaker() as db:
        stored = {row.key: row.value for row in (await db.execute(select(AppSetting))).scalars()}
    assert stored == {"setup_completed": True, "log_retention_days": 31}


async def test_settings_are_admin_only(api: Api) -> None:
    viewer = await api.viewer()
    assert (await api.client.get("/api/v1/settings", headers=viewer)).status_code == 403
    refused = await api.client.patch("/api/v1/settings", json={"default_checkers": 2}, headers=viewer)
    assert refused.status_code == 403
    assert (await api.client.get("/api/v1/settings")).status_code == 401
    assert (await api.client.get("/api/v1/stats", headers=viewer)).status_code == 200
    assert (await api.get("/api/v1/settings")).json()["default_checkers"] == 8


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"bogus": 1}, "bogus"),
        ({"setup_completed": False}, "setup_completed"),
        ({"default_checkers": 0}, "default_checkers"),
        ({"max_concurrent_executions": 257}, "max_concurrent_executions"),
        ({"log_retention_days": "many"}, "log_retention_days"),
        ({"health_check_interval_seconds": 86401}, "health_check_interval_seconds"),
    ],
)
async def test_settings_validation(api: Api, body: dict[str, Any], field: str) -> None:
    response = await api.client.patch("/api/v1/settings", json=body, headers=api.admin)
    assert response.status_code == 422
    assert [problem["loc"][-1] for problem in response.json()["detail"]] == [field]
    assert (await api.get("/api/v1/settings")).json() == DEFAULTS


async def test_stored_values_that_no_longer_validate_are_ignored(api: Api) -> None:
    await api.add(
        AppSetting(key="default_transfers", value=9999),
        AppSetting(key="default_checkers", value=4),
        AppSetting(key="retired_key", value="x"),
    )
    assert (await api.get("/api/v1/settings")).json() == {**DEFAULTS, "default_checkers": 4}


async def test_purge_deletes_exactly_the_old_rows(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_settings, "PURGE_BATCH", 2)  # several batches of each kind
    monkeypatch.setattr(app_settings, "OPERATION_PURGE_BATCH", 3)
    now = utc_now()

    def days(n: int) -> datetime:
        return now - timedelta(days=n)

    await api.add(
        *(LogEntry(level="info", message=f"old {n}", timestamp=days(31 + n)) for n in range(5)),
        LogEntry(level="info", message="kept", timestamp=days(29)),
        LogEntry(level="info", message="new", timestamp=now),
    )
    disk = Endpoint(id=uuid.uuid4(), name="disk", endpoint_type="local", settings={})
    await api.add(disk)
    sessions = [
        SyncSession(id=uuid.uuid4(), name=f"s{n}", source_endpoint_id=disk.id, destination_endpoint_id=disk.id)
        for n in range(2)
    ]
    await api.add(*sessions)

    def run(
        status: str,
        created: datetime,
        finished: datetime | None,
        operations: int,
        session: SyncSession = sessions[0],
    ) -> list[Any]:
        execution = SyncExecution(
            id=uuid.uuid4(), session_id=session.id, status=status, created_at=created, finished_at=finished
        )
        return [
            execution,
            *(
                SyncOperation(execution_id=execution.id, action="copy", path=f"f{n}", status="done")
                for n in range(operations)
            ),
        ]

    old = [
        *run("completed", days(61), days(61), 4),
        *run("failed", days(70), days(70), 1),
        *run("interrupted", days(65), None, 0),
    ]
    kept = [
        *run("completed", days(59), days(59), 2),
        *run("completed", days(61), days(59), 0),  # started long ago, but finished inside the retention
        *run("running", days(100), None, 1, session=sessions[1]),  # never purged while active
    ]
    await api.add(
        *[row for row in old if isinstance(row, SyncExecution)],
        *[row for row in kept if isinstance(row, SyncExecution)],
    )
    await api.add(*[row for row in [*old, *kept] if isinstance(row, SyncOperation)])

    model = AppSettingsModel(log_retention_days=30, execution_retention_days=60)
    async with api.app.state.f2l.sessionmaker() as db:
        assert await purge_old_records(db, model) == {"logs": 5, "executions": 3, "operations": 5}
        assert await purge_old_records(db, model) == {"logs": 0, "executions": 0, "operations": 0}
        messages = set((await db.execute(select(LogEntry.message))).scalars())
        runs = set((await db.execute(select(SyncExecution.id))).scalars())
        operations = (await db.execute(select(SyncOperation.execution_id))).scalars().all()
    assert messages == {"kept", "new"}
    assert runs == {row.id for row in kept if isinstance(row, SyncExecution)}
    assert len(operations) == 3
    assert set(operations) <= runs


async def test_a_text_search_stops_counting_at_its_limit(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from f2l.services import logs as log_service

    monkeypatch.setattr(log_service, "SEARCH_COUNT_LIMIT", 3)
    await api.add(*[LogEntry(level="info", message=f"upload {i} timed out") for i in range(5)])
    searched = (await api.get("/api/v1/logs", search="timed out", limit=2)).json()
    assert searched["pagination"] == {"page": 1, "limit": 2, "total": 3, "total_capped": True}
    assert len(searched["data"]) == 2
    plain = (await api.get("/api/v1/logs")).json()["pagination"]
    assert plain["total_capped"] is False and plain["total"] >= 5


@pytest.mark.parametrize("rare_below", [2000, 1], ids=["rare-word-path", "common-word-path"])
async def test_text_search_through_the_index_keeps_the_meaning_of_contains(
    api: Api, rare_below: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from f2l.services import logs as log_service
    from f2l.services.logs import has_text_index

    monkeypatch.setattr(log_service, "RARE_MATCHES", rare_below)

    await api.add(
        *[
            LogEntry(level="info", message=message)
            for message in (
                "Upload of a.txt TIMED OUT after 30 s",
                'quota exceeded on bucket "b"',
                "50% done",
                "timeline ok",
            )
        ]
    )
    async with api.app.state.f2l.sessionmaker() as db:
        indexed = await has_text_index(db)
        assert indexed == (db.get_bind().dialect.name == "sqlite")  # PostgreSQL uses pg_trgm instead
        await db.execute(delete(LogEntry).where(LogEntry.message == "timeline ok"))  # the trigger unindexes it
        await db.commit()

    async def found(search: str) -> list[str]:
        return sorted(_ids(await api.get("/api/v1/logs", search=search)))

    assert await found("timed out") == ["Upload of a.txt TIMED OUT after 30 s"]
    assert await found("TIME") == ["Upload of a.txt TIMED OUT after 30 s"]  # the deleted line is gone
    assert await found('"b"') == ['quota exceeded on bucket "b"']
    assert await found("0%") == ["50% done"]  # shorter than a trigram: the plain scan
    assert await found("no such words") == []
