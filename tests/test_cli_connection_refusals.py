"""`f2l test URL` against a real FTP server: a refused login or a missing root exits non-zero, secret-free."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.storage.servers.ftpd import PASSWORD, USER, FTPServerHandle, ftpd_server
from tests.test_cli import f2l

WRONG_PASSWORD = "Wrong-Pass-Never-Shown-7f3a"


@pytest.fixture
def ftp(tmp_path: Path) -> Iterator[FTPServerHandle]:
    home = tmp_path / "ftp-home"
    (home / "data").mkdir(parents=True)
    with ftpd_server(home) as server:
        yield server


def test_a_refused_ftp_password_fails_without_showing_it(tmp_path: Path, ftp: FTPServerHandle) -> None:
    result = f2l("test", f"ftp://{USER}:{WRONG_PASSWORD}@127.0.0.1:{ftp.port}/data", home=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "authentication failed" in result.stderr and "530" in result.stderr
    assert f"127.0.0.1:{ftp.port}" in result.stderr
    assert WRONG_PASSWORD not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr and not result.stdout.startswith("ok")


def test_a_missing_ftp_root_fails(tmp_path: Path, ftp: FTPServerHandle) -> None:
    result = f2l("test", f"ftp://{USER}:{PASSWORD}@127.0.0.1:{ftp.port}/no-such-folder", home=tmp_path)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "does not exist" in result.stderr and PASSWORD not in result.stdout + result.stderr


def test_the_right_ftp_password_succeeds(tmp_path: Path, ftp: FTPServerHandle) -> None:
    result = f2l("test", f"ftp://{USER}:{PASSWORD}@127.0.0.1:{ftp.port}/data", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: connected to") and PASSWORD not in result.stdout + result.stderr
