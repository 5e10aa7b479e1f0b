"""The service's own log: each change made through the API leaves one line naming who made it,
stored (`GET /logs`) and sent live as a `log` event with its stored id; refused requests leave
none; no line carries a secret. Endpoints going offline and coming back are logged too."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from f2l.db.models import Endpoint
from f2l.events import Event
from f2l.services.endpoints import health_change_line
from tests.api.conftest import Service, sign_in
from tests.api.test_journeys import create

SECRET = "Sftp-secret-value-never-logged-7"


async def service_lines(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """Every stored line that belongs to no run, oldest first."""
    rows: list[dict[str, Any]] = (await client.get("/logs", params={"limit": 200})).json()["data"]
    return [row for row in reversed(rows) if row["execution_id"] is None]


async def test_each_change_leaves_one_line_naming_who(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "out").mkdir()
    source = await create(
        admin, "/endpoints", {"name": "In", "endpoint_type": "local", "local_path": str(tmp_path / "in")}
    )
    target = await create(
        admin, "/endpoints", {"name": "Out", "endpoint_type": "local", "local_path": str(tmp_path / "out")}
    )
    session = await create(
        admin,
        "/sessions",
        {"name": "Nightly", "source_endpoint_id": source["id"], "destination_endpoint_id": target["id"]},
    )
    assert (await admin.patch(f"/sessions/{session['id']}", json={"transfers": 8})).status_code == 200
    started = await admin.post(f"/sessions/{session['id']}/start", json={"dry_run": True})
    assert started.status_code == 202, started.text
    user = await create(
        admin, "/users", {"username": "olivia", "password": "Olivia-pass-2026!", "role": "operator"}
    )
    assert (
        await admin.patch(f"/users/{user['id']}", json={"role": "viewer", "is_active": False})
    ).status_code == 200
    assert (await admin.patch("/settings", json={"default_transfers": 6})).status_code == 200
    assert (await admin.delete(f"/users/{user['id']}")).status_code == 204

    lines = await service_lines(admin)
    messages = [line["message"] for line in lines]
    assert messages == [
        "local endpoint 'In' added by 'admin'",
        "local endpoint 'Out' added by 'admin'",
        "session 'Nightly' created by 'admin'",
        "session 'Nightly' changed (transfers) by 'admin'",
        "user 'olivia' created as operator by 'admin'",
        "user 'olivia': role set to viewer, can no longer sign in by 'admin'",
        "settings changed (default_transfers = 6) by 'admin'",
        "user 'olivia' deleted by 'admin'",
    ]
    by_message = {line["message"]: line for line in lines}
    assert by_message["session 'Nightly' created by 'admin'"]["session_id"] == session["id"]

    # The start is a line of the run itself (its log tail shows who started it).
    run_lines = (await admin.get("/logs", params={"execution_id": started.json()["execution_id"]})).json()["data"]
    assert "run requested (dry run) by 'admin'" in [line["message"] for line in run_lines]


async def test_lines_are_sent_live_with_their_stored_id(
    admin: httpx.AsyncClient, service: Service, tmp_path: Path
) -> None:
    bus = service.app.state.f2l.bus
    async with bus.subscribe() as subscription:
        await create(admin, "/endpoints", {"name": "Live", "endpoint_type": "local", "local_path": str(tmp_path)})
        async with asyncio.timeout(10):
            event: Event = await anext(subscription)
    assert event.type == "log" and event.execution_id is None
    assert event.data["message"] == "local endpoint 'Live' added by 'admin'"
    stored = await service_lines(admin)
    assert [line["id"] for line in stored if line["message"] == event.data["message"]] == [event.data["id"]]


async def test_refused_requests_leave_no_line_and_no_line_holds_a_secret(
    admin: httpx.AsyncClient, client: httpx.AsyncClient, service: Service, tmp_path: Path
) -> None:
    endpoint = await create(
        admin,
        "/endpoints",
        {"name": "Vault", "endpoint_type": "local", "local_path": str(tmp_path)},
    )
    before = await service_lines(admin)
    # Refused: a bad body (422), a name taken (409), a viewer (403).
    assert (await admin.post("/endpoints", json={"name": "Bad", "endpoint_type": "local"})).status_code == 422
    taken = {"name": "Vault", "endpoint_type": "local", "local_path": str(tmp_path)}
    assert (await admin.post("/endpoints", json=taken)).status_code == 409
    await create(admin, "/users", {"username": "vic", "password": "Viewer-pass-2026!", "role": "viewer"})
    async with httpx.AsyncClient(base_url=client.base_url, timeout=30) as viewer:
        await sign_in(viewer, "vic", "Viewer-pass-2026!")
        assert (await viewer.delete(f"/endpoints/{endpoint['id']}")).status_code == 403
    after = await service_lines(admin)
    assert [line["message"] for line in after[len(before) :]] == ["user 'vic' created as viewer by 'admin'"]

    # An FTP endpoint's password set and replaced: the lines name the field, never the value.
    ftp = {
        "name": "Remote",
        "endpoint_type": "ftp",
        "host": "127.0.0.1",
        "port": 2121,
        "username": "u",
        "password": SECRET,
    }
    created = await admin.post("/endpoints", json=ftp)
    assert created.status_code == 201, created.text
    changed = await admin.patch(f"/endpoints/{created.json()['id']}", json={"password": SECRET + "2"})
    assert changed.status_code == 200, changed.text
    everything = (await admin.get("/logs", params={"limit": 200})).text
    assert "endpoint 'Remote' changed (password) by 'admin'" in everything
    assert SECRET not in everything


def test_health_checks_log_only_a_change() -> None:
    endpoint = Endpoint(name="Photos", connection_status="offline", last_error="authentication failed")
    assert health_change_line("online", endpoint) == (
        "warning",
        "endpoint 'Photos' is offline: authentication failed",
    )
    assert health_change_line("unknown", endpoint) == (
        "warning",
        "endpoint 'Photos' is offline: authentication failed",
    )
    assert health_change_line("offline", endpoint) is None, "still offline: said once, not every check"
    endpoint.connection_status, endpoint.last_error = "online", None
    assert health_change_line("offline", endpoint) == ("info", "endpoint 'Photos' is back online")
    assert health_change_line("unknown", endpoint) is None, "first seen online: nothing to report"
    assert health_change_line("online", endpoint) is None
