"""Journey 7: live updates reach the dashboard when WebSocket is blocked (SSE fallback) and
after the server restarts (reconnect, resume, reload)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, WebSocketRoute, expect

from tests.e2e.support import E2E, PASSWORD, SCREENSHOTS, Served, serve, sign_in_api, sign_in_context

pytestmark = E2E

FILES = 12
FILE_SIZE = 200_000


def seed_slow_session(server: Served, name: str = "Slow copy") -> str:
    """The admin, two local endpoints and a session whose run takes a few seconds (bandwidth limit)."""
    source, target = server.root / "files" / "src", server.root / "files" / "dst"
    source.mkdir(parents=True)
    target.mkdir(parents=True)
    for index in range(FILES):
        (source / f"part-{index:02}.bin").write_bytes(bytes([index]) * FILE_SIZE)
    with server.api() as api:
        assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
        sign_in_api(api)
        ids = []
        for label, path in (("Live source", source), ("Live target", target)):
            created = api.post(
                "/endpoints", json={"name": label, "endpoint_type": "local", "local_path": str(path)}
            )
            assert created.status_code == 201, created.text
            ids.append(created.json()["id"])
        session = api.post(
            "/sessions",
            json={
                "name": name,
                "source_endpoint_id": ids[0],
                "destination_endpoint_id": ids[1],
                "bandwidth_limit": "600K",
            },
        )
        assert session.status_code == 201, session.text
        session_id: str = session.json()["id"]
        return session_id


def start_run(server: Served, session_id: str) -> str:
    with server.api() as api:
        sign_in_api(api)
        started = api.post(f"/sessions/{session_id}/start", json={"dry_run": False, "force_overwrite": True})
        assert started.status_code == 202, started.text
        execution_id: str = started.json()["execution_id"]
        return execution_id


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[Served, str]]:
    server = serve(tmp_path)
    try:
        yield server, seed_slow_session(server)
    finally:
        server.stop()


def indicator(page: Page) -> Any:
    return page.get_by_role("status", name=re.compile("^Live updates"))


def test_live_updates_fall_back_to_sse_when_websocket_is_blocked(
    page: Page, live_server: tuple[Served, str]
) -> None:
    server, session_id = live_server
    refused: list[str] = []

    def block(ws: WebSocketRoute) -> None:
        # What a proxy that does not pass WebSocket does: the handshake never becomes a socket.
        refused.append(ws.url)
        ws.close(code=1011, reason="blocked by test proxy")

    page.route_web_socket(re.compile(r"/api/v1/ws"), block)
    sign_in_context(page, server.url)
    page.goto(f"{server.url}/")
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(indicator(page)).to_have_attribute("data-transport", "sse", timeout=20_000)
    expect(indicator(page)).to_have_attribute("data-state", "live")
    assert len(refused) >= 2, "the dashboard tried WebSocket first"

    execution_id = start_run(server, session_id)
    # The run appears and moves without a reload: the bar's files counter grows over SSE.
    active = page.get_by_role("progressbar", name=re.compile("^Slow copy"))
    expect(active).to_be_visible(timeout=15_000)
    first = float(active.get_attribute("aria-valuenow") or 0)
    expect(active).not_to_have_attribute("aria-valuenow", str(first), timeout=15_000)
    # Its end arrives too: the in-app toast links to the run.
    toast = page.get_by_role("alert").filter(has_text="“Slow copy” completed")
    expect(toast).to_be_visible(timeout=30_000)
    expect(toast.get_by_role("link", name="Open")).to_have_attribute("href", f"/executions/{execution_id}")
    # The end refetched the overview's figures: the run left "Runs in progress".
    expect(page.get_by_text("No run is queued or running.")).to_be_visible(timeout=10_000)
    page.screenshot(path=str(SCREENSHOTS / "live-sse-fallback.png"))


def test_live_updates_resume_after_the_server_restarts(page: Page, live_server: tuple[Served, str]) -> None:
    server, session_id = live_server
    sign_in_context(page, server.url)
    page.goto(f"{server.url}/")
    expect(indicator(page)).to_have_attribute("data-state", "live", timeout=15_000)
    expect(indicator(page)).to_have_attribute("data-transport", "websocket")

    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    expect(indicator(page)).to_have_attribute("data-state", "reconnecting", timeout=15_000)
    expect(indicator(page)).to_contain_text("Reconnecting")
    restarted = serve(server.root, port=port)
    try:
        # Back with backoff (at most 30 s between tries), over WebSocket again.
        expect(indicator(page)).to_have_attribute("data-state", "live", timeout=45_000)
        expect(indicator(page)).to_have_attribute("data-transport", "websocket")
        start_run(restarted, session_id)
        active = page.get_by_role("progressbar", name=re.compile("^Slow copy"))
        expect(active).to_be_visible(timeout=15_000)
        expect(page.get_by_role("alert").filter(has_text="“Slow copy” completed")).to_be_visible(timeout=30_000)
        # The restarted server's event ids began again at 1: the page took them (no stale high-water mark).
        with httpx.Client(base_url=f"{restarted.url}/api/v1", timeout=10) as api:
            sign_in_api(api)
            runs = api.get("/executions").json()["data"]
        assert [run["status"] for run in runs][:1] == ["completed"]
    finally:
        restarted.stop()
