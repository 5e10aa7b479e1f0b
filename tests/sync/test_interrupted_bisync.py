"""A bidirectional `f2l sync` killed mid-run (SIGKILL) recovers: no conflicts among files already
identical on both sides, nothing lost or resurrected, and the next run is a no-op."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.test_cli import F2L

FILES = 40
SIZE = 64 * 1024


def _command(source: Path, destination: str, s3_url: str, *extra: str) -> list[str]:
    return [
        F2L,
        "sync",
        str(source),
        destination,
        "--direction",
        "bidirectional",
        "--json",
        "--s3-endpoint-url",
        s3_url,
        *extra,
    ]


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "F2L_DATA_DIR": str(home / "data"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_COLOR": "1",
    }


def _keys(boto: Any, bucket: str) -> list[str]:
    return [item["Key"] for item in boto.list_objects_v2(Bucket=bucket).get("Contents", [])]


def test_a_killed_local_s3_bisync_resumes_without_false_conflicts(
    tmp_path: Path, s3_url: str, boto: Any, bucket: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for number in range(FILES):
        (source / f"f{number:02}.bin").write_bytes(os.urandom(SIZE))
    destination = f"s3://{bucket}/mirror"
    # Slow enough (one file at a time, 256 KiB/s) that the kill lands after some copies, not all.
    process = subprocess.Popen(
        _command(source, destination, s3_url, "--transfers", "1", "--bwlimit", "256K"),
        env=_env(tmp_path),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while len(_keys(boto, bucket)) < 6 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(10)
    landed = len(_keys(boto, bucket))
    assert 6 <= landed < FILES, landed

    result = subprocess.run(
        _command(source, destination, s3_url, "--conflict", "keep_both"),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads(result.stdout)
    assert summary["conflicts"] == 0
    assert summary["files_transferred"] <= FILES - landed + 1  # what had landed is not sent again
    keys = _keys(boto, bucket)
    assert sorted(keys) == [f"mirror/f{number:02}.bin" for number in range(FILES)]  # no `.conflict-` copies
    assert sorted(path.name for path in source.iterdir()) == [f"f{number:02}.bin" for number in range(FILES)]
    for key in keys:
        name = key.removeprefix("mirror/")
        assert boto.get_object(Bucket=bucket, Key=key)["Body"].read() == (source / name).read_bytes(), name

    again = subprocess.run(
        _command(source, destination, s3_url),
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert json.loads(again.stdout)["planned"]["operations"] == 0
