"""Turn a stored endpoint (fields + decrypted secrets) into a storage backend's options.

The single place that knows how the API's flat field names map onto each backend's
options model, both ways: options for a backend, and option errors back to field names.
"""

from __future__ import annotations

import posixpath
from typing import Any

from pydantic import BaseModel, ValidationError

from f2l.services.errors import FieldError
from f2l.storage.base import Backend
from f2l.storage.registry import backend_type

# Endpoint field → option of the backend type (fields absent here do not reach the backend).
_OPTION_NAMES: dict[str, dict[str, str]] = {
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
_FIELD_NAMES = {kind: {option: field for field, option in names.items()} for kind, names in _OPTION_NAMES.items()}


def backend_options(endpoint_type: str, values: dict[str, Any], sub_path: str = "") -> BaseModel:
    """The validated options model of a backend rooted at `sub_path` below the endpoint's root.

    Raises `FieldError` naming the endpoint's fields when the values do not make valid options.
    """
    options: dict[str, Any] = {}
    for field, option in _OPTION_NAMES[endpoint_type].items():
        value = values.get(field)
        if value is not None:
            options[option] = value
    if endpoint_type == "ftp" and "tls" in options:
        options["tls"] = "explicit" if options["tls"] else "none"
    options["prefix" if endpoint_type == "s3" else "path"] = _root(endpoint_type, options, sub_path)
    model = backend_type(endpoint_type).options_model()
    try:
        return model.model_validate(options)
    except ValidationError as error:
        raise FieldError(
            [(_field_of(endpoint_type, problem["loc"]), _message(problem)) for problem in error.errors()]
        ) from None


def create_endpoint_backend(endpoint_type: str, values: dict[str, Any], sub_path: str = "") -> Backend:
    """A (not yet connected) backend for the endpoint, rooted at `sub_path` below its root."""
    options = backend_options(endpoint_type, values, sub_path)
    backend: Backend = backend_type(endpoint_type).backend_type()(options)  # type: ignore[call-arg]
    return backend


def _root(endpoint_type: str, options: dict[str, Any], sub_path: str) -> str:
    """The endpoint's root joined with a session's sub-path (already checked to be relative)."""
    sub = sub_path.strip("/")
    if endpoint_type == "s3":
        base = str(options.get("prefix") or "").strip("/")
        return posixpath.join(base, sub).strip("/") if sub else base
    if endpoint_type == "sftp":
        base = str(options.get("path") or "~")
        return posixpath.join(base, sub) if sub else base
    base = str(options.get("path") or "")
    return posixpath.join(base, sub) if sub else base


def _field_of(endpoint_type: str, location: tuple[int | str, ...]) -> str:
    option = str(location[0]) if location else ""
    return _FIELD_NAMES[endpoint_type].get(option, option or "endpoint")


def _message(problem: Any) -> str:
    message = str(problem.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")
