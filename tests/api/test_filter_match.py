"""`POST /endpoints/{id}/match`: the session wizard's live count equals what a run would take."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from f2l.services import inspect
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.sync.filters import FileFilter, FilterSpec
from tests.api.conftest import sign_in

VIEWER = {"username": "vic", "password": "Viewer-pass-2026!", "role": "viewer"}


def make_tree(root: Path) -> None:
    """Folders a, b, c (b also nested under x) with csv/json/txt files of known sizes."""
    for folder in ("a", "b", "c", "x/b", "x/y"):
        for index, ext in enumerate(("csv", "json", "txt")):
            path = root / folder / f"f{index}.{ext}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"z" * (100 * (index + 1)))
    (root / "top.csv").write_bytes(b"t" * 7)


async def endpoint(admin: httpx.AsyncClient, root: Path) -> str:
    response = await admin.post(
        "/endpoints", json={"name": "tree", "endpoint_type": "local", "local_path": str(root)}
    )
    assert response.status_code == 201, response.text
    endpoint_id: str = response.json()["id"]
    return endpoint_id


async def match(
    admin: httpx.AsyncClient, endpoint_id: str, filters: dict[str, Any], path: str = ""
) -> httpx.Response:
    return await admin.post(f"/endpoints/{endpoint_id}/match", json={"path": path, "filters": filters})


async def test_counts_folders_by_exact_name_and_patterns_like_a_run(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    make_tree(source)
    target.mkdir()
    source_id = await endpoint(admin, source)
    filters = {"folders": ["a", "b"], "folder_match": "exact", "include": ["*.csv", "*.json"]}
    response = await match(admin, source_id, filters)
    assert response.status_code == 200, response.text
    found = response.json()
    # a/ and b/ and x/b/ (a folder named b at any depth), csv + json each: 3 folders x 2 files.
    assert found["matched_files"] == 6
    assert found["matched_bytes"] == 3 * (100 + 200)
    assert found["scanned_files"] == 16
    assert found["complete"] is True
    assert sorted(found["sample"]) == sorted(
        ["a/f0.csv", "a/f1.json", "b/f0.csv", "b/f1.json", "x/b/f0.csv", "x/b/f1.json"]
    )

    # The same filters on a session: its preview plans exactly those files.
    target_response = await admin.post(
        "/endpoints", json={"name": "target", "endpoint_type": "local", "local_path": str(target)}
    )
    session = await admin.post(
        "/sessions",
        json={
            "name": "filtered",
            "source_endpoint_id": source_id,
            "destination_endpoint_id": target_response.json()["id"],
            "folder_filter_enabled": True,
            "folder_names": ["a", "b"],
            "folder_match_mode": "exact",
            "file_pattern_enabled": True,
            "file_patterns": ["*.csv", "*.json"],
        },
    )
    assert session.status_code == 201, session.text
    preview = await admin.post(f"/sessions/{session.json()['id']}/preview")
    assert preview.status_code == 200, preview.text
    assert preview.json()["totals"]["files_to_transfer"] == found["matched_files"]
    assert preview.json()["totals"]["bytes_to_transfer"] == found["matched_bytes"]


async def test_paths_match_relative_to_the_chosen_folder(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    make_tree(tmp_path / "tree")
    endpoint_id = await endpoint(admin, tmp_path / "tree")
    # Inside x/, "b" is a top-level folder and excludes prune whole folders.
    found = (await match(admin, endpoint_id, {"exclude": ["b/"]}, path="x")).json()
    assert found["matched_files"] == 3 and all(path.startswith("y/") for path in found["sample"])
    everything = (await match(admin, endpoint_id, {}, path="/")).json()
    assert everything["matched_files"] == everything["scanned_files"] == 16


async def test_refusals_name_the_field(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    make_tree(tmp_path / "tree")
    endpoint_id = await endpoint(admin, tmp_path / "tree")
    bad_pattern = await match(admin, endpoint_id, {"include": ["[z-a]"]})
    assert bad_pattern.status_code == 422
    assert bad_pattern.json()["detail"][0]["loc"][-2:] == ["filters", "include"]
    unknown = await match(admin, endpoint_id, {"folder": ["a"]})
    assert unknown.status_code == 422 and "folder" in unknown.text
    outside = await match(admin, endpoint_id, {}, path="../etc")
    assert outside.status_code == 422 and "path" in outside.text
    missing = await match(admin, endpoint_id, {}, path="nope")
    assert missing.status_code == 404
    a_file = await match(admin, endpoint_id, {}, path="top.csv")
    assert 400 <= a_file.status_code < 500
    huge = await match(admin, endpoint_id, {"min_size": 2**70})
    assert huge.status_code in (200, 422), huge.text  # never a 500


async def test_a_viewer_cannot_walk_endpoints(
    admin: httpx.AsyncClient, client: httpx.AsyncClient, tmp_path: Path
) -> None:
    make_tree(tmp_path / "tree")
    endpoint_id = await endpoint(admin, tmp_path / "tree")
    assert (await admin.post("/users", json=VIEWER)).status_code == 201
    async with httpx.AsyncClient(base_url=str(client.base_url)) as viewer:
        await sign_in(viewer, VIEWER["username"], VIEWER["password"])
        refused = await match(viewer, endpoint_id, {})
    assert refused.status_code == 403


@pytest.mark.parametrize(("max_files", "seconds"), [(5, 60.0), (10_000, 0.0)])
async def test_a_walk_cut_short_says_so(tmp_path: Path, max_files: int, seconds: float) -> None:
    make_tree(tmp_path)
    backend = LocalBackend(LocalOptions(path=str(tmp_path)))
    found = await inspect.match(backend, "", FileFilter(FilterSpec()), max_files=max_files, seconds=seconds)
    assert found.complete is False
    assert found.scanned_files < 16
