"""A file name that is not UTF-8 is one reported file, never a crashed run or a deletion.

Names are made with raw bytes (`caf\\xe9.txt` is Latin-1 for `café.txt`): no F2L path can
address such a name, so listings leave it out and say so. A listing that left a name out is
incomplete: the run reports the name (escaped, with a cause), syncs the rest, and deletes
nothing — the missing name must never make a file on the other side look extraneous.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from f2l.storage.base import Entry
from f2l.storage.errors import InvalidPath, StorageError
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.filters import FileFilter, FilterSpec
from f2l.sync.listing import filtered_walk
from tests.storage.servers.ftpd import PASSWORD as FTP_PASSWORD
from tests.storage.servers.ftpd import USER as FTP_USER
from tests.storage.servers.ftpd import FTPServerHandle
from tests.storage.servers.sshd import PASSWORD, AsyncsshServer, SFTPServerInfo

F2L = shutil.which("f2l") or str(Path(sys.executable).parent / "f2l")
LATIN1 = b"caf\xe9.txt"
SHOWN = "caf\\xe9.txt"
"""How reports show the Latin-1 name: the odd byte escaped."""


def make_source(folder: Path) -> Path:
    """Good files around one Latin-1 name (and one in a subfolder)."""
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_bytes(b"a")
    (folder / "z.txt").write_bytes(b"z")
    (folder / "sub" / "b.txt").write_bytes(b"b")
    write_bytes_named(os.path.join(os.fsencode(folder), LATIN1), b"latin-1 named")
    return folder


def write_bytes_named(path: bytes, content: bytes) -> None:
    """Create a file whose name is given as raw bytes (no text path can name it)."""
    with open(path, "wb") as handle:
        handle.write(content)


def f2l(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "HOME": str(home),
        "F2L_DATA_DIR": str(home / "data"),
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "NO_COLOR": "1",
        "TERM": "dumb",
    }
    return subprocess.run(
        [F2L, *args], capture_output=True, text=True, env=env, timeout=90, stdin=subprocess.DEVNULL
    )


def summary_of(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.stdout.strip(), f"no JSON printed; stderr: {result.stderr}"
    summary: dict[str, Any] = json.loads(result.stdout)
    return summary


def assert_reported(summary: dict[str, Any], shown: str = SHOWN) -> None:
    """The bad name is a failed file: escaped path, an endpoint, an operation and a cause."""
    matching = [error for error in summary["errors"] if error["path"].endswith(shown)]
    assert matching, summary["errors"]
    error = matching[0]
    assert "UTF-8" in error["message"] and error["endpoint"] and error["operation"]


def local_names(folder: Path) -> set[bytes]:
    return {os.fsencode(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


# -- the listing layer --------------------------------------------------------------------


async def test_local_walk_leaves_the_name_out_without_raising(tmp_path: Path) -> None:
    source = make_source(tmp_path / "src")
    async with LocalBackend(LocalOptions(path=str(source))) as backend:
        assert [entry.path async for entry in backend.walk()] == ["a.txt", "sub/b.txt", "z.txt"]
        assert [entry.path async for entry in backend.list_dir()] == ["a.txt", "sub", "z.txt"]


async def test_filtered_walk_hands_the_name_to_the_run(tmp_path: Path) -> None:
    source = make_source(tmp_path / "src")
    reported: list[StorageError] = []
    async with LocalBackend(LocalOptions(path=str(source))) as backend:
        listed = [
            entry.path async for entry in filtered_walk(backend, FileFilter(), on_unreadable=reported.append)
        ]
    assert listed == ["a.txt", "sub/b.txt", "z.txt"]
    assert len(reported) == 1
    error = reported[0]
    assert isinstance(error, InvalidPath)
    assert error.path == SHOWN and error.endpoint == backend.label
    assert "not UTF-8" in error.message
    str(error).encode()  # printable: no lone surrogate anywhere


async def test_filtered_walk_without_a_listener_fails_the_listing(tmp_path: Path) -> None:
    # A caller that cannot report the name must not take the listing as complete.
    source = make_source(tmp_path / "src")
    async with LocalBackend(LocalOptions(path=str(source))) as backend:
        with pytest.raises(InvalidPath) as info:
            await _paths(filtered_walk(backend, FileFilter()))
    assert info.value.path == SHOWN and info.value.endpoint == backend.label


async def _paths(entries: AsyncIterator[Entry]) -> list[str]:
    return [entry.path async for entry in entries]


async def test_an_undecodable_folder_is_reported_once_and_not_entered(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "ok.txt").write_bytes(b"ok")
    folder = os.path.join(os.fsencode(source), b"d\xff")
    os.mkdir(folder)
    for name in (b"one.txt", b"two.txt"):
        write_bytes_named(os.path.join(folder, name), b"inside")
    reported: list[StorageError] = []
    async with LocalBackend(LocalOptions(path=str(source))) as backend:
        listed = [
            entry.path async for entry in filtered_walk(backend, FileFilter(), on_unreadable=reported.append)
        ]
    assert listed == ["ok.txt"]
    assert [error.path for error in reported] == ["d\\xff"]
    assert "folder" in reported[0].message


async def test_an_exclude_that_matches_the_shown_name_silences_it(tmp_path: Path) -> None:
    source = make_source(tmp_path / "src")
    reported: list[StorageError] = []
    async with LocalBackend(LocalOptions(path=str(source))) as backend:
        excluded = FileFilter(FilterSpec(exclude=["caf*"]))
        listed = [entry.path async for entry in filtered_walk(backend, excluded, on_unreadable=reported.append)]
        assert listed == ["a.txt", "sub/b.txt", "z.txt"] and reported == []
        other = FileFilter(FilterSpec(include=["sub/**"]))
        listed = [entry.path async for entry in filtered_walk(backend, other, on_unreadable=reported.append)]
        assert listed == ["sub/b.txt"] and reported == []  # a name the filters leave out is no loss


# -- whole runs through the CLI -------------------------------------------------------------


def test_local_to_local_syncs_the_rest_and_reports_the_name(tmp_path: Path) -> None:
    source, destination = make_source(tmp_path / "src"), tmp_path / "dst"
    result = f2l("sync", str(source), str(destination), "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1  # completed with differences
    assert summary["status"] == "completed_with_differences"
    assert summary["files_transferred"] == 3
    assert local_names(destination) == {b"a.txt", b"z.txt", b"sub/b.txt"}
    assert_reported(summary)


def test_text_output_shows_the_escaped_name(tmp_path: Path) -> None:
    source, destination = make_source(tmp_path / "src"), tmp_path / "dst"
    result = f2l("sync", str(source), str(destination), home=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1
    assert SHOWN in result.stdout and "UTF-8" in result.stdout


def test_a_mirror_deletes_nothing_when_the_source_left_a_name_out(tmp_path: Path) -> None:
    # The destination's `café.txt` (UTF-8) may be the very file the source holds under
    # Latin-1 bytes: the source's listing is incomplete, so nothing may look extraneous.
    source, destination = make_source(tmp_path / "src"), tmp_path / "dst"
    destination.mkdir()
    (destination / "café.txt").write_bytes(b"latin-1 named")
    (destination / "extra.txt").write_bytes(b"extra")
    result = f2l("sync", str(source), str(destination), "--delete", "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode != 0
    assert summary["files_deleted"] == 0
    assert (destination / "café.txt").exists() and (destination / "extra.txt").exists()
    assert_reported(summary)


@pytest.mark.parametrize("allow_empty", [False, True])
def test_a_source_holding_only_an_undecodable_name_empties_nothing(tmp_path: Path, allow_empty: bool) -> None:
    # Listed, the source looks empty; it is not: the guard (or the error) keeps the destination,
    # and the summary still names the file that was left out.
    source, destination = tmp_path / "src", tmp_path / "dst"
    source.mkdir()
    destination.mkdir()
    write_bytes_named(os.path.join(os.fsencode(source), LATIN1), b"latin-1 named")
    (destination / "café.txt").write_bytes(b"latin-1 named")
    flags = ["--allow-empty-source"] if allow_empty else []
    result = f2l("sync", str(source), str(destination), "--delete", "--json", *flags, home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_deleted"] == 0 and local_names(destination) == {"café.txt".encode()}
    assert_reported(summary)


def test_a_mirror_dry_run_reports_the_name(tmp_path: Path) -> None:
    source, destination = make_source(tmp_path / "src"), tmp_path / "dst"
    destination.mkdir()
    (destination / "extra.txt").write_bytes(b"extra")
    result = f2l("sync", str(source), str(destination), "--delete", "--dry-run", "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1
    assert_reported(summary)
    assert local_names(destination) == {b"extra.txt"}


def test_an_undecodable_name_on_the_destination_is_kept(tmp_path: Path) -> None:
    source, destination = tmp_path / "src", tmp_path / "dst"
    source.mkdir()
    destination.mkdir()
    (source / "a.txt").write_bytes(b"a")
    write_bytes_named(os.path.join(os.fsencode(destination), LATIN1), b"theirs")
    result = f2l("sync", str(source), str(destination), "--delete", "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_transferred"] == 1 and summary["files_deleted"] == 0
    assert local_names(destination) == {b"a.txt", LATIN1}
    assert_reported(summary)


def test_local_to_s3_syncs_the_rest_and_reports_the_name(
    tmp_path: Path, s3_url: str, boto: Any, bucket: str
) -> None:
    source = make_source(tmp_path / "src")
    boto.put_object(Bucket=bucket, Key="p/café.txt", Body=b"latin-1 named")
    result = f2l(
        "sync", str(source), f"s3://{bucket}/p", "--delete", "--json", "--s3-endpoint-url", s3_url, home=tmp_path
    )
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_transferred"] == 3 and summary["files_deleted"] == 0
    keys = {item["Key"] for item in boto.list_objects_v2(Bucket=bucket).get("Contents", [])}
    assert keys == {"p/a.txt", "p/z.txt", "p/sub/b.txt", "p/café.txt"}
    assert_reported(summary)


def _sftp_url(info: SFTPServerInfo, name: str) -> str:
    return f"sftp://{info.username}:{PASSWORD}@127.0.0.1:{info.port}/{name}"


def test_local_to_sftp_syncs_the_rest_and_reports_the_name(
    tmp_path: Path, sftp_server: tuple[SFTPServerInfo, AsyncsshServer]
) -> None:
    info = sftp_server[0]
    source = make_source(tmp_path / "src")
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(info.known_hosts)
    name = f"u{os.getpid()}-{tmp_path.name}"
    result = f2l(
        "sync", str(source), _sftp_url(info, name), "--json", "--sftp-known-hosts", str(known_hosts), home=tmp_path
    )
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_transferred"] == 3
    assert local_names(info.root / name) == {b"a.txt", b"z.txt", b"sub/b.txt"}
    assert_reported(summary)


def test_sftp_source_with_a_latin1_name_deletes_nothing(
    tmp_path: Path, sftp_server: tuple[SFTPServerInfo, AsyncsshServer]
) -> None:
    info = sftp_server[0]
    name = f"s{os.getpid()}-{tmp_path.name}"
    make_source(info.root / name)
    destination = tmp_path / "dst"
    destination.mkdir()
    (destination / "café.txt").write_bytes(b"latin-1 named")
    known_hosts = tmp_path / "known_hosts"
    known_hosts.write_text(info.known_hosts)
    result = f2l(
        "sync",
        _sftp_url(info, name),
        str(destination),
        "--delete",
        "--json",
        "--sftp-known-hosts",
        str(known_hosts),
        home=tmp_path,
    )
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_deleted"] == 0 and (destination / "café.txt").exists()
    assert local_names(destination) == {b"a.txt", b"z.txt", b"sub/b.txt", "café.txt".encode()}
    assert_reported(summary)


def test_ftp_source_with_a_latin1_name_deletes_nothing(tmp_path: Path, ftp_server: FTPServerHandle) -> None:
    name = f"f{os.getpid()}-{tmp_path.name}"
    make_source(ftp_server.root / name)
    destination = tmp_path / "dst"
    destination.mkdir()
    (destination / "café.txt").write_bytes(b"latin-1 named")
    url = f"ftp://{FTP_USER}:{FTP_PASSWORD}@{ftp_server.host}:{ftp_server.port}/{name}"
    result = f2l("sync", url, str(destination), "--delete", "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_deleted"] == 0 and (destination / "café.txt").exists()
    assert local_names(destination) == {b"a.txt", b"z.txt", b"sub/b.txt", "café.txt".encode()}
    assert_reported(summary)


def test_bidirectional_never_takes_a_renamed_to_latin1_file_as_deleted(tmp_path: Path) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    (left / "café.txt").write_bytes(b"shared")
    (left / "a.txt").write_bytes(b"a")
    first = f2l("sync", str(left), str(right), "--direction", "bidirectional", "--json", home=tmp_path)
    assert summary_of(first)["status"] == "completed", first.stdout
    # The same file now carries its name in Latin-1 on the left: the left's listing is incomplete.
    os.rename(os.path.join(os.fsencode(left), "café.txt".encode()), os.path.join(os.fsencode(left), LATIN1))
    result = f2l("sync", str(left), str(right), "--direction", "bidirectional", "--json", home=tmp_path)
    summary = summary_of(result)
    assert result.returncode == 1
    assert summary["files_deleted"] == 0
    assert (right / "café.txt").read_bytes() == b"shared"
    assert_reported(summary)


def test_bidirectional_dry_run_predicts_the_reported_name(tmp_path: Path) -> None:
    left, right = make_source(tmp_path / "left"), tmp_path / "right"
    right.mkdir()
    result = f2l(
        "sync", str(left), str(right), "--direction", "bidirectional", "--dry-run", "--json", home=tmp_path
    )
    summary = summary_of(result)
    assert result.returncode == 1 and summary["status"] == "completed_with_differences"  # as the real run ends
    assert_reported(summary)
    real = f2l("sync", str(left), str(right), "--direction", "bidirectional", "--json", home=tmp_path)
    assert summary_of(real)["status"] == "completed_with_differences"


def test_check_reports_the_name_instead_of_crashing(tmp_path: Path) -> None:
    source, destination = make_source(tmp_path / "src"), tmp_path / "dst"
    destination.mkdir()
    result = f2l("check", str(source), str(destination), "--json", home=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode != 0
    assert SHOWN in result.stdout + result.stderr
