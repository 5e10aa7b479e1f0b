"""`f2l serve` as a user starts it, for the tests that need the real command (uvicorn, its limits)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.storage.servers.moto import free_port


@contextmanager
def f2l_serve(root: Path, env: Mapping[str, str] | None = None, timeout: float = 60) -> Iterator[str]:
    """Run `f2l serve` on a free loopback port with its data in `root/data`; yield its base URL.

    The F2L_* variables of the test process are dropped (the test says what it wants in
    `env`), the embedded default is used (no DATABASE_URL, no REDIS_URL), the scheduler and
    the health monitor are off. The server's output goes to `root/serve.log`, quoted when it
    fails to start.
    """
    environment = {key: value for key, value in os.environ.items() if not key.startswith("F2L_")}
    environment.update(
        {
            "F2L_DATA_DIR": str(root / "data"),
            "F2L_SCHEDULER_ENABLED": "false",
            "F2L_HEALTH_CHECK_INTERVAL": "0",
            "DATABASE_URL": "",
            "REDIS_URL": "",
            **(env or {}),
        }
    )
    port = free_port()
    executable = shutil.which("f2l", path=str(Path(sys.executable).parent)) or "f2l"
    log = root / "serve.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [executable, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            cwd=root,
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for_health(process, url, log, timeout)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def _wait_for_health(process: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"f2l serve exited:\n{log.read_text()[-3000:]}"
        try:
            if httpx.get(f"{url}/health", timeout=1, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"f2l serve did not answer /health:\n{log.read_text()[-3000:]}")
