"""The shapes of an endpoint in requests and responses, and which fields each type needs.

One flat model serves every type (as the dashboard's form is flat); `endpoint_type` says
which fields apply. Secret fields are write-only: accepted on input, answered as
`has_<field>` booleans, and stored only as ciphertext.

Nothing about a type's fields is written here: the tables, the flat request and response
models and each type's JSON Schema (`GET /backends`) are derived from the backends' options
models, whose `ApiField` markers name the API fields (see `endpoint_backends`).
"""

from __future__ import annotations

import copy
import functools
import json
import uuid
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, create_model

from f2l.services.endpoint_backends import EndpointField, endpoint_fields
from f2l.storage.api_options import ApiField
from f2l.storage.registry import backend_type
from f2l.sync.filters import FilterSpec


class EndpointType(StrEnum):
    """The kind of storage an endpoint is: one per backend type."""

    S3 = "s3"
    SFTP = "sftp"
    FTP = "ftp"
    LOCAL = "local"


ConnectionStatus = Literal["unknown", "online", "offline", "error"]

FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    kind.value: tuple(field.name for field in endpoint_fields(kind)) for kind in EndpointType
}
"""The fields that belong to each type; others sent with it are refused."""

REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    kind.value: tuple(field.name for field in endpoint_fields(kind) if field.required) for kind in EndpointType
}
"""The fields an endpoint of each type must have: its options without a default."""

ONE_OF_BY_TYPE: dict[str, tuple[tuple[str, ...], ...]] = {"sftp": (("password", "private_key"),)}
"""Groups of fields of which an endpoint of the type needs at least one (the API's rule: the CLI
may also log in with the SSH agent or the user's default keys)."""

SECRET_FIELDS: tuple[str, ...] = tuple(
    dict.fromkeys(field.name for kind in EndpointType for field in endpoint_fields(kind) if field.secret)
)
"""Fields that are encrypted at rest and never answered."""


def _uses() -> dict[str, list[tuple[str, EndpointField]]]:
    """Each API field name with the types that have it (`host`: sftp and ftp)."""
    uses: dict[str, list[tuple[str, EndpointField]]] = {}
    for kind in EndpointType:
        for field in endpoint_fields(kind):
            uses.setdefault(field.name, []).append((kind.value, field))
    for name, fields in uses.items():
        if len({(field.annotation, field.api.max_length) for _, field in fields}) > 1:
            raise TypeError(f"endpoint field {name!r} has a different type or length in {[k for k, _ in fields]}")
    return uses


def _help(fields: list[tuple[str, EndpointField]]) -> str:
    """The help text of a flat field: each type's, with whether it is required or its default."""
    parts = []
    for kind, field in fields:
        text = (field.info.description or "").rstrip(".")
        if field.required:
            text += " (required)"
        elif field.default not in (None, "") and not field.secret:
            text += f" (default {json.dumps(field.default)})"
        parts.append(f"{kind}: {text}.")
    return " ".join(parts)


def _bounds(fields: list[tuple[str, EndpointField]]) -> dict[str, Any]:
    """The numeric bounds every type puts on a flat field (`port`: 1 to 65535)."""
    found = [
        {
            key: getattr(item, key)
            for item in field.info.metadata
            for key in ("ge", "gt", "le", "lt")
            if getattr(item, key, None) is not None
        }
        for _, field in fields
    ]
    return {key: value for key, value in found[0].items() if all(bounds.get(key) == value for bounds in found)}


def _request_fields() -> dict[str, Any]:
    return {
        name: (
            fields[0][1].annotation | None,
            Field(None, max_length=fields[0][1].api.max_length, description=_help(fields), **_bounds(fields)),
        )
        for name, fields in _uses().items()
    }


def _read_fields() -> dict[str, Any]:
    settings: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    for name, fields in _uses().items():
        if fields[0][1].secret:
            flags[f"has_{name}"] = (bool, Field(False, description=f"Whether a `{name}` is stored (never shown)."))
        else:
            settings[name] = (fields[0][1].annotation | None, Field(None, description=_help(fields)))
    return settings | flags


# Built at import from the options models. A type checker cannot see fields made at run time, so to
# it these bases are plain models (code reads the type fields by name, through `model_fields`).
if TYPE_CHECKING:
    EndpointFields = BaseModel
else:
    EndpointFields = create_model(
        "EndpointFields",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Every type-specific field; all optional here, required per type by the service.",
        **_request_fields(),
    )


