"""The one error vocabulary of every storage backend.

Backends translate their native exceptions (botocore, asyncssh, aioftp, OSError) at their
boundary into these classes, so the engine, the API and the CLI never see a library's
exception. Each class says whether retrying can help (`retryable`), and every message
names the endpoint and, where there is one, the path.

The classes also inherit the matching built-in exception (`FileNotFoundError`,
`PermissionError`, ...) so plain `except FileNotFoundError` works as a reader expects.
"""

from __future__ import annotations


class StorageError(Exception):
    """Base of every backend error: a message naming endpoint and path, plus `retryable`."""

    retryable: bool = False
    kind: str = "error"

    def __init__(
        self, message: str, *, endpoint: str = "", path: str | None = None, retryable: bool | None = None
    ) -> None:
        self.message = message
        self.endpoint = endpoint
        self.path = path
        if retryable is not None:
            self.retryable = retryable
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.endpoint
        if self.path:  # "" is the endpoint's root, which the endpoint's name already shows
            where = f"{where}:{self.path}" if where else self.path
        return f"{where}: {self.message}" if where else self.message

    def __str__(self) -> str:
        return self._render()

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only __init__ breaks default pickling; errors cross process
        # boundaries (workers), so rebuild them explicitly.
        return (_rebuild, (type(self), self.message, self.endpoint, self.path, self.retryable))


def _rebuild(
    cls: type[StorageError], message: str, endpoint: str, path: str | None, retryable: bool
) -> StorageError:
    return cls(message, endpoint=endpoint, path=path, retryable=retryable)


class NotFound(StorageError, FileNotFoundError):
    """The path (or bucket, or root folder) does not exist."""

    kind = "not_found"


class AlreadyExists(StorageError, FileExistsError):
    """The path exists where the operation needs it not to."""

    kind = "already_exists"


class PermissionDenied(StorageError, PermissionError):
    """The credentials are valid but not allowed this operation on this path."""

    kind = "permission_denied"


class AuthenticationFailed(StorageError):
    """Wrong user, password, key or access key; retrying cannot help."""

    kind = "authentication_failed"


class ConnectionFailed(StorageError, ConnectionError):
    """The server could not be reached or dropped the connection; usually transient."""

    kind = "connection_failed"
    retryable = True


class InvalidPath(StorageError, ValueError):
    """A path that the backend refuses to use (`..`, absolute, control characters...)."""

    kind = "invalid_path"


class NoSpace(StorageError):
    """The destination is full or over quota."""

    kind = "no_space"


class SourceChanged(StorageError):
    """A file changed or failed while it was being read, so its copy would be a mixed version."""

    kind = "source_changed"
    retryable = True
