"""`GET /backends`: each endpoint type's fields as JSON Schema, read from the backends' options models."""

from __future__ import annotations

import json
import secrets
from typing import Any, get_args

import httpx
from pydantic import SecretStr

from f2l.storage.api_options import api_field
from f2l.storage.registry import BACKEND_TYPES
from tests.api.conftest import sign_in

# Random, so that any 8 characters of one found in the answer can only have come from the secret.
SECRETS = {
    name: secrets.token_hex(16)
    for name in ("s3_secret_key", "ftp_password", "sftp_password", "private_key", "private_key_passphrase")
}
PRIVATE_KEY = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{SECRETS['private_key']}\n-----END OPENSSH PRIVATE KEY-----"


async def _backends(client: httpx.AsyncClient) -> dict[str, dict[str, Any]]:
    response = await client.get("/backends")
    assert response.status_code == 200, response.text
    return {item["endpoint_type"]: item for item in response.json()}


async def test_every_api_option_of_every_backend_appears_under_its_api_name(admin: httpx.AsyncClient) -> None:
    backends = await _backends(admin)
    assert list(backends) == ["s3", "sftp", "ftp", "local"]
    for kind, backend_type in BACKEND_TYPES.items():
        schema = backends[kind]["json_schema"]
        assert backends[kind]["summary"] == backend_type.summary
        expected: dict[str, Any] = {}
        for option, info in backend_type.options_model().model_fields.items():
            api = api_field(info)
            if api is not None:
                expected[api.name] = (option, info)
        assert list(schema["properties"]) == list(expected), kind
        assert sorted(schema.get("required", [])) == sorted(
            name for name, (_, info) in expected.items() if info.is_required()
        )
        for name, (option, info) in expected.items():
            prop = schema["properties"][name]
            assert prop["description"] == info.description, (kind, name)
            secret = SecretStr in (info.annotation, *get_args(info.annotation))
            assert (prop.get("x-secret") is True) is secret, (kind, name)
            if not secret and not info.is_required() and not api_field(info).boolean:  # type: ignore[union-attr]
                assert prop["default"] == info.default, (kind, name, option)


async def test_known_fields_are_described_as_the_api_takes_them(admin: httpx.AsyncClient) -> None:
    backends = await _backends(admin)
    s3, sftp, ftp, local = (backends[kind]["json_schema"] for kind in ("s3", "sftp", "ftp", "local"))
    assert s3["required"] == ["s3_bucket"]
    assert s3["properties"]["s3_bucket"]["type"] == "string"
    assert s3["properties"]["s3_bucket"]["maxLength"] == 255
    assert s3["properties"]["s3_secret_key"]["writeOnly"] is True
    assert s3["properties"]["s3_secret_key"]["x-secret"] is True
    assert s3["properties"]["s3_use_ssl"] == {**s3["properties"]["s3_use_ssl"], "type": "boolean", "default": True}
    assert s3["properties"]["remote_path"]["default"] == ""
    assert "s3_multipart_threshold" not in s3["properties"]  # tuning options are the CLI's
    for schema in (sftp, ftp):
        password = schema["properties"]["password"]
        assert password["x-secret"] is True and password["writeOnly"] is True and "default" not in password
        assert schema["properties"]["port"]["type"] == "integer"
        assert schema["properties"]["port"]["maximum"] == 65535
    assert sftp["required"] == ["host", "username"]
    assert sftp["anyOf"] == [{"required": ["password"]}, {"required": ["private_key"]}]
    assert sftp["properties"]["port"]["default"] == 22
    assert sftp["properties"]["remote_path"]["default"] == "~"
    assert sftp["properties"]["private_key"]["x-secret"] is True
    assert sftp["properties"]["private_key_passphrase"]["x-secret"] is True
    assert sftp["properties"]["host_key_policy"]["enum"] == ["strict", "accept_new"]
    assert sftp["properties"]["host_key_policy"]["default"] == "strict"
    assert ftp["required"] == ["host"]
    assert ftp["properties"]["port"]["default"] == 21
    assert ftp["properties"]["username"]["default"] == "anonymous"
    assert ftp["properties"]["ftp_passive"]["type"] == "boolean"
    assert ftp["properties"]["ftp_passive"]["default"] is True
    assert ftp["properties"]["ftp_tls"]["type"] == "boolean"  # the option's none/explicit, as the API takes it
    assert ftp["properties"]["ftp_tls"]["default"] is False
    assert local["required"] == ["local_path"]
    assert "F2L_LOCAL_ROOTS" in local["properties"]["local_path"]["description"]


async def test_no_secret_value_is_ever_in_it(admin: httpx.AsyncClient) -> None:
    endpoints = [
        {
            "name": "s3",
            "endpoint_type": "s3",
            "s3_bucket": "bucket",
            "s3_access_key": "AKIAEXAMPLE",
            "s3_secret_key": SECRETS["s3_secret_key"],
            "s3_endpoint_url": "http://127.0.0.1:9",
        },
        {"name": "ftp", "endpoint_type": "ftp", "host": "127.0.0.1", "password": SECRETS["ftp_password"]},
        {
            "name": "sftp",
            "endpoint_type": "sftp",
            "host": "127.0.0.1",
            "username": "u",
            "password": SECRETS["sftp_password"],
            "private_key": PRIVATE_KEY,
            "private_key_passphrase": SECRETS["private_key_passphrase"],
        },
    ]
    for endpoint in endpoints:
        created = await admin.post("/endpoints", json=endpoint)
        assert created.status_code == 201, created.text
    text = (await admin.get("/backends")).text
    for secret in SECRETS.values():
        for start in range(len(secret) - 7):
            assert secret[start : start + 8] not in text, secret
    for backend in json.loads(text):
        for prop in backend["json_schema"]["properties"].values():
            if prop.get("x-secret"):
                assert "default" not in prop and "examples" not in prop


async def test_any_signed_in_user_may_read_it_and_no_one_else(admin: httpx.AsyncClient) -> None:
    created = await admin.post("/users", json={"username": "vera", "password": "Pass-word-1", "role": "viewer"})
    assert created.status_code == 201
    async with httpx.AsyncClient(base_url=admin.base_url) as other:
        refused = await other.get("/backends")
        assert refused.status_code == 401
        assert refused.headers.get("www-authenticate") == "Bearer"
        await sign_in(other, "vera", "Pass-word-1")
        assert (await other.get("/backends")).status_code == 200


async def test_the_openapi_spec_documents_it(admin: httpx.AsyncClient) -> None:
    spec = (await admin.get("/openapi.json")).json()
    operation = spec["paths"]["/api/v1/backends"]["get"]
    assert operation["operationId"] == "backends-list"
    answer = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert answer["items"] == {"$ref": "#/components/schemas/BackendRead"}
    properties = spec["components"]["schemas"]["BackendRead"]["properties"]
    assert set(properties) == {"endpoint_type", "summary", "json_schema"}
    assert properties["endpoint_type"] == {"$ref": "#/components/schemas/EndpointType"}
    assert spec["components"]["schemas"]["EndpointType"]["enum"] == ["s3", "sftp", "ftp", "local"]
