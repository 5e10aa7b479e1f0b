"""Translation of botocore/aiohttp exceptions into the storage error vocabulary (s3fs's habit)."""

from __future__ import annotations

import asyncio

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ReadTimeoutError,
)

from f2l.storage.errors import (
    AuthenticationFailed,
    ConnectionFailed,
    NoSpace,
    NotFound,
    PermissionDenied,
    StorageError,
)

_AUTH_CODES = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "ExpiredToken",
    "InvalidToken",
    "TokenRefreshRequired",
    "AuthorizationHeaderMalformed",
    "InvalidClientTokenId",
}
_NOT_FOUND_CODES = {"NoSuchKey", "404", "NotFound", "NoSuchUpload"}
_RETRYABLE_CODES = {
    "SlowDown",
    "InternalError",
    "RequestTimeout",
    "ServiceUnavailable",
    "500",
    "502",
    "503",
    "504",
    "RequestTimeTooSkewed",
    "Throttling",
    "ThrottlingException",
}


class UploadStalled(ReadTimeoutError):  # type: ignore[misc]
    """No byte of a request body moved for the read timeout: the server stopped reading it.

    A botocore read timeout, so botocore's retries and `map_s3_error` treat it as one.
    """

    fmt = "the upload stalled, no bytes accepted for {seconds:g} s ({method} {endpoint_url})"


def map_s3_error(error: BaseException, endpoint: str, path: str | None) -> StorageError:
    """Translate one S3 SDK exception; messages keep the server's words, never credentials."""
    if isinstance(error, StorageError):
        return error
    if isinstance(error, ClientError):
        return _map_client_error(error, endpoint, path)
    if isinstance(error, NoCredentialsError | PartialCredentialsError):
        return AuthenticationFailed(
            "no usable AWS credentials: set an access key or configure the default credential chain",
            endpoint=endpoint,
            path=path,
        )
    if isinstance(error, EndpointConnectionError | ConnectTimeoutError):
        return ConnectionFailed(
            f"cannot reach the S3 endpoint ({_first_line(error)})", endpoint=endpoint, path=path
        )
    if isinstance(error, ReadTimeoutError | asyncio.TimeoutError):
        return ConnectionFailed(f"timed out: {_first_line(error)}", endpoint=endpoint, path=path)
    if isinstance(error, ConnectionClosedError | OSError):
        return ConnectionFailed(f"connection to S3 failed ({_first_line(error)})", endpoint=endpoint, path=path)
    if isinstance(error, BotoCoreError):
        return StorageError(_first_line(error), endpoint=endpoint, path=path)
    if type(error).__module__.startswith("aiohttp"):
        return ConnectionFailed(
            f"connection to S3 failed ({type(error).__name__}: {_first_line(error)})", endpoint=endpoint, path=path
        )
    return StorageError(f"{type(error).__name__}: {_first_line(error)}", endpoint=endpoint, path=path)


def _map_client_error(error: ClientError, endpoint: str, path: str | None) -> StorageError:
    details = error.response.get("Error", {})
    code = str(details.get("Code", ""))
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    message = str(details.get("Message") or code or "request failed")
    if code == "NoSuchBucket":
        return NotFound("the bucket does not exist", endpoint=endpoint, path=path)
    if code in _NOT_FOUND_CODES or status == 404:
        return NotFound("no such object", endpoint=endpoint, path=path)
    if code in _AUTH_CODES:
        return AuthenticationFailed(f"authentication failed: {code} ({message})", endpoint=endpoint, path=path)
    if code in ("AccessDenied", "AllAccessDisabled", "403") or status == 403:
        return PermissionDenied(f"access denied ({message})", endpoint=endpoint, path=path)
    if code in ("QuotaExceeded", "EntityTooLarge"):
        return NoSpace(f"{code}: {message}", endpoint=endpoint, path=path)
    retryable = code in _RETRYABLE_CODES or (isinstance(status, int) and status >= 500)
    return StorageError(f"{code or status}: {message}", endpoint=endpoint, path=path, retryable=retryable)


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0]
