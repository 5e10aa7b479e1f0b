"""A real S3 API server for tests: moto's server mode in a subprocess on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import IO

import httpx


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def moto_server(env: Mapping[str, str] | None = None, timeout: float = 30) -> Iterator[str]:
    """Run `moto.server` until the block ends; yield its base URL.

    A subprocess rather than `ThreadedMotoServer`: the server's own warnings and GIL time
    stay out of the test process, and the port is checked before use (moto would hang on
    a taken one).
    """
    port = free_port()
    # The server logs every request: to a file, since an unread pipe fills up and stalls it.
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            env={**os.environ, **(env or {})},
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(process, url, log, timeout)
            yield url
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)


def _wait_until_up(process: subprocess.Popen[bytes], url: str, log: IO[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"moto server exited at start: {log.read().decode(errors='replace')[-2000:]}")
        try:
            httpx.get(url + "/moto-api/", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise RuntimeError(f"moto server did not answer on {url} within {timeout} s")
