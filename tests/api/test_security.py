"""Authentication, roles, tokens and bad input: each refusal has the right status and names the problem."""

from __future__ import annotations

import base64
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from f2l.config import Settings
from f2l.db.models import utc_now
from f2l.security.tokens import issue_token
from tests.api.conftest import ADMIN_PASSWORD, Service, run_service, sign_in, sign_in_first_admin
from tests.api.test_journeys import S3_SECRET, create, s3_endpoint

PUBLIC = {
    ("/auth/status", "get"),
    ("/auth/setup", "post"),
    ("/auth/login", "post"),
    ("/auth/refresh", "post"),
    ("/auth/logout", "post"),
}


async def test_every_route_needs_a_token(service: Service, client: httpx.AsyncClient) -> None:
    schema = (await client.get("/openapi.json")).json()
    checked = 0
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1"):
            continue
        route = path.removeprefix("/api/v1")
        concrete = route.replace("{", "").replace("}", "")  # ids become literal words: auth comes first
        for method in methods:
            if (route, method) in PUBLIC:
                continue
            response = await client.request(method.upper(), concrete)
            assert response.status_code == 401, (method, path, response.status_code, response.text)
            assert response.headers.get("www-authenticate") == "Bearer"
            checked += 1
    assert checked >= 25


async def test_roles_limit_what_each_user_may_do(
    admin: httpx.AsyncClient, service: Service, tmp_path: Path
) -> None:
    for name, role in (("olga", "operator"), ("victor", "viewer")):
        created = await admin.post("/users", json={"username": name, "password": "Pass-word-1", "role": role})
        assert created.status_code == 201 and created.json()["role"] == role
        assert "password" not in json.dumps(created.json())
    async with httpx.AsyncClient(base_url=admin.base_url) as other:
        await sign_in(other, "victor", "Pass-word-1")
        assert (await other.get("/endpoints")).status_code == 200
        refused = await other.post(
            "/endpoints", json={"name": "x", "endpoint_type": "local", "local_path": str(tmp_path)}
        )
        assert refused.status_code == 403 and "operator" in refused.json()["detail"]
        assert (await other.get("/users")).status_code == 403
        await sign_in(other, "olga", "Pass-word-1")
        assert (
            await other.post(
                "/endpoints", json={"name": "x", "endpoint_type": "local", "local_path": str(tmp_path)}
            )
        ).status_code == 201
        assert (await other.get("/users")).status_code == 403
        assert (await other.post("/users", json={"username": "z", "password": "Pass-word-1"})).status_code == 403
    users = (await admin.get("/users")).json()
    assert users["pagination"]["total"] == 3


