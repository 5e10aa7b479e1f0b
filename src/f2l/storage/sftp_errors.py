"""Translation of asyncssh and socket exceptions into the storage error vocabulary."""

from __future__ import annotations

import asyncssh

from f2l.storage.errors import (
    AlreadyExists,
    AuthenticationFailed,
    ConnectionFailed,
    InvalidPath,
    NoSpace,
    NotFound,
    PermissionDenied,
    StorageError,
)

_FILE_ERRORS: tuple[tuple[tuple[type[Exception], ...], type[StorageError], str], ...] = (
    ((asyncssh.SFTPNoSuchFile, asyncssh.SFTPNoSuchPath), NotFound, "no such file or directory"),
    ((asyncssh.SFTPPermissionDenied, asyncssh.SFTPWriteProtect), PermissionDenied, "permission denied"),
    ((asyncssh.SFTPFileAlreadyExists,), AlreadyExists, "already exists"),
    ((asyncssh.SFTPNoSpaceOnFilesystem, asyncssh.SFTPQuotaExceeded), NoSpace, "no space left or over quota"),
    ((asyncssh.SFTPInvalidFilename,), InvalidPath, "name refused by the server"),
)

_LOST = (asyncssh.SFTPConnectionLost, asyncssh.SFTPNoConnection, asyncssh.ConnectionLost)


def map_sftp_error(error: BaseException, endpoint: str, path: str | None) -> StorageError:
    """Translate an asyncssh or socket exception into the storage error vocabulary.

    Messages carry the server's reason text, never a password or key.
    """
    if isinstance(error, StorageError):
        return error
    reason = str(getattr(error, "reason", "") or error) or type(error).__name__
    for kinds, cls, message in _FILE_ERRORS:
        if isinstance(error, kinds):
            return cls(f"{message} ({reason})", endpoint=endpoint, path=path)
    if isinstance(error, asyncssh.PermissionDenied):
        return AuthenticationFailed(
            "authentication failed: the server refused the user name, password or key", endpoint=endpoint
        )
    if isinstance(error, asyncssh.HostKeyNotVerifiable):
        return AuthenticationFailed(f"host key verification failed ({reason})", endpoint=endpoint)
    if isinstance(error, _LOST):
        return ConnectionFailed(f"connection lost ({reason})", endpoint=endpoint, path=path)
    if isinstance(error, asyncssh.ChannelOpenError):
        return ConnectionFailed(f"the server refused an SFTP session ({reason})", endpoint=endpoint)
    if isinstance(error, asyncssh.DisconnectError):
        # Key exchange or protocol mismatch: the same server will refuse the same way again.
        return ConnectionFailed(f"SSH connection failed ({reason})", endpoint=endpoint, retryable=False)
    if isinstance(error, TimeoutError):
        return ConnectionFailed("timed out waiting for the server", endpoint=endpoint, path=path)
    if isinstance(error, OSError):
        return ConnectionFailed(f"cannot reach the server ({error.strerror or reason})", endpoint=endpoint)
    return StorageError(reason, endpoint=endpoint, path=path)
