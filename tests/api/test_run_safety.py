"""Service runs of the defects found from outside: a stale record, the bidirectional deletion guard
and its one-run override, and a bidirectional preview into a missing folder (as the CLI plans it)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import wait_for_execution
from tests.api.test_runs import local_pair
from tests.test_cli import F2L


async def run(admin: httpx.AsyncClient, session_id: object, **options: object) -> dict[str, object]:
    started = await admin.post(f"/sessions/{session_id}/start", json=options)
    assert started.status_code == 202, started.text
    return await wait_for_execution(admin, started.json()["execution_id"])


async def test_a_file_deleted_on_both_sides_keeps_the_session_working(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    for direction in ("source_to_dest", "bidirectional"):
        source, target, session = await local_pair(
            admin, tmp_path / direction, files=3, size=10, sync_direction=direction
        )
        assert (await run(admin, session["id"]))["files_synced"] == 3
        (source / "f001.bin").unlink()
        (target / "f001.bin").unlink()
        for _ in range(2):
            again = await run(admin, session["id"])
            assert again["status"] == "completed", again
            assert again["files_synced"] == 0 and again["files_deleted"] == 0


async def test_bidirectional_sessions_refuse_mass_deletions_unless_told(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    source, target, session = await local_pair(admin, tmp_path, files=10, size=10, sync_direction="bidirectional")
    assert session["conflict_policy"] == "keep_both"  # the default loses no version
    assert (await run(admin, session["id"]))["files_synced"] == 10
    for index in range(6):
        (source / f"f{index:03d}.bin").unlink()
    preview = (await admin.post(f"/sessions/{session['id']}/preview")).json()
    assert preview["status"] == "would_fail" and "(60.0 %)" in preview["message"]
    refused = await run(admin, session["id"])
    assert refused["status"] == "failed"
    assert "6 of the destination's 10 files (60.0 %)" in str(refused["error_message"])
    assert len(list(target.iterdir())) == 10
    viewer_free = await admin.post(f"/sessions/{session['id']}/start", json={"allow_mass_delete": "yes please"})
    assert viewer_free.status_code == 422  # a boolean, named in the error
    assert "allow_mass_delete" in viewer_free.text
    forced = await run(admin, session["id"], allow_mass_delete=True)
    assert forced["status"] == "completed" and forced["files_deleted"] == 6
    assert sorted(p.name for p in target.iterdir()) == sorted(p.name for p in source.iterdir())


async def test_session_share_limit_applies_to_one_way_mirrors(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    _source, target, session = await local_pair(
        admin, tmp_path, files=2, size=10, delete_extraneous=True, max_delete_percent=25
    )
    for name in ("old1", "old2", "old3"):
        (target / name).write_text("stale")
    refused = await run(admin, session["id"])
    assert refused["status"] == "failed" and "3 of the destination's 3 files" in str(refused["error_message"])
    assert (target / "old1").exists()


async def test_bidirectional_preview_into_a_missing_folder_matches_the_cli(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    source, target, session = await local_pair(
        admin, tmp_path, files=3, size=10, sync_direction="bidirectional", destination_path="not-yet"
    )
    preview = (await admin.post(f"/sessions/{session['id']}/preview")).json()
    assert preview["status"] == "ok" and preview["totals"]["files_to_transfer"] == 3, preview
    assert not (target / "not-yet").exists()
    command = [
        F2L,
        "sync",
        str(source),
        str(target / "not-yet"),
        "--direction",
        "bidirectional",
        "--dry-run",
        "--json",
    ]
    env = {**os.environ, "HOME": str(tmp_path), "F2L_DATA_DIR": str(tmp_path / "cli-data")}
    cli = await asyncio.to_thread(
        subprocess.run, command, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=env
    )
    assert cli.returncode == 0, cli.stderr
    planned = json.loads(cli.stdout)["operations"]
    assert sorted((op["action"], op["path"]) for op in planned) == sorted(
        (item["action"], item["path"]) for item in preview["data"]
    )
    assert not (target / "not-yet").exists()


async def test_a_failed_run_counts_its_cause_and_has_one_duration(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    source, target, session = await local_pair(
        admin, tmp_path, files=2, size=10, delete_extraneous=True, max_delete=0
    )
    (target / "stale").write_text("x")
    guarded = await run(admin, session["id"])
    assert guarded["status"] == "failed" and guarded["error_count"] == 1
    detail = (await admin.get(f"/executions/{guarded['id']}")).json()
    assert detail["summary"]["errors"][0]["operation"] == "guard"
    assert detail["summary"]["duration_s"] == pytest.approx(detail["duration_seconds"], abs=0.01)
    assert detail["session_name"] == "S"

    source.rename(tmp_path / "moved-away")  # the source folder is gone: the run cannot connect
    unreachable = await run(admin, session["id"])
    assert unreachable["status"] == "failed" and unreachable["error_count"] == 1
    detail = (await admin.get(f"/executions/{unreachable['id']}")).json()
    assert detail["summary"]["errors"][0]["operation"] == "connect"
    assert "source" in detail["error_message"] or str(source) in detail["error_message"]


async def test_files_skipped_counts_unchanged_files_only(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    _source, target, session = await local_pair(admin, tmp_path, files=3, size=10)
    (target / "only-on-the-destination").write_text("kept")
    await run(admin, session["id"])
    again = await run(admin, session["id"])
    assert again["files_skipped"] == 3  # the destination's own file is kept, not skipped
    detail = (await admin.get(f"/executions/{again['id']}")).json()
    assert detail["summary"]["files_kept"] == 1 and detail["summary"]["files_unchanged"] == 3
