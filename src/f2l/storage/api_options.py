"""`ApiField`: how a backend option is offered among an API endpoint's flat fields.

A backend's options model is the one declaration of its settings: the CLI and endpoint URLs
set options by their own names, and the API, the dashboard's form, `f2l backends` and the
docs are derived from the same model (`f2l.services.endpoint_backends`). An option the API
lets users set carries an `ApiField` in its `Annotated` metadata:

    bucket: Annotated[str, ApiField("s3_bucket", max_length=255)] = Field(description="Bucket name.")

Pydantic keeps metadata it does not know in `FieldInfo.metadata` and ignores it, so the
marker changes nothing in how the model validates (the CLI keeps the option's own name and
limits). Options without one (part sizes, timeouts, pool sizes...) are not API fields.
Secrets are the options typed `SecretStr`.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class ApiField:
    """The option's field in the API's endpoint requests and responses."""

    name: str
    """The flat field name (`s3_bucket`, `remote_path`...): a contract, never renamed."""
    max_length: int | None = None
    """Longest value the API takes (a request-size guard; the CLI does not apply it)."""
    boolean: tuple[str, str] | None = None
    """For an option of two values that the API sets with a boolean: its values for (false, true)."""


def api_field(info: FieldInfo) -> ApiField | None:
    """The option's `ApiField`, or None when the API does not set this option."""
    return next((item for item in info.metadata if isinstance(item, ApiField)), None)
