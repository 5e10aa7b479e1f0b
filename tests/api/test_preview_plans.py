"""A preview's pages come from one plan: the first page plans, the next ones name its `plan_id`.

The snapshot holds while the session and its endpoints are unchanged; an edit, another session's
id or an unknown id gets a new plan — never another session's operations.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import httpx

from tests.api.test_runs import local_pair


async def preview(client: httpx.AsyncClient, session_id: str, **params: Any) -> dict[str, Any]:
    response = await client.post(f"/sessions/{session_id}/preview", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def test_pages_of_one_plan_stay_one_snapshot(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    source, _, session = await local_pair(admin, tmp_path, files=25, size=10)
    first = await preview(admin, session["id"], page=1, limit=10)
    assert first["pagination"]["total"] == 25 and first["totals"]["files_to_transfer"] == 25
    plan_id = first["plan_id"]

    # A file appears after the first page: the plan's other pages do not change under the reader.
    (source / "late.bin").write_bytes(b"late")
    pages = [await preview(admin, session["id"], page=page, limit=10, plan_id=plan_id) for page in (2, 3)]
    assert {page["plan_id"] for page in pages} == {plan_id}
    assert [page["pagination"]["total"] for page in pages] == [25, 25]
    paths = [item["path"] for page in [first, *pages] for item in page["data"]]
    assert len(paths) == len(set(paths)) == 25 and "late.bin" not in paths
    assert {page["planned_at"] for page in pages} == {first["planned_at"]}

    # Without an id it plans again and sees the new file.
    again = await preview(admin, session["id"], page=1, limit=10)
    assert again["plan_id"] != plan_id and again["pagination"]["total"] == 26


async def test_a_plan_is_not_reused_after_an_edit_or_for_another_session(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    _, _, session = await local_pair(admin, tmp_path / "one", files=3, size=10)
    _, _, other = await local_pair(admin, tmp_path / "two", files=5, size=10, name="Other")
    plan_id = (await preview(admin, session["id"]))["plan_id"]

    # Another session's plan id: that session is planned, not served the first one's operations.
    foreign = await preview(admin, other["id"], plan_id=plan_id)
    assert foreign["plan_id"] != plan_id and foreign["pagination"]["total"] == 5

    # An unknown id: a new plan.
    unknown = await preview(admin, session["id"], plan_id=str(uuid.uuid4()))
    assert unknown["plan_id"] != plan_id and unknown["pagination"]["total"] == 3

    # The session edited (mirror on): the old plan no longer says what a run would do.
    reused = await preview(admin, session["id"], plan_id=plan_id)
    assert reused["plan_id"] == plan_id
    patched = await admin.patch(f"/sessions/{session['id']}", json={"force_overwrite": True})
    assert patched.status_code == 200, patched.text
    edited = await preview(admin, session["id"], plan_id=plan_id)
    assert edited["plan_id"] != plan_id


async def test_a_malformed_plan_id_is_refused_by_name(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    _, _, session = await local_pair(admin, tmp_path, files=1, size=10)
    response = await admin.post(f"/sessions/{session['id']}/preview", params={"plan_id": "not-an-id"})
    assert response.status_code == 422
    assert "plan_id" in response.text
