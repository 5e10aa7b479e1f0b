"""`GET /executions/{id}/reconciliation/export`: the differences a run's check found, as files."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import httpx

from tests.api.conftest import wait_for_execution


async def run_with_differences(admin: httpx.AsyncClient, tmp_path: Path) -> str:
    """A real run that ends completed_with_differences: a same-size edit the size compare skips
    (the checksum check finds it) and a file only on the destination (no mirror)."""
    source, target = tmp_path / "source", tmp_path / "target"
    for folder in (source, target):
        folder.mkdir()
    (source / "same-size.txt").write_bytes(b"AAAA")
    (target / "same-size.txt").write_bytes(b"BBBB")
    (source / "new.txt").write_bytes(b"new")
    (target / "only-here.txt").write_bytes(b"extra")
    ids = []
    for name, path in (("source", source), ("target", target)):
        created = await admin.post(
            "/endpoints", json={"name": name, "endpoint_type": "local", "local_path": str(path)}
        )
        assert created.status_code == 201, created.text
        ids.append(created.json()["id"])
    session = await admin.post(
        "/sessions",
        json={
            "name": "differences",
            "source_endpoint_id": ids[0],
            "destination_endpoint_id": ids[1],
            "compare_mode": "size",
            "verify_checksums": True,
        },
    )
    assert session.status_code == 201, session.text
    started = await admin.post(f"/sessions/{session.json()['id']}/start", json={})
    assert started.status_code == 202, started.text
    execution_id: str = started.json()["execution_id"]
    run = await wait_for_execution(admin, execution_id)
    assert run["status"] == "completed_with_differences", run
    return execution_id


async def test_csv_and_json_list_each_difference(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    execution_id = await run_with_differences(admin, tmp_path)
    as_csv = await admin.get(f"/executions/{execution_id}/reconciliation/export", params={"format": "csv"})
    assert as_csv.status_code == 200
    assert as_csv.headers["content-type"].startswith("text/csv")
    assert f'filename="f2l-reconciliation-{execution_id}.csv"' in as_csv.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(as_csv.text)))
    assert {(row["difference"], row["path"]) for row in rows} == {
        ("checksum_mismatch", "same-size.txt"),
        ("extra", "only-here.txt"),
    }

    as_json = await admin.get(f"/executions/{execution_id}/reconciliation/export", params={"format": "json"})
    assert as_json.status_code == 200
    document = as_json.json()
    assert document == (await admin.get(f"/executions/{execution_id}/reconciliation")).json()
    assert document["in_sync"] is False and document["checksum_mismatch"] == ["same-size.txt"]


async def test_refusals(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    execution_id = await run_with_differences(admin, tmp_path)
    unknown = await admin.get("/executions/00000000-0000-4000-8000-000000000000/reconciliation/export")
    assert unknown.status_code == 404
    bad_format = await admin.get(f"/executions/{execution_id}/reconciliation/export", params={"format": "xlsx"})
    assert bad_format.status_code == 422 and "format" in bad_format.text
    admin.headers.pop("Authorization", None)
    admin.cookies.clear()
    anonymous = await admin.get(f"/executions/{execution_id}/reconciliation/export")
    assert anonymous.status_code == 401
