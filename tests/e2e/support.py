"""What the browser tests share: where things are, the skip conditions, a served F2L, axe-core."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from f2l.api.static_site import STATIC_DIR

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = REPO / "web" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(__file__).parent / "screenshots"
F2L = shutil.which("f2l") or str(Path(sys.executable).parent / "f2l")
PASSWORD = "E2e-admin-pass-2026!"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

E2E = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)",
    ),
    pytest.mark.skipif(
        not (STATIC_DIR / "index.html").is_file(),
        reason="the dashboard is not built: `make web` (or `cd web && npm ci && npm run build`)",
    ),
]
"""`pytestmark` of every browser test module."""

E2E_WITH_AXE = [
    *E2E,
    pytest.mark.skipif(not AXE_JS.is_file(), reason="axe-core is not installed: `cd web && npm ci`"),
]
"""`pytestmark` of the browser test modules that also run axe-core on their pages."""


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Served:
    """An `f2l serve` subprocess on a loopback port with its own data directory."""

    url: str
    root: Path
    process: subprocess.Popen[bytes]
    log: Path

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=f"{self.url}/api/v1", timeout=30)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


def serve(root: Path, port: int | None = None) -> Served:
    """Start `f2l serve` with data in `root/data` and local endpoints allowed under `root/files`.

    Give the `port` of a stopped one to restart it as it was (same data, same address).
    """
    port = port or free_port()
    (root / "files").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "HOME": str(root),
        "F2L_DATA_DIR": str(root / "data"),
        "F2L_LOCAL_ROOTS": str(root / "files"),
        "F2L_LOGIN_RATE_LIMIT": "1000",  # every browser context signs in on its own
    }
    log = root / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [F2L, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    served = Served(f"http://127.0.0.1:{port}", root, process, log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if httpx.get(f"{served.url}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        served.stop()
        pytest.fail(f"f2l serve did not start:\n{log.read_text()[-3000:]}")
    home = httpx.get(served.url, timeout=10)
    if 'id="root"' not in home.text:
        served.stop()
        pytest.fail(
            "f2l serve does not answer the dashboard at `/`: create_app must call "
            f"install_static_site(app) (src/f2l/api/static_site.py). It answered {home.status_code}: "
            f"{home.text[:200]}"
        )
    return served


def sign_in_api(api: httpx.Client) -> None:
    """Sign `api` in as the admin (Bearer header)."""
    response = api.post("/auth/login", json={"username": "admin", "password": PASSWORD})
    response.raise_for_status()
    api.headers["Authorization"] = f"Bearer {response.json()['access_token']}"


def run_session(api: httpx.Client, session_id: str) -> dict[str, Any]:
    """Start a session's run and wait for its end; the run as the API answers it."""
    started = api.post(f"/sessions/{session_id}/start", json={"dry_run": False})
    assert started.status_code == 202, started.text
    execution_id = started.json()["execution_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        execution: dict[str, Any] = api.get(f"/executions/{execution_id}").json()
        if execution["status"] not in ("queued", "running"):
            return execution
        time.sleep(0.2)
    pytest.fail(f"run {execution_id} did not end in 60 s")


def sign_in_context(page: Page, base: str) -> None:
    """Sign the page's browser context in through the API (the cookies are shared with the page)."""
    response = page.context.request.post(
        f"{base}/api/v1/auth/login", data={"username": "admin", "password": PASSWORD}
    )
    assert response.ok, response.text()


def pick_option(page: Page, name: str) -> None:
    """Choose `name` in the open select menu and wait until the menu has left the page.

    MUI keeps the closing menu (and its invisible backdrop) in the DOM for its exit transition;
    a click in that window lands on the backdrop, so the next control would not get it.
    """
    page.get_by_role("option", name=name).click()
    expect(page.locator(".MuiMenu-root")).to_have_count(0)


def axe_violations(page: Page) -> list[str]:
    """Serious and critical axe-core violations of the page as shown, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_JS))
    results: dict[str, Any] = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    found = []
    for violation in results["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = [json.dumps(node["target"]) for node in violation["nodes"][:3]]
            found.append(f"{violation['id']} ({violation['impact']}): {violation['help']} — {', '.join(targets)}")
    return found
