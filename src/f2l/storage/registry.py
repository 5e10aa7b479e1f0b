"""The list of backend types: name → options model and backend class, imported on first use."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from f2l.storage.base import Backend


@dataclass(frozen=True)
class BackendType:
    """Where one backend type lives; modules load lazily so `f2l --help` stays fast."""

    name: str
    module: str
    options_class: str
    backend_class: str
    summary: str

    def options_model(self) -> type[BaseModel]:
        model: type[BaseModel] = getattr(importlib.import_module(self.module), self.options_class)
        return model

    def backend_type(self) -> type[Backend]:
        backend: type[Backend] = getattr(importlib.import_module(self.module), self.backend_class)
        return backend


BACKEND_TYPES: Mapping[str, BackendType] = {
    kind.name: kind
    for kind in (
        BackendType("local", "f2l.storage.local", "LocalOptions", "LocalBackend", "A folder on the F2L host."),
        BackendType(
            "s3",
            "f2l.storage.s3",
            "S3Options",
            "S3Backend",
            "A bucket (and prefix) on AWS S3 or an S3-compatible service.",
        ),
        BackendType(
            "sftp", "f2l.storage.sftp", "SFTPOptions", "SFTPBackend", "A folder on an SSH server, over SFTP."
        ),
        BackendType("ftp", "f2l.storage.ftp", "FTPOptions", "FTPBackend", "A folder on an FTP or FTPS server."),
    )
}


def backend_type(name: str) -> BackendType:
    """Look up a backend type by name; raise `ValueError` naming the known ones."""
    try:
        return BACKEND_TYPES[name]
    except KeyError:
        known = ", ".join(sorted(BACKEND_TYPES))
        raise ValueError(f"unknown endpoint type {name!r}; expected one of: {known}") from None


def create_backend(name: str, options: BaseModel | Mapping[str, Any]) -> Backend:
    """Build a backend of type `name` from its options model or a dict of its fields.

    Raises `ValueError` for an unknown type and `pydantic.ValidationError` for bad options.
    """
    kind = backend_type(name)
    model = kind.options_model()
    validated = options if isinstance(options, model) else model.model_validate(options)
    return kind.backend_type()(validated)  # type: ignore[call-arg]
