"""Name searches ignore case for every letter, not only A–Z, on SQLite as on PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.test_journeys import create


async def names(client: httpx.AsyncClient, path: str, search: str) -> list[str]:
    response = await client.get(path, params={"search": search})
    assert response.status_code == 200, response.text
    return sorted(row["name"] for row in response.json()["data"])


async def test_accented_and_umlaut_names_are_found_in_any_case(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    ids = {}
    for name in ("Été photos", "Übersicht", "Plain"):
        folder = tmp_path / name
        folder.mkdir()
        ids[name] = (
            await create(admin, "/endpoints", {"name": name, "endpoint_type": "local", "local_path": str(folder)})
        )["id"]
    await create(
        admin,
        "/sessions",
        {"name": "Été nightly", "source_endpoint_id": ids["Été photos"], "destination_endpoint_id": ids["Plain"]},
    )
    for search in ("été", "ÉTÉ", "Été", "TÉ PH"):
        assert await names(admin, "/endpoints", search) == ["Été photos"], search
    assert await names(admin, "/endpoints", "übersicht") == ["Übersicht"]
    assert await names(admin, "/endpoints", "plain") == ["Plain"]
    assert await names(admin, "/endpoints", "ete") == [], "accents are letters: 'ete' is not 'été'"
    assert await names(admin, "/sessions", "ÉTÉ NIGHT") == ["Été nightly"]
    assert await names(admin, "/sessions", "%") == [], "a wildcard is a literal character"
