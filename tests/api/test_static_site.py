"""The dashboard at `/`: bundle files, the client-routing fallback, the API's own answers kept."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from f2l.api.app import create_app
from f2l.api.static_site import install_static_site, is_client_route
from f2l.config import Settings

INDEX = "<!doctype html><title>F2L</title><div id=root></div>"


def client_for(tmp_path: Path, bundle: Path) -> TestClient:
    app = create_app(Settings(data_dir=tmp_path / "data"))
    install_static_site(app, bundle)
    return TestClient(app)  # no lifespan: nothing here needs the database


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    folder = tmp_path / "static"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text(INDEX)
    (folder / "assets" / "index-abc123.js").write_text("console.log(1)")
    (folder / "assets" / "index-abc123.js.gz").write_bytes(gzip.compress(b"console.log(1)"))
    (folder / "favicon.svg").write_text("<svg/>")
    return folder


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("", True),
        ("history", True),
        ("sessions/1b2c/edit", True),
        ("api/v1/x", False),
        ("assets/x", False),
        ("health", False),
        ("ready", False),
        ("metrics", False),
        ("favicon.ico", False),
        ("a/b.js", False),
        ("healthy", True),
    ],
)
def test_client_routes(path: str, expected: bool) -> None:
    assert is_client_route(path) is expected


def test_index_and_client_routes_answer_the_bundle(tmp_path: Path, bundle: Path) -> None:
    client = client_for(tmp_path, bundle)
    for path in ("/", "/history", "/sessions/42/edit"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.text == INDEX
        assert response.headers["cache-control"] == "no-cache"
    asset = client.get("/assets/index-abc123.js")  # httpx accepts gzip and decodes it
    assert asset.status_code == 200 and asset.text == "console.log(1)"
    assert asset.headers["content-encoding"] == "gzip"
    assert asset.headers["content-type"].startswith("text/javascript")
    assert "immutable" in asset.headers["cache-control"]
    assert client.get("/favicon.svg").text == "<svg/>"
    plain = client.get("/assets/index-abc123.js", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.text == "console.log(1)"
    assert client.head("/history").status_code == 200


def test_server_paths_keep_their_answers(tmp_path: Path, bundle: Path) -> None:
    client = client_for(tmp_path, bundle)
    assert client.get("/health").json()["status"] == "ok"
    for path in ("/api/v1/nothing-here", "/assets/missing.js", "/favicon.ico", "/metrics/x", "/history/x.map"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json() == {"detail": "Not Found"}, path
    assert client.get("/api/v1/auth/login").status_code == 405  # a known path, another method
    assert client.post("/history").status_code == 404  # only GET and HEAD reach the dashboard
    redirect = client.get("/api/v1/openapi.json/", follow_redirects=False)
    assert redirect.status_code == 307  # the router's trailing-slash redirect still comes first


def test_without_a_bundle_the_root_says_how_to_build_it(tmp_path: Path) -> None:
    client = client_for(tmp_path, tmp_path / "missing")
    for path in ("/", "/overview"):
        response = client.get(path)
        assert response.status_code == 200
        assert "not built" in response.text and "make web" in response.text
    assert client.get("/assets/index.js").status_code == 404
    assert client.get("/api/v1/nothing-here").json() == {"detail": "Not Found"}
