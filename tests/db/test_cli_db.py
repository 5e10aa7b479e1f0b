"""`f2l db` as a user runs it: a subprocess with its own environment and working directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from f2l.db.migrations import head_revision
from tests.storage.servers.moto import free_port

F2L = shutil.which("f2l") or str(Path(sys.executable).parent / "f2l")
SECRET = "s3cr3t-Pa55word"


def f2l_db(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "F2L_DATABASE_URL", "F2L_DATA_DIR")
    }
    return subprocess.run(
        [F2L, "db", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        env={**clean, "HOME": str(cwd), "NO_COLOR": "1", **env},
        stdin=subprocess.DEVNULL,
    )


def test_upgrade_creates_the_sqlite_file_in_the_data_dir(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    before = f2l_db("current", cwd=tmp_path, F2L_DATA_DIR=str(data_dir))
    assert before.returncode == 0, before.stderr
    assert "revision: none" in before.stdout
    result = f2l_db("upgrade", cwd=tmp_path, F2L_DATA_DIR=str(data_dir))
    assert result.returncode == 0, result.stderr
    assert (data_dir / "f2l.db").is_file()
    assert f"sqlite+aiosqlite:///{data_dir}/f2l.db" in result.stdout
    assert f"revision: {head_revision()} (head)" in result.stdout
    again = f2l_db("upgrade", cwd=tmp_path, F2L_DATA_DIR=str(data_dir))
    assert again.returncode == 0, again.stderr
    after = f2l_db("current", cwd=tmp_path, F2L_DATA_DIR=str(data_dir))
    assert f"revision: {head_revision()} (head)" in after.stdout


def test_postgres_password_is_never_printed(tmp_path: Path, postgresql_database: str) -> None:
    # Trust authentication ignores the password, so the run succeeds with it in the URL.
    url = postgresql_database.replace("postgresql+asyncpg://postgres@", f"postgres://postgres:{SECRET}@")
    for command in ("upgrade", "current"):
        result = f2l_db(command, cwd=tmp_path, DATABASE_URL=url)
        assert result.returncode == 0, result.stderr
        assert SECRET not in result.stdout + result.stderr
        assert "postgres:***@127.0.0.1" in result.stdout
        assert "(head)" in result.stdout


def test_unreachable_database_fails_with_exit_2_and_no_password(tmp_path: Path) -> None:
    url = f"postgresql://f2l:{SECRET}@127.0.0.1:{free_port()}/f2l"
    result = f2l_db("upgrade", cwd=tmp_path, DATABASE_URL=url)
    assert result.returncode == 2
    assert "cannot migrate the database" in result.stderr
    assert SECRET not in result.stdout + result.stderr


def test_user_create_then_sign_in_through_the_service(tmp_path: Path) -> None:
    env = {**os.environ, "F2L_DATA_DIR": str(tmp_path / "data"), "F2L_NEW_USER_PASSWORD": "Headless-pass-1"}
    env.pop("DATABASE_URL", None)
    created = run_f2l(["user", "create", "ops", "--role", "operator"], env)
    assert created.returncode == 0, created.stderr
    assert "created operator 'ops'" in created.stdout and "Headless-pass-1" not in created.stdout
    again = run_f2l(["user", "create", "ops"], env)
    assert again.returncode == 2 and "taken" in again.stderr
    weak = subprocess.run(
        [F2L, "user", "create", "weak", "--password-stdin"],
        env=env,
        input="short\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert weak.returncode == 2 and "password" in weak.stderr
    listed = run_f2l(["user", "list"], env)
    assert listed.stdout.splitlines() == ["ops\toperator\tactive"]


def run_f2l(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [F2L, *args], env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )
