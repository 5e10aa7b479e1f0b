"""Browser tests: headless Debian chromium (never a downloaded browser) against `f2l serve`."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.support import CHROMIUM, CHROMIUM_ARGS, PASSWORD, Served, run_session, serve, sign_in_api


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch arguments, pointed at Debian's chromium."""
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One F2L with its first admin and real runs: a local→local session run twice (1 ok, 1 failed)."""
    server = serve(tmp_path_factory.mktemp("f2l-e2e"))
    try:
        seed(server)
        yield server
    finally:
        server.stop()


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[Served]:
    """An F2L that has never been set up (first run)."""
    server = serve(tmp_path)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def base_url(served: Served) -> str:
    """Relative `page.goto("/…")` goes to the seeded F2L (pytest-base-url's fixture, overridden)."""
    return served.url


def seed(server: Served) -> None:
    files = server.root / "files"
    source, target, gone = files / "source", files / "target", files / "gone"
    for folder in (source / "docs", target, gone):
        folder.mkdir(parents=True)
    for n in range(5):
        (source / "docs" / f"report-{n}.txt").write_bytes(bytes([65 + n]) * (300_000 * (n + 1)))
    with server.api() as api:
        assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
        sign_in_api(api)
        ids = {}
        for name, path in (("Docs source", source), ("Backup disk", target), ("Old share", gone)):
            endpoint = {"name": name, "endpoint_type": "local", "local_path": str(path)}
            response = api.post("/endpoints", json=endpoint)
            assert response.status_code == 201, response.text
            ids[name] = response.json()["id"]
        sessions = {}
        for name, src in (("Docs backup", "Docs source"), ("Old share copy", "Old share")):
            response = api.post(
                "/sessions",
                json={
                    "name": name,
                    "source_endpoint_id": ids[src],
                    "destination_endpoint_id": ids["Backup disk"],
                    "destination_path": "/" + name.split()[0].lower(),
                },
            )
            assert response.status_code == 201, response.text
            sessions[name] = response.json()["id"]
        assert run_session(api, sessions["Docs backup"])["status"] == "completed"
        gone.rmdir()  # its source folder vanished: the run fails
        assert run_session(api, sessions["Old share copy"])["status"] == "failed"
