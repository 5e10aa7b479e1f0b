"""The service on a real HTTP port, on SQLite and on PostgreSQL, for API journey tests.

`service` runs `create_app` under uvicorn inside the test's event loop (real sockets, so SSE
and WebSocket behave as for a browser); `client` is an httpx client on its `/api/v1`.
`admin` is that client signed in as the first admin.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from f2l.api.app import create_app
from f2l.config import Settings, sqlite_url
from tests.db.conftest import BACKENDS, _PostgresDatabase, postgres_prefix  # noqa: F401  (fixture)
from tests.storage.servers.ftpd import FTPServerHandle, ftpd_server

ADMIN_PASSWORD = "Admin-pass-2026!"


@dataclass
class Service:
    """A running service: its base URL, settings, and the app (for its state)."""

    url: str
    settings: Settings
    app: Any

    @property
    def state(self) -> Any:
        return self.app.state.f2l


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(params=BACKENDS)
def api_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database for one test: a SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "db" / "f2l.db")
        return
    with _PostgresDatabase(request.getfixturevalue("postgres_prefix")) as url:
        yield url


@pytest.fixture
def service_settings(api_database: str, tmp_path: Path) -> Settings:
    """Settings of the service under test; tests may copy it with changes."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=api_database,
        local_roots=str(tmp_path),
        scheduler_interval=0.2,
        health_check_interval=0,
        write_rate_limit=10_000,
    )


@pytest.fixture
async def service(service_settings: Settings) -> AsyncIterator[Service]:
    async with run_service(service_settings) as running:
        yield running


class run_service:  # noqa: N801  (used as a context manager, like a function)
    """Serve `create_app(settings)` with uvicorn on a free loopback port for the block."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.app = create_app(settings)
        self.port = free_port()
        config = uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.task: asyncio.Task[None] | None = None

    async def __aenter__(self) -> Service:
        self.task = asyncio.create_task(self.server.serve())
        for _ in range(300):
            if self.server.started:
                break
            if self.task.done():
                self.task.result()  # raises the start-up error
            await asyncio.sleep(0.02)
        else:
            raise TimeoutError("the service did not start")
        return Service(f"http://127.0.0.1:{self.port}", self.settings, self.app)

    async def __aexit__(self, *exc_info: object) -> None:
        self.server.should_exit = True
        if self.task is not None:
            await asyncio.wait_for(self.task, 30)


@pytest.fixture
async def client(service: Service) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=f"{service.url}/api/v1", timeout=30) as http:
        yield http


@pytest.fixture
async def admin(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """The client signed in as the first admin (Bearer header)."""
    await sign_in_first_admin(client)
    return client


async def sign_in_first_admin(client: httpx.AsyncClient, username: str = "admin") -> dict[str, Any]:
    response = await client.post("/auth/setup", json={"username": username, "password": ADMIN_PASSWORD})
    assert response.status_code == 201, response.text
    return await sign_in(client, username, ADMIN_PASSWORD)


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> dict[str, Any]:
    response = await client.post("/auth/login", json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
    client.cookies.clear()  # the Bearer header alone must be enough
    return tokens


@pytest.fixture
def ftp(tmp_path: Path) -> Iterator[FTPServerHandle]:
    """A pyftpdlib server for this test (its root under tmp_path)."""
    home = tmp_path / "ftp-home"
    home.mkdir()
    with ftpd_server(home) as server:
        yield server


async def wait_for_execution(client: httpx.AsyncClient, execution_id: str, within: float = 60) -> dict[str, Any]:
    """Poll an execution until it leaves queued/running; return it."""
    deadline = asyncio.get_running_loop().time() + within
    while True:
        execution: dict[str, Any] = (await client.get(f"/executions/{execution_id}")).json()
        if execution["status"] not in ("queued", "running"):
            return execution
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError(f"execution still {execution['status']}: {execution}")
        await asyncio.sleep(0.1)
