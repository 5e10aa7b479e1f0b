"""Exception handlers: every refusal becomes a JSON answer with the right status and a safe message."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from f2l.security.crypto import SecretDecryptError
from f2l.services.errors import FieldError, RateLimitedError, ServiceError
from f2l.services.inspect import NotADirectory
from f2l.storage.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NotFound,
    PermissionDenied,
    StorageError,
)

logger = logging.getLogger(__name__)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers on `app`."""
    app.add_exception_handler(ServiceError, _service_error)  # type: ignore[arg-type]
    app.add_exception_handler(StorageError, _storage_error)  # type: ignore[arg-type]
    app.add_exception_handler(NotADirectory, _not_a_directory)  # type: ignore[arg-type]
    app.add_exception_handler(SecretDecryptError, _secret_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]


VALIDATION_KEYS = ("type", "loc", "msg")
"""What a 422 says of each problem. FastAPI's own handler also echoes `input` (the value sent) and
`ctx`: for a password of the wrong type, or a secret under a misspelt field name, that is the
secret itself, sent back in the response (and into any proxy's or client's logs)."""


async def _validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
    """A refused request body or query: each problem's field and reason, never the value sent."""
    detail = [{key: problem[key] for key in VALIDATION_KEYS if key in problem} for problem in error.errors()]
    return JSONResponse({"detail": detail}, status_code=422)


async def _service_error(request: Request, error: ServiceError) -> JSONResponse:
    headers: dict[str, str] = {}
    if isinstance(error, FieldError):
        # The same shape as FastAPI's own 422s, so clients read one format.
        detail: object = [
            {"loc": ["body", field], "msg": message, "type": "value_error"} for field, message in error.problems
        ]
    else:
        detail = error.message
    if isinstance(error, RateLimitedError):
        headers["Retry-After"] = str(error.retry_after)
    if error.status_code == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse({"detail": detail}, status_code=error.status_code, headers=headers)


async def _storage_error(request: Request, error: StorageError) -> JSONResponse:
    """A storage problem while serving a request: the endpoint's fault, said with its message."""
    if isinstance(error, NotFound):
        status = 404
    elif isinstance(error, InvalidPath):
        status = 422
    elif isinstance(error, PermissionDenied | AuthenticationFailed):
        status = 403 if isinstance(error, PermissionDenied) else 502
    elif isinstance(error, ConnectionFailed):
        status = 502
    else:
        status = 502
    return JSONResponse({"detail": str(error)}, status_code=status)


async def _not_a_directory(request: Request, error: NotADirectory) -> JSONResponse:
    return JSONResponse({"detail": str(error)}, status_code=422)


async def _secret_error(request: Request, error: SecretDecryptError) -> JSONResponse:
    logger.error("stored secrets cannot be decrypted: was F2L_ENCRYPTION_KEY changed?")
    return JSONResponse(
        {
            "detail": "the endpoint's stored secrets cannot be decrypted with the current "
            "encryption key; enter them again"
        },
        status_code=409,
    )
