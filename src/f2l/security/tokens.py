"""Access and refresh tokens: JWTs signed with HS256, the only algorithm accepted."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, TypeGuard, get_args

import jwt

from f2l.security.keys import MIN_SECRET_KEY_BYTES

TokenType = Literal["access", "refresh"]

ALGORITHM = "HS256"
# Pinned: the algorithm comes from our configuration, never from the token's header.
_ALGORITHMS = [ALGORITHM]
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "typ", "jti"]
# Replicas' clocks differ a little; without a margin a token issued by a replica running ahead
# would be refused elsewhere as "issued in the future".
CLOCK_SKEW = timedelta(seconds=10)


class InvalidTokenError(Exception):
    """A token was refused; the message is safe to show to the client."""


@dataclass(frozen=True)
class TokenClaims:
    """What a valid token says."""

    subject: str  # the user id
    token_type: TokenType
    role: str
    jti: str
    expires_at: datetime
    family: str | None  # refresh tokens: the rotation family, revoked together on reuse


def issue_token(
    key: bytes,
    subject: str,
    role: str,
    token_type: TokenType,
    lifetime: timedelta,
    family: str | None = None,
    now: datetime | None = None,
) -> tuple[str, TokenClaims]:
    """A signed token and its claims; a refresh token without a `family` starts a new one."""
    _check_key(key)
    if token_type not in get_args(TokenType):
        raise ValueError(f"unknown token type {token_type!r}")
    if token_type == "access" and family is not None:
        raise ValueError("only refresh tokens belong to a family")
    if token_type == "refresh" and family is None:
        family = uuid.uuid4().hex
    # JWT times are whole seconds: round here so the returned claims equal the decoded ones.
    issued_at = int((now or datetime.now(UTC)).timestamp())
    expires_at = issued_at + int(lifetime.total_seconds())
    claims = TokenClaims(
        subject=subject,
        token_type=token_type,
        role=role,
        jti=uuid.uuid4().hex,
        expires_at=datetime.fromtimestamp(expires_at, UTC),
        family=family,
    )
    payload: dict[str, Any] = {
        "sub": subject,
        "role": role,
        "typ": token_type,
        "jti": claims.jti,
        "iat": issued_at,
        "exp": expires_at,
    }
    if family is not None:
        payload["fam"] = family
    return jwt.encode(payload, key, algorithm=ALGORITHM), claims


def decode_token(key: bytes, token: str, expected_type: TokenType) -> TokenClaims:
    """The claims of `token` if it is genuine, unexpired and of `expected_type`, else InvalidTokenError."""
    _check_key(key)
    try:
        payload = jwt.decode(
            token, key, algorithms=_ALGORITHMS, leeway=CLOCK_SKEW, options={"require": _REQUIRED_CLAIMS}
        )
    except jwt.ExpiredSignatureError:
        raise InvalidTokenError("token expired") from None
    except jwt.PyJWTError:
        raise InvalidTokenError("invalid token") from None
    if payload["typ"] != expected_type:
        raise InvalidTokenError("wrong token type")
    subject, role, jti, family = (payload.get(name) for name in ("sub", "role", "jti", "fam"))
    if not (_is_text(subject) and _is_text(role) and _is_text(jti)):
        raise InvalidTokenError("invalid token")
    if expected_type == "refresh" and not _is_text(family):
        raise InvalidTokenError("invalid token")
    try:
        expires_at = datetime.fromtimestamp(int(payload["exp"]), UTC)
    except (OverflowError, OSError, ValueError):
        raise InvalidTokenError("invalid token") from None
    return TokenClaims(
        subject=subject,
        token_type=expected_type,
        role=role,
        jti=jti,
        expires_at=expires_at,
        family=family if expected_type == "refresh" else None,
    )


def _is_text(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and value != ""


def _check_key(key: bytes) -> None:
    # A configuration error, not a bad token: raised as ValueError so it surfaces as a server error.
    if len(key) < MIN_SECRET_KEY_BYTES:
        raise ValueError(f"the token signing key must be at least {MIN_SECRET_KEY_BYTES} bytes long")
