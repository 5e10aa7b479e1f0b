"""The service's user journeys over HTTP, on SQLite and PostgreSQL, against real S3 and FTP servers."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path
from typing import Any

import httpx

from f2l.db.models import SyncSession
from f2l.db.models import utc_now as now
from tests.api.conftest import Service, wait_for_execution
from tests.storage.servers.ftpd import PASSWORD as FTP_PASSWORD
from tests.storage.servers.ftpd import USER as FTP_USER
from tests.storage.servers.ftpd import FTPServerHandle

S3_SECRET = "moto-secret-Never-Shown"


def s3_endpoint(s3_url: str, bucket: str, name: str = "Bucket") -> dict[str, Any]:
    return {
        "name": name,
        "endpoint_type": "s3",
        "s3_bucket": bucket,
        "s3_region": "us-east-1",
        "s3_access_key": "testing",
        "s3_secret_key": S3_SECRET,
        "s3_endpoint_url": s3_url,
        "s3_path_style": True,
    }


def ftp_endpoint(server: FTPServerHandle, name: str = "FTP") -> dict[str, Any]:
    return {
        "name": name,
        "endpoint_type": "ftp",
        "host": "127.0.0.1",
        "port": server.port,
        "username": FTP_USER,
        "password": FTP_PASSWORD,
        "remote_path": "",
    }


async def create(client: httpx.AsyncClient, path: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(path, json=body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def read_sse(
    client: httpx.AsyncClient, execution_id: str, started: asyncio.Event, until: str = "execution_completed"
) -> list[dict[str, Any]]:
    """Collect the SSE events of one execution until `until` arrives."""
    events: list[dict[str, Any]] = []
    async with client.stream("GET", "/events", params={"execution_id": execution_id}, timeout=60) as stream:
        assert stream.status_code == 200
        started.set()
        kind = ""
        async for line in stream.aiter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                events.append({"event": kind, **json.loads(line.split(":", 1)[1])})
                if kind in (until, "execution_error"):
                    break
    return events


async def test_s3_to_ftp_filtered_session_end_to_end(
    service: Service, admin: httpx.AsyncClient, boto: Any, bucket: str, s3_url: str, ftp: FTPServerHandle
) -> None:
    # Data: reports/ and invoices/ folders, some PDFs, some not; only reports/**.pdf must travel.
    objects = {
        "reports/2026/q1.pdf": b"%PDF q1" * 100,
        "reports/2026/notes.txt": b"notes",
        "reports/q2.pdf": b"%PDF q2",
        "invoices/i1.pdf": b"%PDF inv",
        "top.pdf": b"%PDF top",
    }
    for key, body in objects.items():
        boto.put_object(Bucket=bucket, Key=key, Body=body)
    source = await create(admin, "/endpoints", s3_endpoint(s3_url, bucket))
    target = await create(admin, "/endpoints", ftp_endpoint(ftp))
    assert source["has_s3_secret_key"] is True and S3_SECRET not in json.dumps(source)
    assert target["has_password"] is True and FTP_PASSWORD not in json.dumps(target)
    for endpoint in (source, target):
        tested = (await admin.post(f"/endpoints/{endpoint['id']}/test")).json()
        assert tested["success"] is True, tested
        assert tested["latency_ms"] > 0
    listed = (await admin.get("/endpoints", params={"status": "online"})).json()
    assert listed["pagination"]["total"] == 2

    session = await create(
        admin,
        "/sessions",
        {
            "name": "Reports",
            "source_endpoint_id": source["id"],
            "destination_endpoint_id": target["id"],
            "destination_path": "/backup",
            "folder_filter_enabled": True,
            "folder_names": ["reports"],
            "file_pattern_enabled": True,
            "file_patterns": ["*.pdf"],
            "verify_checksums": True,
        },
    )

    preview = (await admin.post(f"/sessions/{session['id']}/preview")).json()
    assert sorted(item["path"] for item in preview["data"]) == ["reports/2026/q1.pdf", "reports/q2.pdf"]
    assert preview["totals"]["files_to_transfer"] == 2
    assert preview["totals"]["bytes_to_transfer"] == len(objects["reports/2026/q1.pdf"]) + 7
    assert not (ftp.root / "backup").exists(), "a preview must change nothing"

    # Follow the run live over SSE: subscribe first, then start.
    started = asyncio.Event()
    execution_id: dict[str, str] = {}
    first = await admin.post(f"/sessions/{session['id']}/start", json={"dry_run": True})
    assert first.status_code == 202
    await wait_for_execution(admin, first.json()["execution_id"])
    assert not (ftp.root / "backup").exists(), "a dry run must change nothing"

    async def start_when_listening() -> None:
        await started.wait()
        response = await admin.post(f"/sessions/{session['id']}/start", json={"dry_run": False})
        assert response.status_code == 202 and response.json()["status"] == "queued"
        execution_id["id"] = response.json()["execution_id"]

    async def listen() -> list[dict[str, Any]]:
        while "id" not in execution_id:  # the SSE filter needs the id: listen to all, filter below
            async with admin.stream("GET", "/events", timeout=60) as stream:
                started.set()
                events: list[dict[str, Any]] = []
                kind = ""
                async for line in stream.aiter_lines():
                    if line.startswith("event:"):
                        kind = line.split(":", 1)[1].strip()
                    elif line.startswith("data:"):
                        events.append({"event": kind, **json.loads(line.split(":", 1)[1])})
                        if kind in ("execution_completed", "execution_error"):
                            return events
        return []

    events, _ = await asyncio.wait_for(asyncio.gather(listen(), start_when_listening()), 60)
    run_id = execution_id["id"]
    completed = [e for e in events if e["event"] == "execution_completed"]
    assert completed and completed[-1]["execution_id"] == run_id
    assert completed[-1]["data"]["status"] == "completed", completed

    execution = await wait_for_execution(admin, run_id)
    assert execution["status"] == "completed" and execution["progress_percentage"] == 100
    assert execution["files_synced"] == 2 and execution["total_files"] == 2
    assert (ftp.root / "backup/reports/2026/q1.pdf").read_bytes() == objects["reports/2026/q1.pdf"]
    assert sorted(p.name for p in (ftp.root / "backup").rglob("*") if p.is_file()) == ["q1.pdf", "q2.pdf"]

    operations = (await admin.get(f"/executions/{run_id}/operations")).json()
    assert sorted(op["path"] for op in operations["data"]) == ["reports/2026/q1.pdf", "reports/q2.pdf"]
    assert all(op["status"] == "done" and op["action"] == "copy" for op in operations["data"])
    reconciliation = (await admin.get(f"/executions/{run_id}/reconciliation")).json()
    assert reconciliation["available"] and reconciliation["in_sync"], reconciliation
    assert reconciliation["matched"] == 2 and sum(reconciliation["counts"].values()) == 0

    history = (await admin.get("/executions", params={"session_id": session["id"]})).json()
    assert history["pagination"]["total"] == 2  # the dry run and the real one
    stats = (await admin.get("/stats")).json()
    assert stats["totals"]["executions"] == 2
    logs = (await admin.get("/logs", params={"execution_id": run_id})).json()
    assert any("completed" in line["message"] for line in logs["data"]), logs

    report = await admin.get(f"/executions/{run_id}/report", params={"format": "csv"})
    assert report.status_code == 200 and report.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(report.text)))
    assert sorted(row["path"] for row in rows) == ["reports/2026/q1.pdf", "reports/q2.pdf"]
    document = (await admin.get(f"/executions/{run_id}/report", params={"format": "json"})).json()
    assert document["execution"]["id"] == run_id and len(document["operations"]) == 2
    assert document["reconciliation"]["in_sync"] is True

    # The secrets never appear in what the API answers or logs.
    for path in ("/endpoints", f"/endpoints/{source['id']}", "/logs", f"/executions/{run_id}/report"):
        body = (await admin.get(path)).text
        assert S3_SECRET not in body and FTP_PASSWORD not in body, path


async def test_bidirectional_schedule_fires_pauses_and_resumes(
    service: Service, admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    left, right = tmp_path / "left", tmp_path / "right"
    left.mkdir()
    right.mkdir()
    (left / "from-left.txt").write_text("left")
    (right / "from-right.txt").write_text("right")
    a = await create(admin, "/endpoints", {"name": "Left", "endpoint_type": "local", "local_path": str(left)})
    b = await create(admin, "/endpoints", {"name": "Right", "endpoint_type": "local", "local_path": str(right)})
    session = await create(
        admin,
        "/sessions",
        {
            "name": "Two-way",
            "source_endpoint_id": a["id"],
            "destination_endpoint_id": b["id"],
            "sync_direction": "bidirectional",
            "schedule_enabled": True,
            "schedule_interval": 1,
            "schedule_unit": "minutes",
        },
    )
    assert session["next_run_at"] is not None and session["schedule_paused"] is False

    # A minute passes (moved forward in the database rather than waited for).
    await _make_due(service, session["id"])
    first = await _wait_for_runs(admin, session["id"], 1)
    assert first[0]["trigger"] == "schedule" and first[0]["status"] == "completed"
    assert (right / "from-left.txt").read_text() == "left" and (left / "from-right.txt").read_text() == "right"

    paused = (await admin.post(f"/sessions/{session['id']}/schedule/pause")).json()
    assert paused["schedule_paused"] is True and paused["next_run_at"] is None
    await _force_due(service, session["id"])  # even a due time in the past must not fire while paused
    await asyncio.sleep(1.0)  # five scheduler ticks
    assert len(await _runs(admin, session["id"])) == 1

    resumed = (await admin.post(f"/sessions/{session['id']}/schedule/resume")).json()
    assert resumed["schedule_paused"] is False and resumed["next_run_at"] is not None
    (left / "later.txt").write_text("later")
    await _make_due(service, session["id"])
    runs = await _wait_for_runs(admin, session["id"], 2)
    assert runs[0]["status"] == "completed" and (right / "later.txt").read_text() == "later"


async def _make_due(service: Service, session_id: str) -> None:
    async with service.state.sessionmaker() as db:
        session = await db.get(SyncSession, __import__("uuid").UUID(session_id))
        session.next_run_at = now()
        await db.commit()


async def _force_due(service: Service, session_id: str) -> None:
    """Put a due time on a paused session (what a buggy scheduler might act on)."""
    async with service.state.sessionmaker() as db:
        session = await db.get(SyncSession, __import__("uuid").UUID(session_id))
        assert session.schedule_paused
        session.next_run_at = now()
        await db.commit()


async def _runs(client: httpx.AsyncClient, session_id: str) -> list[dict[str, Any]]:
    runs: list[dict[str, Any]] = (await client.get("/executions", params={"session_id": session_id})).json()[
        "data"
    ]
    return runs


async def _wait_for_runs(client: httpx.AsyncClient, session_id: str, count: int) -> list[dict[str, Any]]:
    for _ in range(300):
        runs = await _runs(client, session_id)
        if len(runs) >= count and runs[0]["status"] not in ("queued", "running"):
            return runs
        await asyncio.sleep(0.1)
    raise AssertionError(f"expected {count} finished runs, got {await _runs(client, session_id)}")


async def test_browse_metadata_and_presigned_download(
    admin: httpx.AsyncClient, boto: Any, bucket: str, s3_url: str
) -> None:
    for index in range(5):
        boto.put_object(
            Bucket=bucket, Key=f"photos/2026/img{index}.jpg", Body=b"j" * (100 + index), ContentType="image/jpeg"
        )
    boto.put_object(Bucket=bucket, Key="photos/readme.txt", Body=b"hello presign")
    endpoint = await create(admin, "/endpoints", s3_endpoint(s3_url, bucket))
    base = f"/endpoints/{endpoint['id']}"

    top = (await admin.get(f"{base}/browse", params={"path": "/photos"})).json()
    assert [(item["name"], item["is_dir"]) for item in top["data"]] == [("2026", True), ("readme.txt", False)]
    page = (await admin.get(f"{base}/browse", params={"path": "photos/2026", "limit": 2, "page": 2})).json()
    assert [item["name"] for item in page["data"]] == ["img2.jpg", "img3.jpg"]
    assert page["pagination"]["has_more"] is True
    assert page["data"][0]["size"] == 102 and page["data"][0]["etag"]

    folder = (await admin.get(f"{base}/metadata", params={"path": "photos"})).json()
    assert folder["kind"] == "folder" and folder["file_count"] == 6
    assert folder["total_size"] == sum(100 + i for i in range(5)) + len(b"hello presign")
    file = (await admin.get(f"{base}/metadata", params={"path": "photos/2026/img0.jpg"})).json()
    assert file["kind"] == "file" and file["content_type"] == "image/jpeg" and file["size"] == 100

    signed = (await admin.post(f"{base}/presign", json={"path": "photos/readme.txt", "expires_in": 600})).json()
    async with httpx.AsyncClient() as anonymous:  # the URL alone grants the download
        download = await anonymous.get(signed["url"])
    assert download.status_code == 200 and download.content == b"hello presign"
    assert signed["expires_in"] == 600
    audit = (await admin.get("/logs", params={"search": "presigned"})).json()["data"]
    assert len(audit) == 1 and "photos/readme.txt" in audit[0]["message"] and "admin" in audit[0]["message"]
    assert "Signature" not in audit[0]["message"], "the log names the object, never the signed URL"

    analysis = (await admin.post(f"{base}/analyze", json={"path": "photos"})).json()
    assert analysis["object_count"] == 6