async def test_tokens_that_must_be_refused(service: Service, admin: httpx.AsyncClient) -> None:
    key: bytes = service.state.secret_key
    me = (await admin.get("/auth/me")).json()
    expired, _ = issue_token(
        key, me["id"], "admin", "access", timedelta(minutes=1), now=utc_now() - timedelta(hours=2)
    )
    refresh, _ = issue_token(key, me["id"], "admin", "refresh", timedelta(days=1))
    forged, _ = issue_token(os.urandom(32), me["id"], "admin", "access", timedelta(hours=1))
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    claims = {"sub": me["id"], "role": "admin", "typ": "access", "jti": "x", "iat": 1, "exp": 4_000_000_000}
    body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    for token in (expired, refresh, forged, f"{header}.{body}.", "garbage", "a.b.c"):
        response = await admin.get("/auth/me", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401, token
    assert (await admin.get("/auth/me")).status_code == 200


async def test_refresh_tokens_rotate_and_a_reused_one_revokes_the_sign_in(client: httpx.AsyncClient) -> None:
    tokens = await sign_in_first_admin(client)
    first = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    replay = await client.post("/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert replay.status_code == 401 and "already used" in replay.json()["detail"]
    # The reuse looked like theft: the rotated token of the same sign-in is revoked too.
    assert (await client.post("/auth/refresh", json={"refresh_token": rotated})).status_code == 401


async def test_login_is_throttled_and_does_not_reveal_users(service_settings: Settings) -> None:
    settings = service_settings.model_copy(update={"login_rate_limit": 3})
    async with run_service(settings) as running, httpx.AsyncClient(base_url=f"{running.url}/api/v1") as client:
        await client.post("/auth/setup", json={"username": "admin", "password": ADMIN_PASSWORD})
        unknown = await client.post("/auth/login", json={"username": "nobody", "password": "x" * 10})
        wrong = await client.post("/auth/login", json={"username": "admin", "password": "x" * 10})
        assert unknown.status_code == wrong.status_code == 401
        assert unknown.json() == wrong.json()
        await client.post("/auth/login", json={"username": "admin", "password": "x" * 10})
        throttled = await client.post("/auth/login", json={"username": "admin", "password": ADMIN_PASSWORD})
        assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
        again = await client.post("/auth/setup", json={"username": "second", "password": ADMIN_PASSWORD})
        assert again.status_code == 409


async def test_write_requests_are_rate_limited(service_settings: Settings, tmp_path: Path) -> None:
    settings = service_settings.model_copy(update={"write_rate_limit": 3})
    async with run_service(settings) as running, httpx.AsyncClient(base_url=f"{running.url}/api/v1") as client:
        await sign_in_first_admin(client)
        statuses = [
            (
                await client.post(
                    "/endpoints", json={"name": f"e{i}", "endpoint_type": "local", "local_path": str(tmp_path)}
                )
            ).status_code
            for i in range(5)
        ]
        assert statuses[:3] == [201, 201, 201] and statuses[3] == 429
        assert (await client.get("/endpoints")).status_code == 200  # reads are not limited


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "s3", "endpoint_type": "s3"}, "s3_bucket"),
        ({"name": "s3", "endpoint_type": "s3", "s3_bucket": "Not_Valid!"}, "s3_bucket"),
        ({"name": "sftp", "endpoint_type": "sftp", "username": "u", "password": "p"}, "host"),
        ({"name": "sftp", "endpoint_type": "sftp", "host": "127.0.0.1", "username": "u"}, "password"),
        ({"name": "ftp", "endpoint_type": "ftp", "host": "127.0.0.1", "port": "twenty-one"}, "port"),
        ({"name": "ftp", "endpoint_type": "ftp", "host": "127.0.0.1", "port": 70000}, "port"),
        ({"name": "local", "endpoint_type": "local"}, "local_path"),
        ({"name": "local", "endpoint_type": "local", "local_path": "/etc"}, "local_path"),
        ({"name": "local", "endpoint_type": "local", "local_path": "relative/dir"}, "local_path"),
        ({"name": "mixed", "endpoint_type": "local", "local_path": "/tmp", "s3_bucket": "b"}, "s3_bucket"),
        (
            {
                "name": "meta",
                "endpoint_type": "s3",
                "s3_bucket": "bucket",
                "s3_endpoint_url": "http://169.254.169.254/latest",
            },
            "s3_endpoint_url",
        ),
        (
            {"name": "meta", "endpoint_type": "sftp", "host": "169.254.169.254", "username": "u", "password": "p"},
            "host",
        ),
        ({"name": "meta", "endpoint_type": "ftp", "host": "2852039166"}, "host"),
        (
            {"name": "scheme", "endpoint_type": "s3", "s3_bucket": "bucket", "s3_endpoint_url": "file:///etc"},
            "s3_endpoint_url",
        ),
        ({"name": "", "endpoint_type": "local", "local_path": "/tmp"}, "name"),
        ({"name": "type", "endpoint_type": "webdav"}, "endpoint_type"),
        ({"name": "extra", "endpoint_type": "ftp", "host": "127.0.0.1", "unknown_field": 1}, "unknown_field"),
    ],
)
async def test_bad_endpoint_input_names_the_field(
    admin: httpx.AsyncClient, body: dict[str, Any], field: str
) -> None:
    response = await admin.post("/endpoints", json=body)
    assert response.status_code == 422, response.text
    fields = [problem["loc"][-1] for problem in response.json()["detail"]]
    assert field in fields, response.json()


