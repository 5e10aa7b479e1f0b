"""The `f2l` command as a user runs it: a subprocess with a private HOME, against real servers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.storage.servers.moto import free_port

F2L = shutil.which("f2l") or str(Path(sys.executable).parent / "f2l")


def f2l(*args: str, home: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    return subprocess.run(
        [F2L, *args], capture_output=True, text=True, env=env, timeout=timeout, stdin=subprocess.DEVNULL
    )


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = f2l("--help", home=tmp_path)
    assert result.returncode == 0
    for command in ("ls", "test", "backends", "serve", "version"):
        assert command in result.stdout


def test_ls_of_a_bucket_in_canonical_order(tmp_path: Path, s3_url: str, boto: Any, bucket: str) -> None:
    for key in ("p/b.txt", "p/a/x.txt", "p/a.txt", "other.txt"):
        boto.put_object(Bucket=bucket, Key=key, Body=key.encode())
    result = f2l("ls", "-R", "--json", f"s3://{bucket}/p", "--s3-endpoint-url", s3_url, home=tmp_path)
    assert result.returncode == 0, result.stderr
    listed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["path"] for item in listed] == ["a.txt", "a/x.txt", "b.txt"]
    assert listed[0]["size"] == len("p/a.txt")
    top = f2l("ls", f"s3://{bucket}/p", "--s3-endpoint-url", s3_url, home=tmp_path)
    assert [line.split()[-1] for line in top.stdout.splitlines()] == ["a.txt", "a/", "b.txt"]


def test_ls_of_a_local_folder(tmp_path: Path) -> None:
    (tmp_path / "data" / "sub").mkdir(parents=True)
    (tmp_path / "data" / "sub" / "f.txt").write_text("x")
    result = f2l("ls", "-R", str(tmp_path / "data"), home=tmp_path)
    assert result.returncode == 0
    assert result.stdout.split()[-1] == "sub/f.txt"


def test_connection_errors_exit_2_without_secrets(tmp_path: Path) -> None:
    closed = free_port()
    result = f2l("test", f"ftp://user:secret-pass@127.0.0.1:{closed}/x", home=tmp_path)
    assert result.returncode == 2
    assert "secret-pass" not in result.stdout + result.stderr
    assert f"127.0.0.1:{closed}" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_options_name_the_field(tmp_path: Path) -> None:
    result = f2l("ls", "s3://UPPER_case", home=tmp_path)
    assert result.returncode == 2
    assert "bucket:" in result.stderr and "Traceback" not in result.stderr
    missing = f2l("ls", str(tmp_path / "nowhere"), home=tmp_path)
    assert missing.returncode == 2
    assert "nowhere" in missing.stderr and "no such file" in missing.stderr
    unknown = f2l("ls", "gopher://x", home=tmp_path)
    assert unknown.returncode == 2 and "unsupported URL scheme" in unknown.stderr


def test_serve_answers_health(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [F2L, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "HOME": str(tmp_path)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        response = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        assert response is not None and response.status_code == 200
        assert response.json()["status"] == "ok"
        assert httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json").status_code == 200
    finally:
        process.terminate()
        process.wait(10)


@pytest.mark.parametrize("kind", ["local", "s3", "sftp", "ftp"])
def test_backends_lists_every_option(tmp_path: Path, kind: str) -> None:
    result = f2l("backends", home=tmp_path)
    assert result.returncode == 0
    assert f"{kind}: " in result.stdout


def test_bidirectional_sync_keeps_its_baseline_in_the_data_dir(tmp_path: Path) -> None:
    left, right, data = tmp_path / "left", tmp_path / "right", tmp_path / "data"
    left.mkdir()
    right.mkdir()
    (left / "from-left.txt").write_text("L")
    (right / "from-right.txt").write_text("R")
    env_home = tmp_path

    def bisync(*extra: str) -> dict[str, Any]:
        result = subprocess.run(
            [F2L, "sync", str(left), str(right), "--direction", "bidirectional", "--json", *extra],
            capture_output=True,
            text=True,
            timeout=60,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "HOME": str(env_home), "F2L_DATA_DIR": str(data)},
        )
        assert result.returncode == 0, result.stderr
        summary: dict[str, Any] = json.loads(result.stdout)
        return summary

    assert bisync()["files_transferred"] == 2
    assert sorted(p.name for p in right.iterdir()) == ["from-left.txt", "from-right.txt"]
    assert (data / "f2l.db").exists()
    (right / "from-left.txt").unlink()
    assert bisync()["files_deleted"] == 1  # the baseline says it existed on both sides: a real deletion
    assert sorted(p.name for p in left.iterdir()) == ["from-right.txt"]
    assert bisync()["planned"]["operations"] == 0
