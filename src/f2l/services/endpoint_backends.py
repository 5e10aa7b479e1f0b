"""Turn a stored endpoint (fields + decrypted secrets) into a storage backend's options.

The single place that knows how the API's flat field names map onto each backend's
options model, both ways: options for a backend, and option errors back to field names.
The mapping is read from the options models themselves: an option marked with an
`ApiField` (see `f2l.storage.api_options`) is an endpoint field under that name.
"""

from __future__ import annotations

import functools
import posixpath
import types
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, SecretStr, ValidationError
from pydantic.fields import FieldInfo

from f2l.services.errors import FieldError
from f2l.storage.api_options import ApiField, api_field
from f2l.storage.base import Backend
from f2l.storage.registry import backend_type

ROOT_FIELDS = ("remote_path", "local_path")
"""The endpoint fields that hold an endpoint's root folder (a session's sub-path goes below it)."""


@dataclass(frozen=True)
class EndpointField:
    """One field of an endpoint type in the API, and the backend option it sets."""

    name: str
    """The API's name (`s3_bucket`)."""
    option: str
    """The option's name in the backend's options model (`bucket`)."""
    info: FieldInfo
    """The option's declaration: type, default, help text, constraints."""
    api: ApiField

    @property
    def annotation(self) -> Any:
        """The field's type in the API, `None` left out (every API field may be sent as null)."""
        if self.api.boolean is not None:
            return bool
        return _without_none(self.info.annotation)

    @property
    def required(self) -> bool:
        """Whether an endpoint of this type must have it (the option has no default)."""
        return self.info.is_required()

    @property
    def secret(self) -> bool:
        """Whether the field is a secret: write-only, stored encrypted, never answered."""
        return self.annotation is SecretStr

    @property
    def default(self) -> Any:
        """The option's default as an API value (for a required field: None)."""
        if self.required:
            return None
        default = self.info.get_default(call_default_factory=True)
        if self.api.boolean is not None:
            return self.api.boolean.index(default) == 1
        return default

    def to_option(self, value: Any) -> Any:
        """The option's value for an API value."""
        return self.api.boolean[bool(value)] if self.api.boolean is not None else value


@functools.cache
def endpoint_fields(endpoint_type: str) -> tuple[EndpointField, ...]:
    """The API fields of an endpoint type, in the order of its options model.

    Raises `ValueError` for an unknown type.
    """
    model = backend_type(endpoint_type).options_model()
    fields = []
    for option, info in model.model_fields.items():
        api = api_field(info)
        if api is not None:
            fields.append(EndpointField(api.name, option, info, api))
    return tuple(fields)


def option_names(endpoint_type: str) -> dict[str, str]:
    """Endpoint field → option of the backend type (fields absent here do not reach the backend)."""
    return {field.name: field.option for field in endpoint_fields(endpoint_type)}


def backend_options(endpoint_type: str, values: dict[str, Any], sub_path: str = "") -> BaseModel:
    """The validated options model of a backend rooted at `sub_path` below the endpoint's root.

    Raises `FieldError` naming the endpoint's fields when the values do not make valid options.
    """
    fields = endpoint_fields(endpoint_type)
    options = {
        field.option: field.to_option(values[field.name]) for field in fields if values.get(field.name) is not None
    }
    root = next(field for field in fields if field.name in ROOT_FIELDS)
    options[root.option] = _root(endpoint_type, root, options.get(root.option), sub_path)
    model = backend_type(endpoint_type).options_model()
    try:
        return model.model_validate(options)
    except ValidationError as error:
        names = {field.option: field.name for field in fields}
        raise FieldError(
            [(_field_of(names, problem["loc"]), _message(problem)) for problem in error.errors()]
        ) from None


def create_endpoint_backend(endpoint_type: str, values: dict[str, Any], sub_path: str = "") -> Backend:
    """A (not yet connected) backend for the endpoint, rooted at `sub_path` below its root."""
    options = backend_options(endpoint_type, values, sub_path)
    backend: Backend = backend_type(endpoint_type).backend_type()(options)  # type: ignore[call-arg]
    return backend


def _root(endpoint_type: str, root: EndpointField, value: Any, sub_path: str) -> str:
    """The endpoint's root (its option's default when empty) joined with a session's sub-path.

    The sub-path was already checked to be relative. S3 key prefixes have no slash at either end.
    """
    sub = sub_path.strip("/")
    base = str(value or root.default or "")
    if endpoint_type == "s3":
        base = base.strip("/")
        return posixpath.join(base, sub).strip("/") if sub else base
    return posixpath.join(base, sub) if sub else base


def _without_none(annotation: Any) -> Any:
    """`X` for `X | None`; any other annotation as it is."""
    if get_origin(annotation) in (Union, types.UnionType):
        kept = [arg for arg in get_args(annotation) if arg is not type(None)]
        if len(kept) == 1:
            return kept[0]
    return annotation


def _field_of(names: dict[str, str], location: tuple[int | str, ...]) -> str:
    option = str(location[0]) if location else ""
    return names.get(option, option or "endpoint")


def _message(problem: Any) -> str:
    message = str(problem.get("msg", "invalid value"))
    return message.removeprefix("Value error, ")
