"""The endpoint field tables derived from the backends' options models, against what was written by hand.

The values below were copied from the hand-written tables (`FIELDS_BY_TYPE`, `REQUIRED_BY_TYPE`,
`SECRET_FIELDS`, the field → option mapping and the `EndpointFields` request schema) before
they were derived from the options models: the API's field names are a contract, so the
derivation must reproduce them exactly.
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from f2l.services.endpoint_backends import backend_options, endpoint_fields, option_names
from f2l.services.endpoint_schemas import (
    FIELDS_BY_TYPE,
    REQUIRED_BY_TYPE,
    SECRET_FIELDS,
    EndpointCreate,
    EndpointRead,
    EndpointType,
    EndpointUpdate,
)
from f2l.services.errors import FieldError
from f2l.storage.registry import BACKEND_TYPES

FIELDS_BEFORE = {
    "s3": {
        "s3_bucket",
        "s3_region",
        "s3_access_key",
        "s3_secret_key",
        "s3_endpoint_url",
        "s3_use_ssl",
        "s3_path_style",
        "s3_verify_ssl",
        "s3_storage_class",
        "remote_path",
    },
    "sftp": {
        "host",
        "port",
        "username",
        "password",
        "private_key",
        "private_key_passphrase",
        "remote_path",
        "host_key_policy",
        "known_hosts",
    },
    "ftp": {"host", "port", "username", "password", "remote_path", "ftp_passive", "ftp_tls", "ftp_verify_tls"},
    "local": {"local_path"},
}
REQUIRED_BEFORE = {"s3": ("s3_bucket",), "sftp": ("host", "username"), "ftp": ("host",), "local": ("local_path",)}
SECRETS_BEFORE = ("s3_secret_key", "password", "private_key", "private_key_passphrase")
OPTION_NAMES_BEFORE = {
    "s3": {
        "s3_bucket": "bucket",
        "s3_region": "region",
        "s3_access_key": "access_key_id",
        "s3_secret_key": "secret_access_key",
        "s3_endpoint_url": "endpoint_url",
        "s3_use_ssl": "use_ssl",
        "s3_path_style": "path_style",
        "s3_verify_ssl": "verify_ssl",
        "s3_storage_class": "storage_class",
        "remote_path": "prefix",
    },
    "sftp": {
        "host": "host",
        "port": "port",
        "username": "username",
        "password": "password",
        "private_key": "private_key",
        "private_key_passphrase": "private_key_passphrase",
        "host_key_policy": "host_key_policy",
        "known_hosts": "known_hosts",
        "remote_path": "path",
    },
    "ftp": {
        "host": "host",
        "port": "port",
        "username": "username",
        "password": "password",
        "ftp_passive": "passive",
        "ftp_tls": "tls",
        "ftp_verify_tls": "verify_tls",
        "remote_path": "path",
    },
    "local": {"local_path": "path"},
}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}], "default": None}


def _text(max_length: int) -> dict[str, Any]:
    return _nullable({"maxLength": max_length, "type": "string"})


def _secret(max_length: int) -> dict[str, Any]:
    return _nullable({"format": "password", "maxLength": max_length, "type": "string", "writeOnly": True})


FLAG = _nullable({"type": "boolean"})
# The type fields of `EndpointCreate` / `EndpointUpdate` as the OpenAPI spec showed them (titles and
# descriptions aside: the help text now comes from the options models).
REQUEST_FIELDS_BEFORE: dict[str, dict[str, Any]] = {
    "s3_bucket": _text(255),
    "s3_region": _text(64),
    "s3_access_key": _text(256),
    "s3_secret_key": _secret(1024),
    "s3_endpoint_url": _text(2048),
    "s3_use_ssl": FLAG,
    "s3_path_style": FLAG,
    "s3_verify_ssl": FLAG,
    "s3_storage_class": _text(40),
    "host": _text(255),
    "port": _nullable({"maximum": 65535, "minimum": 1, "type": "integer"}),
    "username": _text(255),
    "password": _secret(1024),
    "private_key": _secret(65536),
    "private_key_passphrase": _secret(1024),
    "host_key_policy": _nullable({"enum": ["strict", "accept_new"], "type": "string"}),
    "known_hosts": _text(65536),
    "remote_path": _text(4096),
    "ftp_passive": FLAG,
    "ftp_tls": FLAG,
    "ftp_verify_tls": FLAG,
    "local_path": _text(4096),
}
READ_FIELDS_BEFORE = {
    "id",
    "name",
    "endpoint_type",
    "s3_bucket",
    "s3_region",
    "s3_access_key",
    "s3_endpoint_url",
    "s3_use_ssl",
    "s3_path_style",
    "s3_verify_ssl",
    "s3_storage_class",
    "host",
    "port",
    "username",
    "host_key_policy",
    "known_hosts",
    "remote_path",
    "ftp_passive",
    "ftp_tls",
    "ftp_verify_tls",
    "local_path",
    "has_s3_secret_key",
    "has_password",
    "has_private_key",
    "has_private_key_passphrase",
    "connection_status",
    "last_health_check",
    "last_error",
    "last_latency_ms",
    "created_at",
    "updated_at",
}


def _type_fields(model: type[BaseModel], *, skip: set[str]) -> dict[str, dict[str, Any]]:
    properties = model.model_json_schema()["properties"]
    return {
        name: {key: value for key, value in schema.items() if key not in ("title", "description")}
        for name, schema in properties.items()
        if name not in skip
    }


def test_the_tables_are_what_they_were() -> None:
    assert {kind: set(fields) for kind, fields in FIELDS_BY_TYPE.items()} == FIELDS_BEFORE
    assert REQUIRED_BY_TYPE == REQUIRED_BEFORE
    assert SECRET_FIELDS == SECRETS_BEFORE
    assert {kind: option_names(kind) for kind in EndpointType} == OPTION_NAMES_BEFORE


def test_the_request_schemas_are_what_they_were() -> None:
    assert _type_fields(EndpointCreate, skip={"name", "endpoint_type"}) == REQUEST_FIELDS_BEFORE
    assert _type_fields(EndpointUpdate, skip={"name"}) == REQUEST_FIELDS_BEFORE
    assert EndpointCreate.model_json_schema()["required"] == ["name", "endpoint_type"]
    assert EndpointCreate.model_config.get("extra") == "forbid"


def test_the_read_schema_has_the_same_fields_and_never_a_secret() -> None:
    assert set(EndpointRead.model_fields) == READ_FIELDS_BEFORE
    assert not set(SECRET_FIELDS) & set(EndpointRead.model_fields)


def test_endpoint_type_is_a_named_enum_of_every_backend() -> None:
    assert [member.value for member in EndpointType] == ["s3", "sftp", "ftp", "local"]
    assert set(EndpointType) == set(BACKEND_TYPES)
    schema = EndpointCreate.model_json_schema()
    assert schema["properties"]["endpoint_type"]["$ref"] == "#/$defs/EndpointType"
    assert schema["$defs"]["EndpointType"]["enum"] == ["s3", "sftp", "ftp", "local"]


@pytest.mark.parametrize("kind", list(EndpointType))
def test_every_api_field_maps_to_an_option_of_its_model(kind: EndpointType) -> None:
    model = BACKEND_TYPES[kind].options_model()
    for field in endpoint_fields(kind):
        assert field.option in model.model_fields
        assert model.model_fields[field.option].description


def test_ftp_tls_is_a_boolean_for_the_tls_option() -> None:
    base = {"host": "ftp.example.com"}
    assert backend_options("ftp", {**base, "ftp_tls": True}).tls == "explicit"  # type: ignore[attr-defined]
    assert backend_options("ftp", {**base, "ftp_tls": False}).tls == "none"  # type: ignore[attr-defined]
    assert backend_options("ftp", base).tls == "none"  # type: ignore[attr-defined]


def test_option_errors_come_back_under_the_api_name() -> None:
    with pytest.raises(FieldError) as raised:
        backend_options("s3", {"s3_bucket": "Not A Bucket"})
    assert [field for field, _ in raised.value.problems] == ["s3_bucket"]


def test_an_sftp_endpoint_without_remote_path_starts_in_the_login_directory() -> None:
    assert backend_options("sftp", {"host": "h", "username": "u"}).path == "~"  # type: ignore[attr-defined]
    assert backend_options("sftp", {"host": "h", "username": "u"}, "sub").path == "~/sub"  # type: ignore[attr-defined]
