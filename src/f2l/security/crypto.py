"""Encryption of stored secrets (endpoint passwords, keys) with Fernet."""

from __future__ import annotations

from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

_BAD_KEY = "encryption key must be 32 url-safe base64-encoded bytes (see Fernet.generate_key())"


class SecretDecryptError(Exception):
    """A stored secret could not be decrypted: wrong key or corrupted data."""


class SecretBox:
    """Encrypts with `key`; decrypts with `key` or any of `old_keys` (for key rotation)."""

    def __init__(self, key: bytes, old_keys: Sequence[bytes] = ()) -> None:
        # MultiFernet encrypts with the first key and tries each in turn to decrypt.
        self._fernet = MultiFernet([_fernet(k) for k in (key, *old_keys)])

    def encrypt(self, plain: str) -> str:
        """The token holding `plain`, encrypted and authenticated."""
        return self._fernet.encrypt(plain.encode("utf-8")).decode("ascii")

    def decrypt(self, token: str) -> str:
        """The plaintext in `token`; `SecretDecryptError` if the key or the token is wrong."""
        try:
            return self._fernet.decrypt(token.encode("utf-8")).decode("utf-8")
        except (InvalidToken, UnicodeDecodeError):
            # `from None`: a UnicodeDecodeError carries the decrypted bytes, which must not leak.
            raise SecretDecryptError("cannot decrypt secret: wrong encryption key or corrupted data") from None


def _fernet(key: bytes) -> Fernet:
    try:
        return Fernet(key)
    except (ValueError, TypeError):
        # Our own message, without chaining: nothing derived from the key goes into the error.
        raise ValueError(_BAD_KEY) from None
