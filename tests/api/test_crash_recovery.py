"""Kill the service mid-run (a real `f2l serve` process), restart it: the run shows `interrupted`,
a new start finishes the rest without re-sending what was complete, and nothing is left half-done."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from f2l.storage.base import TEMP_PREFIX
from tests.api.conftest import ADMIN_PASSWORD, free_port

FILES = 40
FILE_SIZE = 256 * 1024
BANDWIDTH = 2 * 1024 * 1024  # bytes/s: the run takes ~5 s, long enough to be killed in the middle


@contextmanager
def serve(env: dict[str, str], log: Path) -> Iterator[httpx.Client]:
    """Run `f2l serve` as a process; yield a client on its API; stop it (if still alive) at the end."""
    port = free_port()
    executable = shutil.which("f2l", path=str(Path(sys.executable).parent)) or "f2l"
    with log.open("a") as output:
        process = subprocess.Popen(
            [executable, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert process.poll() is None, log.read_text()[-3000:]
            time.sleep(0.2)
        with httpx.Client(base_url=f"{base}/api/v1", timeout=30) as client:
            client.pid = process.pid  # type: ignore[attr-defined]
            yield client
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(15)


def sign_in(client: httpx.Client, setup: bool) -> None:
    if setup:
        assert (
            client.post("/auth/setup", json={"username": "admin", "password": ADMIN_PASSWORD}).status_code == 201
        )
    tokens = client.post("/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD}).json()
    client.headers["Authorization"] = f"Bearer {tokens['access_token']}"


def wait(client: httpx.Client, execution_id: str, condition: Any, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        execution: dict[str, Any] = client.get(f"/executions/{execution_id}").json()
        if condition(execution):
            return execution
        time.sleep(0.1)
    raise AssertionError(f"condition not reached: {execution}")


def test_killed_service_marks_the_run_interrupted_and_a_new_run_finishes(
    api_database: str, tmp_path: Path
) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    for index in range(FILES):
        path = source / f"d{index % 4}" / f"f{index:03d}.bin"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(FILE_SIZE))
    env = {
        **os.environ,
        "F2L_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": api_database,
        "F2L_LOCAL_ROOTS": str(tmp_path),
        "F2L_HEALTH_CHECK_INTERVAL": "0",
        "F2L_SCHEDULER_INTERVAL": "0.5",
    }
    log = tmp_path / "serve.log"

    with serve(env, log) as client:
        sign_in(client, setup=True)
        ids = [
            client.post(
                "/endpoints", json={"name": name, "endpoint_type": "local", "local_path": str(path)}
            ).json()["id"]
            for name, path in (("src", source), ("dst", target))
        ]
        session = client.post(
            "/sessions",
            json={
                "name": "Big",
                "source_endpoint_id": ids[0],
                "destination_endpoint_id": ids[1],
                "transfers": 2,
                "bandwidth_limit": BANDWIDTH,
            },
        ).json()
        first = client.post(f"/sessions/{session['id']}/start", json={}).json()["execution_id"]
        wait(client, first, lambda e: e["status"] == "running" and e["files_synced"] >= 5)
        os.kill(client.pid, signal.SIGKILL)  # type: ignore[attr-defined]  # a crash: no shutdown code runs

    # Temp files touched within 2 s of a run's start are spared (they may be another run's):
    # let the killed run's ones age past that, as any real restart takes longer.
    time.sleep(2.5)
    copied_before_restart = set(target.rglob("*.bin"))
    assert 0 < len(copied_before_restart) < FILES

    with serve(env, log) as client:
        sign_in(client, setup=False)
        interrupted = client.get(f"/executions/{first}").json()
        assert interrupted["status"] == "interrupted", interrupted
        assert "start it again" in interrupted["error_message"]
        second = client.post(f"/sessions/{session['id']}/start", json={}).json()["execution_id"]
        finished = wait(client, second, lambda e: e["status"] not in ("queued", "running"))
        assert finished["status"] == "completed", finished
        # Only what the killed run had not finished travels again.
        assert finished["files_synced"] <= FILES - len(copied_before_restart) + 2
        reconciliation = client.get(f"/executions/{second}/reconciliation").json()
        assert reconciliation["in_sync"] is True and reconciliation["matched"] == FILES
        assert sum(reconciliation["counts"].values()) == 0

    for path in source.rglob("*.bin"):
        assert (target / path.relative_to(source)).read_bytes() == path.read_bytes()
    litter = [p for p in target.rglob("*") if p.name.startswith(TEMP_PREFIX)]
    assert litter == [], "temp files of the killed run must be gone after the next successful run"
