"""The signing and encryption keys: from the settings, else generated once into the data directory."""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from pathlib import Path

from cryptography.fernet import Fernet

from f2l.config import Settings

SECRET_KEY_FILE = "secret.key"
ENCRYPTION_KEY_FILE = "encryption.key"
# HS256 keys shorter than the hash output weaken the signature (RFC 7518 §3.2); PyJWT warns about them.
MIN_SECRET_KEY_BYTES = 32


def load_or_create_key(data_dir: Path, file_name: str, generate: Callable[[], bytes]) -> bytes:
    """The key stored in `data_dir/file_name`, generated and written with mode 0600 on first use."""
    path = data_dir / file_name
    if path.exists():
        return _read_key(path)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    # Write a private temporary file, then hard-link it into place: the key file appears complete or
    # not at all, and if another process won the race, link() fails and its key is the one to use.
    temporary = data_dir / f".{file_name}.{secrets.token_hex(8)}.tmp"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(generate())
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, path)
        except FileExistsError:
            return _read_key(path)
        _fsync_directory(data_dir)
    finally:
        temporary.unlink(missing_ok=True)
    return _read_key(path)


def secret_key(settings: Settings) -> bytes:
    """The key signing JWTs: `F2L_SECRET_KEY`, else `secret.key` in the data directory."""
    configured = settings.secret_key.get_secret_value() if settings.secret_key is not None else ""
    # An empty variable (`F2L_SECRET_KEY=`) counts as unset rather than as an empty key.
    if configured:
        key = configured.encode()
        if len(key) < MIN_SECRET_KEY_BYTES:
            raise ValueError(f"F2L_SECRET_KEY must be at least {MIN_SECRET_KEY_BYTES} bytes long")
        return key
    return load_or_create_key(settings.data_dir, SECRET_KEY_FILE, lambda: secrets.token_urlsafe(48).encode())


def encryption_key(settings: Settings) -> bytes:
    """The Fernet key encrypting endpoint secrets: `F2L_ENCRYPTION_KEY`, else `encryption.key`."""
    configured = settings.encryption_key.get_secret_value() if settings.encryption_key is not None else ""
    if configured:
        return configured.encode()
    return load_or_create_key(settings.data_dir, ENCRYPTION_KEY_FILE, Fernet.generate_key)


def _read_key(path: Path) -> bytes:
    # Tolerate the trailing newline an editor adds to a hand-written key file.
    key = path.read_bytes().strip()
    if not key:
        raise ValueError(f"key file {path} is empty; delete it to have a new key generated")
    return key


def _fsync_directory(directory: Path) -> None:
    # Make the new directory entry durable: losing the key after a crash would make the
    # secrets already encrypted with it unreadable. Directories cannot be opened on Windows.
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
