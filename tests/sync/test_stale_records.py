"""A remembered path gone from both sides must plan cleanly, on every backend and through the CLI.

The sync record (one-way) and the baseline (bidirectional) remember every path of the pair.
A file deleted on both sides by hand or by another tool, or a wiped destination next to a
source restored from an older backup, leaves the record holding paths neither side lists.
Such a run once stopped with an `AssertionError` in the planner — and so did every later
run of the pair. It must plan, run, forget the stale entry and say nothing is wrong.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.storage.servers.sshd import PASSWORD, SFTPServerInfo, asyncssh_server
from tests.test_cli import F2L


@pytest.fixture(scope="module")
def sftp_info(tmp_path_factory: pytest.TempPathFactory) -> Any:
    with asyncssh_server(tmp_path_factory.mktemp("stale-sftp") / "root") as (info, _server):
        yield info


def _run(home: Path, *args: str, s3_url: str | None = None, known_hosts: Path | None = None) -> dict[str, Any]:
    extra = [
        *(["--s3-endpoint-url", s3_url] if s3_url else []),
        *(["--sftp-known-hosts", str(known_hosts)] if known_hosts else []),
    ]
    result = subprocess.run(
        [F2L, "sync", *args, "--json", *extra],
        capture_output=True,
        text=True,
        timeout=90,
        stdin=subprocess.DEVNULL,
        env={
            **os.environ,
            "HOME": str(home),
            "F2L_DATA_DIR": str(home / "data"),
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_DEFAULT_REGION": "us-east-1",
            "NO_COLOR": "1",
        },
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 0, (result.stdout, result.stderr)
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


class _Destination:
    """One kind of destination: its URL for the CLI and a way to delete a file behind F2L's back."""

    def __init__(self, kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
        self.kind, self.s3_url, self.known_hosts = kind, None, None
        if kind == "local":
            self.folder = tmp_path / "dst"
            self.url = str(self.folder)
        elif kind == "s3":
            self.s3_url = request.getfixturevalue("s3_url")
            self.bucket, self.boto = request.getfixturevalue("bucket"), request.getfixturevalue("boto")
            self.url = f"s3://{self.bucket}/dst"
        else:
            info: SFTPServerInfo = request.getfixturevalue("sftp_info")
            self.folder = info.root / f"dst-{tmp_path.name}"
            self.known_hosts = tmp_path / "known_hosts"
            self.known_hosts.write_text(info.known_hosts)
            self.url = f"sftp://{info.username}:{PASSWORD}@127.0.0.1:{info.port}/{self.folder.name}"

    def delete(self, name: str) -> None:
        if self.kind == "s3":
            self.boto.delete_object(Bucket=self.bucket, Key=f"dst/{name}")
        else:
            (self.folder / name).unlink()

    def wipe(self) -> None:
        if self.kind == "s3":
            for item in self.boto.list_objects_v2(Bucket=self.bucket).get("Contents", []):
                self.boto.delete_object(Bucket=self.bucket, Key=item["Key"])
        else:
            shutil.rmtree(self.folder)

    def run(self, home: Path, source: Path, *extra: str) -> dict[str, Any]:
        return _run(home, str(source), self.url, *extra, s3_url=self.s3_url, known_hosts=self.known_hosts)


@pytest.mark.parametrize("kind", ["local", "s3", "sftp"])
@pytest.mark.parametrize("direction", ["source_to_dest", "bidirectional"])
def test_a_file_deleted_on_both_sides_does_not_break_the_pair(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str, direction: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (source / name).write_text(name * 10)
    destination = _Destination(kind, tmp_path, request)
    flags = ("--direction", direction)
    assert destination.run(tmp_path, source, *flags)["files_transferred"] == 3
    (source / "b.txt").unlink()
    destination.delete("b.txt")
    again = destination.run(tmp_path, source, *flags)
    assert again["status"] == "completed"
    assert again["files_transferred"] == 0 and again["files_deleted"] == 0
    (source / "d.txt").write_text("new")  # and every later run of the pair still works
    later = destination.run(tmp_path, source, *flags)
    assert later["status"] == "completed" and later["files_transferred"] == 1


@pytest.mark.parametrize("kind", ["local", "s3"])
def test_a_wiped_destination_and_an_older_source_backup(
    tmp_path: Path, request: pytest.FixtureRequest, kind: str
) -> None:
    source = tmp_path / "src"
    source.mkdir()
    for name in ("old.txt", "newer.txt"):
        (source / name).write_text(name)
    destination = _Destination(kind, tmp_path, request)
    assert destination.run(tmp_path, source, "--delete")["files_transferred"] == 2
    destination.wipe()
    (source / "newer.txt").unlink()  # the backup predates this file
    os.utime(source / "old.txt", (1_600_000_000, 1_600_000_000))
    restored = destination.run(tmp_path, source, "--delete")
    assert restored["status"] == "completed"
    assert restored["files_transferred"] == 1 and restored["files_deleted"] == 0
    assert destination.run(tmp_path, source, "--delete")["files_transferred"] == 0