class EndpointCreate(EndpointFields):
    """A new endpoint."""

    name: str = Field(min_length=1, max_length=200, description="Unique display name.")
    endpoint_type: EndpointType = Field(description="Which kind of storage.")


class EndpointUpdate(EndpointFields):
    """Changes to an endpoint: only the fields sent change; an omitted secret is kept."""

    name: str | None = Field(None, min_length=1, max_length=200)


class _EndpointHead(BaseModel):
    id: uuid.UUID
    name: str
    endpoint_type: EndpointType


if TYPE_CHECKING:
    _EndpointSettings = _EndpointHead
else:
    _EndpointSettings = create_model("_EndpointSettings", __base__=_EndpointHead, **_read_fields())


class EndpointRead(_EndpointSettings):
    """An endpoint as answered: settings without secrets, plus health."""

    connection_status: ConnectionStatus = "unknown"
    last_health_check: datetime | None = None
    last_error: str | None = None
    last_latency_ms: float | None = None
    created_at: datetime
    updated_at: datetime


class BackendRead(BaseModel):
    """An endpoint type and the JSON Schema of its fields, from which a client renders its form."""

    endpoint_type: EndpointType
    summary: str = Field(description="What an endpoint of this type is.")
    json_schema: dict[str, Any] = Field(
        description="JSON Schema (draft 2020-12) of a new endpoint's fields of this type, under their API "
        "names: each property's `type`, `default`, `description` (help text), `enum` (allowed "
        "values) and bounds; `required` lists the fields the type needs, and `anyOf` groups of "
        "which it needs one. Secret fields carry `writeOnly: true` and `x-secret: true`, and never "
        "a default."
    )


def backend_reads() -> list[BackendRead]:
    """Every endpoint type with the JSON Schema of its fields (`GET /backends`)."""
    return [
        BackendRead(
            endpoint_type=kind, summary=backend_type(kind).summary, json_schema=copy.deepcopy(_schema(kind))
        )
        for kind in EndpointType
    ]


@functools.cache
def _schema(kind: EndpointType) -> dict[str, Any]:
    """The JSON Schema of one type's fields, built from a model of them under their API names."""
    fields = endpoint_fields(kind)
    model = create_model(  # type: ignore[call-overload]
        f"{kind.name.title()}EndpointFields",
        __doc__=backend_type(kind).summary,
        **{field.name: (_typed(field), field.default if not field.required else ...) for field in fields},
    )
    schema: dict[str, Any] = model.model_json_schema()
    for field in fields:
        prop = schema["properties"][field.name]
        prop["description"] = field.info.description or ""
        if field.secret:  # a secret's default is never shown, whatever it may be
            prop.pop("default", None)
            prop.update({"writeOnly": True, "x-secret": True})
    one_of = [{"anyOf": [{"required": [name]} for name in group]} for group in ONE_OF_BY_TYPE.get(kind.value, ())]
    if len(one_of) == 1:
        schema.update(one_of[0])
    elif one_of:
        schema["allOf"] = one_of
    return schema


def _typed(field: EndpointField) -> Any:
    """The field's API type with the option's constraints and the API's length cap."""
    constraints = [item for item in field.info.metadata if not isinstance(item, ApiField)]
    if field.api.max_length is not None:
        constraints.append(Field(max_length=field.api.max_length))
    nullable = type(None) in get_args(field.info.annotation)
    annotation = field.annotation | None if nullable else field.annotation
    return Annotated[annotation, *constraints] if constraints else annotation


class ConnectionTest(BaseModel):
    """The answer of `POST /endpoints/{id}/test`."""

    success: bool
    message: str
    latency_ms: float | None


class PresignRequest(BaseModel):
    """A download link for one object."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(min_length=1, max_length=4096, description="Object path within the endpoint.")
    expires_in: int = Field(3600, ge=1, le=7 * 24 * 3600, description="Seconds the link stays valid (max 7 days).")


class PresignResponse(BaseModel):
    """A presigned GET URL."""

    url: str
    expires_in: int
    expires_at: datetime


class MatchRequest(BaseModel):
    """A folder and the filters to count in it (a session's, before it is saved)."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field("", max_length=4096, description="Folder within the endpoint ('' or '/': its root).")
    filters: FilterSpec = Field(default_factory=FilterSpec, description="The filters, as a run applies them.")


class AnalyzeRequest(BaseModel):
    """What to analyze."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field("", max_length=4096, description="Folder within the endpoint ('' or '/': its root).")
