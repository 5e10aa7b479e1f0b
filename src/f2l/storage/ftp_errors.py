"""Translation of aioftp, network and TLS exceptions into the storage error vocabulary.

FTP reports failures as three-digit replies, and 550 alone covers everything from "no such
file" to "permission denied", so the server's wording is read to tell them apart; where
it says nothing useful, 550 keeps RFC 959's meaning, "file unavailable" (`NotFound`).
Messages quote the server's reply but never the password.
"""

from __future__ import annotations

import socket
import ssl
from collections.abc import Callable
from types import TracebackType

import aioftp

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

TRANSLATED = (aioftp.AIOFTPException, OSError, EOFError, ValueError, IndexError)
"""What aioftp, sockets and TLS raise (ValueError/IndexError: replies it cannot parse)."""


class SourceFailed(Exception):
    """Carries an exception of the caller's byte stream past the FTP error translation."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class ErrorTranslator:
    """Context manager re-raising aioftp, network and TLS exceptions as storage errors.

    `StorageError`s and anything else (a caller's stream failing, cancellation) pass
    unchanged.
    """

    def __init__(self, endpoint: str, path: str | None, secret: str = "") -> None:
        self.endpoint, self.path, self.secret = endpoint, path, secret

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if isinstance(error, SourceFailed):
            raise error.error from error.error.__cause__
        if isinstance(error, TRANSLATED) and not isinstance(error, StorageError):
            raise map_ftp_error(error, self.endpoint, self.path, self.secret) from error


def map_ftp_error(error: Exception, endpoint: str, path: str | None, secret: str = "") -> StorageError:
    """Translate one aioftp, network or TLS exception; `secret` is blanked out of quoted replies."""
    if isinstance(error, StorageError):
        return error
    if isinstance(error, aioftp.StatusCodeError):
        return _reply_error(error, endpoint, path, secret)
    if isinstance(error, aioftp.errors.InvalidCommand):
        return InvalidPath("refused to send a command holding CR or LF", endpoint=endpoint, path=path)
    if isinstance(error, OSError | EOFError):
        # An untrusted certificate stays untrusted however often one retries.
        verified = isinstance(error, ssl.SSLCertVerificationError)
        return ConnectionFailed(_network_reason(error), endpoint=endpoint, path=path, retryable=not verified)
    return StorageError(
        f"unexpected reply from the server ({type(error).__name__}: {error})", endpoint=endpoint, path=path
    )


def _network_reason(error: OSError | EOFError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError):
        return (
            f"TLS certificate not trusted ({error.verify_message}); use a certificate from a trusted "
            "CA, or set verify_tls=false only for a server you trust"
        )
    if isinstance(error, ssl.SSLError):
        return f"TLS failure ({error.reason or error})"
    if isinstance(error, TimeoutError):
        return "timed out waiting for the server (see connect_timeout and io_timeout)"
    if isinstance(error, ConnectionRefusedError):
        return "connection refused: nothing listens on that host and port"
    if isinstance(error, socket.gaierror):
        return f"cannot resolve the host name ({error.strerror})"
    if isinstance(error, ConnectionError | EOFError):
        return "connection lost (reset or closed by the server)"
    return f"network error ({error.strerror or error})"


def _reply_error(error: aioftp.StatusCodeError, endpoint: str, path: str | None, secret: str) -> StorageError:
    code, said = reply_code(error), reply_text(error, secret)

    def make(cls: type[StorageError], reason: str, retryable: bool | None = None) -> StorageError:
        return cls(f"{reason} (server said: {said})", endpoint=endpoint, path=path, retryable=retryable)

    if code in ("530", "532"):
        return make(AuthenticationFailed, "not logged in (authentication failed or the session expired)")
    if code == "421":
        return make(ConnectionFailed, "the server closed the session")
    if code in ("425", "426"):
        return make(ConnectionFailed, "the data connection failed or was aborted")
    if code in ("452", "552"):
        return make(NoSpace, "no space left on the server, or over quota")
    if code == "553":
        return make(PermissionDenied, "the server refused the name or the operation")
    if code == "550":
        return _refusal(said.lower(), make)
    if code.startswith("4"):
        return make(StorageError, "temporary failure on the server", retryable=True)
    return make(StorageError, "the server refused the command")


def _refusal(text: str, make: Callable[[type[StorageError], str], StorageError]) -> StorageError:
    if any(word in text for word in ("permission", "denied", "not allowed", "privilege", "access")):
        return make(PermissionDenied, "permission denied")
    if any(word in text for word in ("no such", "not found", "not exist", "n't exist", "cannot find")):
        return make(NotFound, "no such file or directory")
    if "exists" in text:
        return make(AlreadyExists, "already exists")
    if any(word in text for word in ("is a directory", "not a directory", "not empty")):
        return make(StorageError, "refused")
    return make(NotFound, "not found or not available")


def reply_code(error: aioftp.StatusCodeError) -> str:
    """The three-digit code the server answered with."""
    return str(error.received_codes[-1]) if error.received_codes else ""


def reply_text(error: aioftp.StatusCodeError, secret: str = "") -> str:
    """`code text` of the server's reply, on one line, with `secret` blanked out."""
    lines = [error.info] if isinstance(error.info, str) else error.info
    text = " ".join(line.strip(" -") for line in lines if line.strip(" -"))
    if len(secret) >= 3:
        text = text.replace(secret, "***")
    return f"{reply_code(error)} {text}".strip()