async def test_unknown_ids_and_conflicts(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    missing = "00000000-0000-4000-8000-000000000000"
    for path in (f"/endpoints/{missing}", f"/sessions/{missing}", f"/executions/{missing}", f"/users/{missing}"):
        response = await admin.get(path)
        assert response.status_code == 404 and missing in response.json()["detail"]
    assert (await admin.get("/endpoints/not-a-uuid")).status_code == 422
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    a = await create(
        admin, "/endpoints", {"name": "A", "endpoint_type": "local", "local_path": str(tmp_path / "a")}
    )
    b = await create(
        admin, "/endpoints", {"name": "B", "endpoint_type": "local", "local_path": str(tmp_path / "b")}
    )
    duplicate = await admin.post(
        "/endpoints", json={"name": "A", "endpoint_type": "local", "local_path": str(tmp_path / "a")}
    )
    assert duplicate.status_code == 409
    bad_session = await admin.post(
        "/sessions", json={"name": "S", "source_endpoint_id": a["id"], "destination_endpoint_id": missing}
    )
    assert bad_session.status_code == 422 and "destination_endpoint_id" in bad_session.text
    overlapping = await admin.post(
        "/sessions",
        json={
            "name": "S",
            "source_endpoint_id": a["id"],
            "destination_endpoint_id": a["id"],
            "destination_path": "sub",
        },
    )
    assert overlapping.status_code == 422 and "destination_path" in overlapping.text
    no_unit = await admin.post(
        "/sessions",
        json={
            "name": "S",
            "source_endpoint_id": a["id"],
            "destination_endpoint_id": b["id"],
            "schedule_enabled": True,
            "schedule_interval": 5,
        },
    )
    assert no_unit.status_code == 422 and "schedule_unit" in no_unit.text
    bad_cron = await admin.post(
        "/sessions",
        json={
            "name": "S",
            "source_endpoint_id": a["id"],
            "destination_endpoint_id": b["id"],
            "schedule_enabled": True,
            "schedule_cron": "every day",
        },
    )
    assert bad_cron.status_code == 422 and "schedule_cron" in bad_cron.text
    session = await create(
        admin, "/sessions", {"name": "S", "source_endpoint_id": a["id"], "destination_endpoint_id": b["id"]}
    )
    in_use = await admin.delete(f"/endpoints/{a['id']}")
    assert in_use.status_code == 409 and "S" in in_use.json()["detail"]
    no_schedule = await admin.post(f"/sessions/{session['id']}/schedule/pause")
    assert no_schedule.status_code == 409


async def test_browse_never_leaves_the_endpoint_root(admin: httpx.AsyncClient, tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "inside").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("outside the root")
    (root / "escape").symlink_to(tmp_path)
    endpoint = await create(admin, "/endpoints", {"name": "R", "endpoint_type": "local", "local_path": str(root)})
    base = f"/endpoints/{endpoint['id']}"
    for path in ("../", "../secret.txt", "inside/../../secret.txt", "a\x00b"):
        response = await admin.get(f"{base}/browse", params={"path": path})
        assert response.status_code == 422, (path, response.text)
        assert response.json()["detail"][0]["loc"][-1] == "path"
    through_link = await admin.get(f"{base}/browse", params={"path": "escape"})
    assert through_link.status_code in (403, 404, 422) and "secret.txt" not in through_link.text
    listing = (await admin.get(f"{base}/browse")).json()
    assert [item["name"] for item in listing["data"]] == ["inside"]  # the symlink is not offered either
    presign = await admin.post(f"{base}/presign", json={"path": "inside"})
    assert presign.status_code == 422


async def test_an_update_without_secrets_keeps_them(admin: httpx.AsyncClient, s3_url: str, bucket: str) -> None:
    endpoint = await create(admin, "/endpoints", s3_endpoint(s3_url, bucket))
    renamed = await admin.patch(f"/endpoints/{endpoint['id']}", json={"name": "Renamed"})
    assert renamed.status_code == 200 and renamed.json()["has_s3_secret_key"] is True
    assert (await admin.post(f"/endpoints/{endpoint['id']}/test")).json()["success"] is True
    cleared = (await admin.patch(f"/endpoints/{endpoint['id']}", json={"s3_secret_key": None})).json()
    assert cleared["has_s3_secret_key"] is False
    assert S3_SECRET not in renamed.text


async def test_allowed_networks_refuse_hosts_outside_them(service_settings: Settings) -> None:
    settings = service_settings.model_copy(update={"allowed_networks": "127.0.0.0/8, ::1/128"})
    async with run_service(settings) as running, httpx.AsyncClient(base_url=f"{running.url}/api/v1") as client:
        await sign_in_first_admin(client)
        inside = await client.post("/endpoints", json={"name": "in", "endpoint_type": "ftp", "host": "127.0.0.5"})
        assert inside.status_code == 201
        for host in ("10.1.2.3", "192.0.2.10", "::ffff:10.0.0.1"):
            outside = await client.post(
                "/endpoints",
                json={"name": "out", "endpoint_type": "sftp", "host": host, "username": "u", "password": "p"},
            )
            assert outside.status_code == 422 and "F2L_ALLOWED_NETWORKS" in outside.text, host
        aws = await client.post("/endpoints", json={"name": "aws", "endpoint_type": "s3", "s3_bucket": "bucket"})
        assert aws.status_code == 422 and aws.json()["detail"][0]["loc"][-1] == "s3_endpoint_url"


SECRET_SHAPED = "Secret-value-in-a-bad-body-9"


@pytest.mark.parametrize(
    "body",
    [
        # A secret of the wrong type, an unknown field holding one, a password on a body refused
        # for another field, and a login with extra fields: none of them is echoed back.
        {"name": "A", "endpoint_type": "sftp", "host": "h", "username": "u", "password": [SECRET_SHAPED]},
        {"name": "A", "endpoint_type": "sftp", "host": "h", "username": "u", "sftp_password": SECRET_SHAPED},
        {"name": "A", "endpoint_type": "s3", "s3_bucket": "b", "s3_secret_key": {"key": SECRET_SHAPED}},
        {"name": "A", "endpoint_type": "sftp", "host": "h", "port": "x", "password": SECRET_SHAPED},
    ],
)
async def test_a_refused_body_never_echoes_what_was_sent(admin: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await admin.post("/endpoints", json=body)
    assert response.status_code == 422, response.text
    assert SECRET_SHAPED not in response.text
    assert all("loc" in item and "msg" in item for item in response.json()["detail"]), "still names the field"
    login = await admin.post("/auth/login", json={"username": "admin", "password": "x", "token": SECRET_SHAPED})
    assert login.status_code == 422 and SECRET_SHAPED not in login.text
