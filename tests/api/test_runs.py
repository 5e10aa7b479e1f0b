"""Runs through the API: one active run per session, cancel, failures, mirror previews, auto-start."""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import httpx

from f2l.config import Settings
from f2l.storage.base import TEMP_PREFIX
from tests.api.conftest import Service, run_service, sign_in_first_admin, wait_for_execution
from tests.api.test_journeys import create


async def local_pair(
    client: httpx.AsyncClient, tmp_path: Path, files: int = 0, size: int = 0, **session: object
) -> tuple[Path, Path, dict[str, object]]:
    source, target = tmp_path / "source", tmp_path / "target"
    source.mkdir(parents=True, exist_ok=True)
    target.mkdir(exist_ok=True)
    for index in range(files):
        (source / f"f{index:03d}.bin").write_bytes(os.urandom(size))
    a = await create(
        client, "/endpoints", {"name": f"src {source}", "endpoint_type": "local", "local_path": str(source)}
    )
    b = await create(
        client, "/endpoints", {"name": f"dst {target}", "endpoint_type": "local", "local_path": str(target)}
    )
    created = await create(
        client,
        "/sessions",
        {"name": "S", "source_endpoint_id": a["id"], "destination_endpoint_id": b["id"], **session},
    )
    return source, target, created


async def test_one_active_run_per_session_and_cancel_stops_promptly(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    _, target, session = await local_pair(
        admin, tmp_path, files=20, size=512 * 1024, transfers=2, bandwidth_limit=1024 * 1024
    )  # ~10 s if left alone
    started = await admin.post(f"/sessions/{session['id']}/start", json={})
    execution_id = started.json()["execution_id"]
    twice = await asyncio.gather(*[admin.post(f"/sessions/{session['id']}/start", json={}) for _ in range(5)])
    assert {response.status_code for response in twice} == {409}, [r.text for r in twice]
    for _ in range(100):
        running = (await admin.get(f"/executions/{execution_id}")).json()
        if running["status"] == "running" and running["bytes_transferred"] > 0:
            break
        await asyncio.sleep(0.1)
    asked = time.monotonic()
    cancelled = await admin.post(f"/executions/{execution_id}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["cancel_requested"] is True, "anyone opening the run sees it is stopping"
    final = await wait_for_execution(admin, execution_id, within=15)
    assert final["status"] == "cancelled", final
    assert time.monotonic() - asked < 5, "a cancelled run stops within seconds"
    assert not [p for p in target.rglob("*") if p.name.startswith(TEMP_PREFIX)], "no partial file is left"
    assert (await admin.post(f"/executions/{execution_id}/cancel")).status_code == 409
    again = await admin.post(f"/sessions/{session['id']}/start", json={})
    assert again.status_code == 202, "the session can run again once the cancelled run ended"


async def test_a_run_that_cannot_reach_its_source_fails_with_the_reason(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    source, _, session = await local_pair(admin, tmp_path)
    source.rmdir()  # the folder disappears after the endpoint was created
    run = (await admin.post(f"/sessions/{session['id']}/start", json={})).json()
    final = await wait_for_execution(admin, run["execution_id"])
    assert (final["status"] == "failed" and "source" in final["error_message"].lower()) or "not" in final[
        "error_message"
    ], final
    errors = (await admin.get("/logs", params={"execution_id": run["execution_id"], "level": "error"})).json()
    assert errors["pagination"]["total"] >= 1


async def test_mirror_preview_lists_deletions_and_the_guard(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    source, target, session = await local_pair(
        admin, tmp_path, files=3, size=10, delete_extraneous=True, max_delete=1
    )
    for name in ("old1", "old2"):
        (target / name).write_text("stale")
    preview = (await admin.post(f"/sessions/{session['id']}/preview")).json()
    assert preview["totals"]["files_to_delete"] == 2 and preview["totals"]["files_to_transfer"] == 3
    assert preview["status"] == "would_fail" and "limit" in preview["message"]
    run = (await admin.post(f"/sessions/{session['id']}/start", json={})).json()
    final = await wait_for_execution(admin, run["execution_id"])
    assert final["status"] == "failed" and "nothing was changed" in final["error_message"]
    assert (target / "old1").exists() and not (target / "f000.bin").exists()
    assert source.exists()


async def test_auto_start_sessions_run_when_the_service_starts(service_settings: Settings, tmp_path: Path) -> None:
    async with (
        run_service(service_settings) as running,
        httpx.AsyncClient(base_url=f"{running.url}/api/v1") as client,
    ):
        await sign_in_first_admin(client)
        _, target, _ = await local_pair(client, tmp_path, files=2, size=10, auto_start_enabled=True)
    assert not (target / "f000.bin").exists()
    async with (
        run_service(service_settings) as running,
        httpx.AsyncClient(base_url=f"{running.url}/api/v1") as client,
    ):
        tokens = (
            await client.post("/auth/login", json={"username": "admin", "password": "Admin-pass-2026!"})
        ).json()
        client.headers["Authorization"] = f"Bearer {tokens['access_token']}"
        runs = (await client.get("/executions")).json()["data"]
        assert len(runs) == 1 and runs[0]["trigger"] == "startup"
        await wait_for_execution(client, runs[0]["id"])
    assert (target / "f000.bin").exists()


async def test_execution_filters_and_sorting(service: Service, admin: httpx.AsyncClient, tmp_path: Path) -> None:
    _, _, session = await local_pair(admin, tmp_path, files=1, size=10)
    ids = []
    for dry_run in (True, False, False):
        run = (await admin.post(f"/sessions/{session['id']}/start", json={"dry_run": dry_run})).json()
        ids.append(run["execution_id"])
        await wait_for_execution(admin, run["execution_id"])
    newest_first = [e["id"] for e in (await admin.get("/executions")).json()["data"]]
    assert newest_first == ids[::-1]
    oldest_first = [
        e["id"] for e in (await admin.get("/executions", params={"sort": "created_at"})).json()["data"]
    ]
    assert oldest_first == ids
    completed = (await admin.get("/executions", params={"status": "completed"})).json()
    assert completed["pagination"]["total"] == 3
    assert (await admin.get("/executions", params={"status": "exploded"})).status_code == 422
    assert (await admin.get("/executions", params={"limit": 501})).status_code == 422
    paged = (await admin.get("/executions", params={"limit": 2, "page": 2})).json()
    assert [e["id"] for e in paged["data"]] == [ids[0]] and paged["pagination"]["total"] == 3
    copies = (await admin.get(f"/executions/{ids[1]}/operations", params={"action": "copy"})).json()
    assert copies["pagination"]["total"] == 1
    none = (await admin.get(f"/executions/{ids[2]}/operations")).json()
    assert none["pagination"]["total"] == 0  # the second real run had nothing to do
    dry = (await admin.get(f"/executions/{ids[0]}/reconciliation")).json()
    assert dry["available"] is False and "dry" in dry["message"]


async def test_settings_take_effect_at_once(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    changed = await admin.patch("/settings", json={"max_concurrent_executions": 1, "default_transfers": 1})
    assert changed.status_code == 200 and changed.json()["max_concurrent_executions"] == 1
    sessions = []
    for name in ("one", "two"):
        folder = tmp_path / name
        _, _, session = await local_pair(admin, folder, files=10, size=512 * 1024, bandwidth_limit=1024 * 1024)
        sessions.append(session)
    runs = [(await admin.post(f"/sessions/{s['id']}/start", json={})).json()["execution_id"] for s in sessions]
    await asyncio.sleep(0.5)
    states = [(await admin.get(f"/executions/{run}")).json()["status"] for run in runs]
    assert sorted(states) == ["queued", "running"], "one run at a time once the limit is 1"
    for run in runs:
        assert (await wait_for_execution(admin, run, within=30))["status"] == "completed"
