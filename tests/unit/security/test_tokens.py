"""JWTs: genuine tokens round-trip; forged, expired, malformed or mistyped ones are refused."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from f2l.security.tokens import CLOCK_SKEW, InvalidTokenError, TokenClaims, decode_token, issue_token

KEY = b"k" * 64  # long enough for HS512 too, so the test can check its forged HS512 tokens
OTHER_KEY = b"o" * 64
HOUR = timedelta(hours=1)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _segment(value: object) -> str:
    return _b64(json.dumps(value, separators=(",", ":")).encode())


def _forge(
    payload: object, *, header: dict[str, Any] | None = None, key: bytes = KEY, digest: Any = hashlib.sha256
) -> str:
    """A token built by hand, HMAC-signed with `digest` (None: no signature at all)."""
    signing_input = f"{_segment(header or {'alg': 'HS256', 'typ': 'JWT'})}.{_segment(payload)}"
    signature = "" if digest is None else _b64(hmac.new(key, signing_input.encode(), digest).digest())
    return f"{signing_input}.{signature}"


def _payload(**changes: Any) -> dict[str, Any]:
    now = int(datetime.now(UTC).timestamp())
    payload: dict[str, Any] = {
        "sub": "user-1",
        "role": "admin",
        "typ": "access",
        "jti": "j1",
        "iat": now,
        "exp": now + 3600,
    }
    payload.update(changes)
    return {name: value for name, value in payload.items() if value is not None}


def _refused(token: str, expected_type: Any = "access", key: bytes = KEY) -> str:
    with pytest.raises(InvalidTokenError) as error:
        decode_token(key, token, expected_type)
    return str(error.value)


def test_access_token_round_trip() -> None:
    token, claims = issue_token(KEY, "user-1", "admin", "access", HOUR)
    assert claims.family is None
    assert decode_token(KEY, token, "access") == claims
    assert claims.expires_at - datetime.now(UTC) <= HOUR


def test_refresh_token_starts_a_family_and_rotation_keeps_it() -> None:
    token, claims = issue_token(KEY, "user-1", "viewer", "refresh", timedelta(days=7))
    assert claims.family
    assert decode_token(KEY, token, "refresh") == claims
    _, rotated = issue_token(KEY, "user-1", "viewer", "refresh", timedelta(days=7), family=claims.family)
    assert rotated.family == claims.family
    assert rotated.jti != claims.jti


def test_claims_carry_the_given_time() -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    token, claims = issue_token(KEY, "u", "admin", "access", HOUR, now=now)
    assert claims == TokenClaims(
        subject="u", token_type="access", role="admin", jti=claims.jti, expires_at=now + HOUR, family=None
    )
    payload = jwt.decode(token, KEY, algorithms=["HS256"])
    assert payload["iat"] == int(now.timestamp())
    assert set(payload) == {"sub", "role", "typ", "jti", "iat", "exp"}


def test_access_token_with_family_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="family"):
        issue_token(KEY, "u", "admin", "access", HOUR, family="f")


@pytest.mark.parametrize("short_key", [b"", b"short", b"x" * 31])
def test_short_signing_key_is_refused(short_key: bytes) -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        issue_token(short_key, "u", "admin", "access", HOUR)
    with pytest.raises(ValueError, match="at least 32 bytes"):
        decode_token(short_key, _forge(_payload()), "access")


def test_hand_forged_genuine_token_is_accepted() -> None:
    # Proves the forging helper builds valid tokens, so the refusals below are for the stated reason.
    assert decode_token(KEY, _forge(_payload(sub="user-7")), "access").subject == "user-7"


def test_wrong_key_is_refused() -> None:
    token, _ = issue_token(OTHER_KEY, "user-1", "admin", "access", HOUR)
    assert _refused(token) == "invalid token"
    assert _refused(_forge(_payload(), key=OTHER_KEY)) == "invalid token"


def test_tampered_payload_is_refused() -> None:
    token, _ = issue_token(KEY, "user-1", "viewer", "access", HOUR)
    header, _, signature = token.split(".")
    elevated = _segment(_payload(role="admin"))
    assert _refused(f"{header}.{elevated}.{signature}") == "invalid token"


@pytest.mark.parametrize("alg", ["none", "None", "NONE", "nOnE"])
def test_alg_none_is_refused(alg: str) -> None:
    assert _refused(_forge(_payload(), header={"alg": alg, "typ": "JWT"}, digest=None)) == "invalid token"
    # The same with a (meaningless) signature kept in place.
    assert _refused(_forge(_payload(), header={"alg": alg, "typ": "JWT"})) == "invalid token"


def test_other_hmac_algorithm_is_refused_even_with_the_right_key() -> None:
    for alg, digest in (("HS512", hashlib.sha512), ("HS384", hashlib.sha384)):
        token = _forge(_payload(), header={"alg": alg, "typ": "JWT"}, digest=digest)
        assert jwt.decode(token, KEY, algorithms=[alg])["sub"] == "user-1"  # genuinely signed
        assert _refused(token) == "invalid token"


def test_rs256_token_is_refused() -> None:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert _refused(jwt.encode(_payload(), private_key, algorithm="RS256")) == "invalid token"


def test_header_without_alg_is_refused() -> None:
    assert _refused(_forge(_payload(), header={"typ": "JWT"})) == "invalid token"


@pytest.mark.parametrize("claim", ["exp", "iat", "sub", "typ", "jti", "role"])
def test_missing_claim_is_refused(claim: str) -> None:
    assert _refused(_forge(_payload(**{claim: None}))) == "invalid token"


def test_expired_token_is_refused() -> None:
    long_ago = datetime.now(UTC) - timedelta(days=1)
    token, _ = issue_token(KEY, "user-1", "admin", "access", HOUR, now=long_ago)
    assert _refused(token) == "token expired"
    just_expired = int(datetime.now(UTC).timestamp()) - int(CLOCK_SKEW.total_seconds()) - 1
    assert _refused(_forge(_payload(exp=just_expired))) == "token expired"


def test_expiry_within_clock_skew_is_tolerated() -> None:
    now = int(datetime.now(UTC).timestamp())
    assert decode_token(KEY, _forge(_payload(exp=now - 1)), "access").subject == "user-1"


def test_token_issued_in_the_future_is_refused() -> None:
    future = int((datetime.now(UTC) + timedelta(minutes=5)).timestamp())
    assert _refused(_forge(_payload(iat=future, exp=future + 3600))) == "invalid token"


def test_wrong_token_type_is_refused() -> None:
    access, _ = issue_token(KEY, "user-1", "admin", "access", HOUR)
    refresh, _ = issue_token(KEY, "user-1", "admin", "refresh", HOUR)
    assert _refused(access, "refresh") == "wrong token type"
    assert _refused(refresh, "access") == "wrong token type"
    assert _refused(_forge(_payload(typ="bogus"))) == "wrong token type"


def test_refresh_token_without_family_is_refused() -> None:
    assert _refused(_forge(_payload(typ="refresh")), "refresh") == "invalid token"


@pytest.mark.parametrize(
    "changes",
    [
        {"sub": ""},
        {"sub": 42},
        {"sub": ["user-1"]},
        {"role": ""},
        {"role": 1},
        {"jti": 7},
        {"jti": ""},
        {"exp": "tomorrow"},
        {"iat": "now"},
        {"exp": 10**20},
    ],
)
def test_ill_typed_claims_are_refused(changes: dict[str, Any]) -> None:
    assert _refused(_forge(_payload(**changes))) == "invalid token"


@pytest.mark.parametrize(
    "token",
    [
        "",
        "abc",
        "a.b",
        "a.b.c",
        "a.b.c.d",
        "ü.ö.ä",
        "...",
        f"{_b64(b'not json')}.{_segment({'sub': 'x'})}.",
    ],
)
def test_malformed_tokens_are_refused(token: str) -> None:
    assert _refused(token) == "invalid token"


def test_payload_that_is_not_an_object_is_refused() -> None:
    assert _refused(_forge(["sub", "user-1"])) == "invalid token"


def test_refusal_messages_reveal_nothing() -> None:
    message = _refused(_forge(_payload(), key=OTHER_KEY))
    assert KEY.decode() not in message and OTHER_KEY.decode() not in message
