"""What a newcomer hit (issue 9): offline docs page, messages that say what to do, fields that say their unit.

Run on SQLite only (the fixes touch no SQL a PostgreSQL run would read differently).
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh
import httpx
import pytest
from pydantic import ValidationError
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from f2l.api.realtime import MAX_MESSAGE_CHARS
from f2l.config import sqlite_url
from f2l.storage.errors import AuthenticationFailed, ConnectionFailed, NotFound, PermissionDenied, StorageError
from f2l.storage.ftp import FTPBackend, FTPOptions
from f2l.storage.local import LocalBackend, LocalOptions
from f2l.storage.s3 import S3Backend
from f2l.storage.sftp import SFTPBackend, SFTPOptions
from f2l.sync.filters import parse_size
from tests.api.conftest import Service, wait_for_execution
from tests.api.test_journeys import create, s3_endpoint
from tests.api.test_runs import local_pair
from tests.storage.servers.f2l_serve import f2l_serve
from tests.storage.test_s3 import s3_options


@pytest.fixture
def api_database(tmp_path: Path) -> str:
    """SQLite only, for this module (overrides the conftest's SQLite + PostgreSQL pair)."""
    return sqlite_url(tmp_path / "db" / "f2l.db")


# -- the docs page works offline ------------------------------------------------------------


async def test_docs_page_loads_every_asset_from_the_service(service: Service) -> None:
    async with httpx.AsyncClient(base_url=service.url, timeout=30, trust_env=False) as http:
        page = await http.get("/api/v1/docs")
        assert page.status_code == 200 and "SwaggerUIBundle" in page.text
        assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert assets, page.text
        assert not [url for url in assets if "://" in url or "cdn." in url or url.startswith("//")], assets
        assert "https://" not in page.text and "http://" not in page.text, "no URL leaves the service"

        script = next(url for url in assets if url.endswith(".js"))
        style = next(url for url in assets if url.endswith(".css"))
        js, css = await http.get(script), await http.get(style)
        assert js.status_code == 200 and "javascript" in js.headers["content-type"], js.headers
        assert "SwaggerUIBundle" in js.text and len(js.content) > 100_000
        assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
        assert ".swagger-ui" in css.text
        for url in assets:
            assert (await http.get(url)).status_code == 200, url

        spec = re.search(r"url: '([^']+)'", page.text)
        assert spec and (await http.get(spec.group(1))).json()["info"]["title"] == "F2L"

        redirect = re.search(r"oauth2RedirectUrl: window\.location\.origin \+ '([^']+)'", page.text)
        assert redirect, page.text
        assert redirect.group(1) == "/api/v1/docs/oauth2-redirect"
        answer = await http.get(redirect.group(1))
        assert answer.status_code == 200 and "oauth2" in answer.text.lower()

        assert (await http.get("/api/v1/redoc")).status_code == 404, "ReDoc stays off"
        assert (await http.get("/api/v1/docs/assets/nothing.js")).status_code == 404
        spec_paths = (await http.get("/api/v1/openapi.json")).json()["paths"]
        assert not [path for path in spec_paths if "/docs" in path], "the docs routes are not API operations"


# -- a local path outside F2L_LOCAL_ROOTS -------------------------------------------------


async def test_a_local_endpoint_outside_the_roots_is_told_the_roots_and_the_variable(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    response = await admin.post(
        "/endpoints", json={"name": "out", "endpoint_type": "local", "local_path": str(outside)}
    )
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "local_path"]
    assert "F2L_LOCAL_ROOTS" in problem["msg"]
    assert str(tmp_path) in problem["msg"], problem["msg"]  # the service's one allowed root


# -- session_name on an execution's detail ----------------------------------------------------


async def test_an_execution_read_alone_names_its_session_as_the_list_does(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    _, _, session = await local_pair(admin, tmp_path, files=2, size=10)
    run = (await admin.post(f"/sessions/{session['id']}/start", json={})).json()
    detail = await wait_for_execution(admin, run["execution_id"])
    listed = (await admin.get("/executions", params={"session_id": session["id"]})).json()["data"]
    assert [item["session_name"] for item in listed] == ["S"]
    assert detail["session_name"] == "S"


async def test_a_cancelled_execution_answer_names_its_session(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    _, _, session = await local_pair(admin, tmp_path, files=4, size=64 * 1024, bandwidth_limit="16K")
    run = (await admin.post(f"/sessions/{session['id']}/start", json={})).json()
    cancelled = await admin.post(f"/executions/{run['execution_id']}/cancel")
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["session_name"] == "S"
    await wait_for_execution(admin, run["execution_id"])


# -- browse: content type and the path parameter -------------------------------------------


async def test_s3_browse_guesses_the_content_type_from_the_name_and_metadata_has_the_stored_one(
    admin: httpx.AsyncClient, boto: Any, bucket: str, s3_url: str
) -> None:
    boto.put_object(Bucket=bucket, Key="docs/report.pdf", Body=b"%PDF", ContentType="application/pdf")
    boto.put_object(Bucket=bucket, Key="docs/notes.txt", Body=b"hello")
    boto.put_object(Bucket=bucket, Key="docs/blob", Body=b"?", ContentType="application/x-custom")
    boto.put_object(Bucket=bucket, Key="docs/sub/inner.txt", Body=b"x")
    endpoint = await create(admin, "/endpoints", s3_endpoint(s3_url, bucket))
    base = f"/endpoints/{endpoint['id']}"

    page = (await admin.get(f"{base}/browse", params={"path": "docs"})).json()
    types = {item["name"]: item["content_type"] for item in page["data"]}
    assert types == {"blob": None, "notes.txt": "text/plain", "report.pdf": "application/pdf", "sub": None}
    stored = (await admin.get(f"{base}/metadata", params={"path": "docs/blob"})).json()
    assert stored["content_type"] == "application/x-custom", "the stored type is in metadata"


async def test_a_bad_browse_path_is_reported_at_the_query_parameter(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    (tmp_path / "root").mkdir()
    endpoint = await create(
        admin, "/endpoints", {"name": "L", "endpoint_type": "local", "local_path": str(tmp_path / "root")}
    )
    for route in ("browse", "metadata"):
        response = await admin.get(f"/endpoints/{endpoint['id']}/{route}", params={"path": "a/../../etc"})
        assert response.status_code == 422, response.text
        [problem] = response.json()["detail"]
        assert problem["loc"] == ["query", "path"], problem
        assert "'..'" in problem["msg"]
    fine = await admin.get(f"/endpoints/{endpoint['id']}/browse", params={"path": "/"})
    assert fine.status_code == 200 and fine.json()["data"] == []


# -- SFTP known_hosts and private_key take contents ---------------------------------------------


def _sftp(**fields: Any) -> dict[str, Any]:
    return {
        "name": "ssh",
        "endpoint_type": "sftp",
        "host": "127.0.0.1",
        "port": 2222,
        "username": "bob",
        "password": "pw",
        "remote_path": "/data",
        **fields,
    }


async def test_sftp_fields_given_a_path_say_they_take_the_contents(admin: httpx.AsyncClient) -> None:
    for field, value in (
        ("known_hosts", "/root/.ssh/known_hosts"),
        ("known_hosts", "~/.ssh/known_hosts"),
        ("private_key", "~/.ssh/id_ed25519"),
        ("private_key", "/home/bob/.ssh/id_rsa"),
    ):
        response = await admin.post("/endpoints", json=_sftp(**{field: value}))
        assert response.status_code == 422, response.text
        [problem] = response.json()["detail"]
        assert problem["loc"] == ["body", field]
        assert f"{field} takes the file's contents, not its path" in problem["msg"]
        assert value not in response.text, "the value is not echoed (private_key is a secret)"


def test_sftp_options_refuse_paths_and_take_contents() -> None:
    key = asyncssh.generate_private_key("ssh-ed25519")
    line = "127.0.0.1 " + key.export_public_key().decode()
    base = {"host": "127.0.0.1", "username": "bob", "path": "/data"}
    with pytest.raises(ValidationError, match="known_hosts takes the file's contents, not its path"):
        SFTPOptions(**base, known_hosts="  /etc/ssh/ssh_known_hosts\n")
    with pytest.raises(ValidationError, match="private_key takes the file's contents, not its path"):
        SFTPOptions(**base, private_key="~/.ssh/id_ed25519")
    options = SFTPOptions(**base, known_hosts=line, private_key=key.export_private_key().decode())
    assert options.known_hosts == line and options.private_key is not None
    assert SFTPOptions(**base, known_hosts="").known_hosts == ""  # empty: trust no host
    with pytest.raises(ValidationError, match=r"Invalid known hosts entry: example\.com"):
        SFTPOptions(**base, known_hosts="example.com")  # wrong contents keep asyncssh's error naming the line


# -- bandwidth_limit: bytes per second, or the CLI's sizes ---------------------------------------


async def test_bandwidth_limit_takes_the_cli_forms_and_answers_bytes_per_second(
    admin: httpx.AsyncClient, tmp_path: Path
) -> None:
    _, _, session = await local_pair(admin, tmp_path, bandwidth_limit="10M")
    assert session["bandwidth_limit"] == 10 * 1024 * 1024 == parse_size("10M")
    url = f"/sessions/{session['id']}"
    for sent, stored in (("1.5G", 1536 * 1024 * 1024), (2048, 2048), ("4096", 4096), ("512KiB", 512 * 1024)):
        response = await admin.patch(url, json={"bandwidth_limit": sent})
        assert response.status_code == 200, response.text
        assert response.json()["bandwidth_limit"] == stored
        assert (await admin.get(url)).json()["bandwidth_limit"] == stored
    for bad in ("10X", "fast", "0", 0, -5, 2**63, "100000000P"):  # the last two: more than the database holds
        response = await admin.patch(url, json={"bandwidth_limit": bad})
        assert response.status_code == 422, (bad, response.text)
        assert response.json()["detail"][0]["loc"] == ["body", "bandwidth_limit"]
    refused = (await admin.patch(url, json={"bandwidth_limit": "10X"})).json()["detail"][0]["msg"]
    assert "invalid rate '10X'" in refused and "10M" in refused
    assert (await admin.patch(url, json={"bandwidth_limit": None})).json()["bandwidth_limit"] is None


async def test_the_api_schema_says_bandwidth_limit_takes_an_integer_or_a_string(service: Service) -> None:
    async with httpx.AsyncClient(base_url=service.url, timeout=30, trust_env=False) as http:
        schemas = (await http.get("/api/v1/openapi.json")).json()["components"]["schemas"]
    for name in ("SessionCreate", "SessionUpdate"):
        field = schemas[name]["properties"]["bandwidth_limit"]
        kinds = {option.get("type") for option in field["anyOf"]}
        assert {"integer", "string"} <= kinds, field
        assert "bytes per second" in field["description"].lower() or "bytes/s" in field["description"]


# -- storage error messages ---------------------------------------------------------------------


def _labels(tmp_path: Path) -> dict[str, str]:
    return {
        "local": LocalBackend(LocalOptions(path=str(tmp_path / "x"))).label,
        "s3": S3Backend(s3_options("http://127.0.0.1:1", "bucket", prefix="p")).label,
        "sftp": SFTPBackend(SFTPOptions(host="h", username="u", path="/srv")).label,
        "ftp": FTPBackend(FTPOptions(host="h", username="u", password="p", path="srv")).label,
    }


@pytest.mark.parametrize(
    "kind", [NotFound, PermissionDenied, AuthenticationFailed, ConnectionFailed, StorageError]
)
def test_an_error_at_an_endpoints_root_has_one_colon_for_every_backend(
    kind: type[StorageError], tmp_path: Path
) -> None:
    for label in _labels(tmp_path).values():
        assert str(kind("no such file or directory", endpoint=label, path="")) == (
            f"{label}: no such file or directory"
        )
        assert str(kind("gone", endpoint=label, path=None)) == f"{label}: gone"
        assert str(kind("gone", endpoint=label, path="a/b.txt")) == f"{label}:a/b.txt: gone"
    assert str(kind("gone", path="a")) == "a: gone" and str(kind("gone")) == "gone"


async def test_a_missing_local_folder_reads_cleanly(tmp_path: Path) -> None:
    missing = tmp_path / "x" / "does-not-exist"
    with pytest.raises(NotFound) as error:
        async with LocalBackend(LocalOptions(path=str(missing))):
            pass
    assert str(error.value) == f"local:{missing}: no such file or directory"


# -- f2l serve caps WebSocket messages ------------------------------------------------------------


def test_serve_caps_websocket_messages_near_what_the_app_accepts(monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    import f2l.api.app
    from f2l.cli.serve import WS_MAX_MESSAGE_BYTES, serve_command

    seen: dict[str, Any] = {}
    monkeypatch.setattr(f2l.api.app, "create_app", lambda: "app")
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: seen.update(options))
    serve_command(host="127.0.0.1", port=1, log_level="info")
    assert seen["ws_max_size"] == WS_MAX_MESSAGE_BYTES
    # Every message the app accepts fits (4 UTF-8 bytes a character at most), and far less than 16 MiB.
    assert 4 * MAX_MESSAGE_CHARS <= WS_MAX_MESSAGE_BYTES <= 256 * 1024


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    """`f2l serve` as a user starts it."""
    with f2l_serve(tmp_path) as url:
        yield url


async def test_f2l_serve_closes_a_websocket_whose_message_is_too_big_to_buffer(served: str) -> None:
    ws_url = served.replace("http://", "ws://") + "/api/v1/ws"
    async with connect(ws_url, max_size=None) as socket:
        await socket.send("x" * (128 * 1024))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(socket.recv(), 10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
