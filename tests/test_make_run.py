"""The Makefile: `make run` starts the installed entry point and syncs packages only when the lock changed.

Checked with `make -n` (print the commands, run none) on a copy of the Makefile beside a fake lock.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

MAKEFILE = Path(__file__).resolve().parents[1] / "Makefile"
RUN_STAMP = ".venv/.f2l-installed-run"
DEV_STAMP = ".venv/.f2l-installed-dev"
WEB_STAMP = "web/node_modules/.f2l-installed"

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(MAKEFILE, tmp_path / "Makefile")
    (tmp_path / "web").mkdir()
    for name in ("uv.lock", "pyproject.toml", "web/package.json", "web/package-lock.json"):
        (tmp_path / name).write_text("")
        os.utime(tmp_path / name, (1_000_000, 1_000_000))
    (tmp_path / "web" / "node_modules").mkdir()
    stamp(tmp_path, WEB_STAMP)  # the dashboard's packages are installed: only its build is planned
    return tmp_path


def planned(project: Path, target: str) -> str:
    """The commands `make TARGET` would run."""
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    done = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def stamp(project: Path, name: str, at: float = 2_000_000) -> None:
    path = project / name
    path.parent.mkdir(exist_ok=True)
    path.touch()
    os.utime(path, (at, at))


def test_a_fresh_checkout_installs_the_service_packages_then_starts_the_entry_point(project: Path) -> None:
    commands = planned(project, "run")
    assert "uv sync --frozen --no-dev" in commands
    assert "exec .venv/bin/f2l serve --host 127.0.0.1 --port 8000" in commands
    assert "uv run" not in commands, "uv run would sync and byte-compile again at every start"


def test_a_later_start_syncs_nothing(project: Path) -> None:
    stamp(project, RUN_STAMP)
    commands = planned(project, "run")
    assert "uv sync" not in commands and "pip install" not in commands and "npm ci" not in commands
    assert commands.strip().splitlines() == [
        "cd web && npm run build",
        "exec .venv/bin/f2l serve --host 127.0.0.1 --port 8000",
    ]


@pytest.mark.parametrize("changed", ["uv.lock", "pyproject.toml"])
def test_a_changed_lock_or_project_file_syncs_again(project: Path, changed: str) -> None:
    stamp(project, RUN_STAMP)
    os.utime(project / changed, (3_000_000, 3_000_000))
    assert "uv sync --frozen --no-dev" in planned(project, "run")


def test_the_tests_install_the_dev_tools_and_run_with_the_environment_on_path(project: Path) -> None:
    commands = planned(project, "test")
    assert "uv sync --frozen\n" in commands, "the full sync, dev tools included"
    assert f'PATH="{project.resolve()}/.venv/bin:$PATH"' in commands, "the contract tests look `f2l` up on PATH"
    assert ".venv/bin/pytest" in commands
    stamp(project, DEV_STAMP)
    stamp(project, RUN_STAMP)
    assert "uv sync" not in planned(project, "test")
    assert "uv sync" not in planned(project, "run")


def test_the_full_install_also_counts_for_run(project: Path) -> None:
    # The dev stamp's recipe touches both stamps: after `make test`, `make run` syncs nothing.
    commands = planned(project, "install")
    assert f"touch {DEV_STAMP} {RUN_STAMP}" in commands
