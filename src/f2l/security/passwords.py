"""Password hashing (Argon2id) and the password policy."""

from __future__ import annotations

import secrets
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import Argon2Error

MIN_PASSWORD_LENGTH = 8
# An upper bound keeps a login request from making the server hash megabytes.
MAX_PASSWORD_LENGTH = 1024

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    """The Argon2id hash of `password`, with a random salt, in PHC string format."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`; False (never an error) for a malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    # InvalidHashError and UnsupportedParametersError are ValueErrors, not Argon2Errors.
    except (Argon2Error, ValueError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether `password_hash` was made with other parameters than today's (or cannot be parsed)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except ValueError:
        return True


@cache
def dummy_hash() -> str:
    """A hash of a random password with today's parameters, computed on first use (DUMMY_HASH)."""
    return hash_password(secrets.token_urlsafe(32))


def verify_password_or_dummy(password_hash: str | None, password: str) -> bool:
    """`verify_password`, or as much work for nothing when there is no user (`password_hash` None)."""
    if password_hash is None:
        # Verifying against a hash with the same parameters keeps the response time of an unknown
        # user name the same as that of a wrong password: timing must not reveal who exists.
        verify_password(dummy_hash(), password)
        return False
    return verify_password(password_hash, password)


def check_password_policy(password: str) -> str | None:
    """Why `password` is not acceptable, or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"password must be at least {MIN_PASSWORD_LENGTH} characters long"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"password must be at most {MAX_PASSWORD_LENGTH} characters long"
    return None
