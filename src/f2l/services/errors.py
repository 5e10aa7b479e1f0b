"""The errors use cases raise; the API maps each to one HTTP status, the CLI to one message."""

from __future__ import annotations

from collections.abc import Sequence


class ServiceError(Exception):
    """A request the service refuses; `message` is safe to show (it never holds a secret)."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFoundError(ServiceError):
    """No such resource (or one the caller may not see)."""

    status_code = 404


class ConflictError(ServiceError):
    """The request clashes with the current state (a name taken, an endpoint in use, a run active)."""

    status_code = 409


class PermissionDeniedError(ServiceError):
    """The caller is known but lacks the role for this."""

    status_code = 403


class AuthenticationError(ServiceError):
    """No valid credentials."""

    status_code = 401


class RateLimitedError(ServiceError):
    """Too many requests from this client; retry after `retry_after` seconds."""

    status_code = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class FieldError(ServiceError):
    """Input that fails validation; each problem names its field (answered as 422)."""

    status_code = 422

    def __init__(self, problems: Sequence[tuple[str, str]]) -> None:
        super().__init__("; ".join(f"{field}: {message}" for field, message in problems))
        self.problems = list(problems)

    @classmethod
    def one(cls, field: str, message: str) -> FieldError:
        """A validation error of a single field."""
        return cls([(field, message)])
