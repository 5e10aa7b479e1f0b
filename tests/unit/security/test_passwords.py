"""Argon2id password hashes, the policy, and a login path that spends the same time for unknown users."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from f2l.security import passwords
from f2l.security.passwords import (
    check_password_policy,
    dummy_hash,
    hash_password,
    needs_rehash,
    verify_password,
    verify_password_or_dummy,
)


def test_hash_and_verify() -> None:
    hashed = hash_password("correct horse")
    assert hashed.startswith("$argon2id$")
    assert "correct horse" not in hashed
    assert verify_password(hashed, "correct horse")
    assert not verify_password(hashed, "correct horsE")
    assert not verify_password(hashed, "")


def test_same_password_gets_different_salts() -> None:
    assert hash_password("same password") != hash_password("same password")


@pytest.mark.parametrize(
    "bad_hash",
    [
        "",
        "garbage",
        "$argon2id$",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$",
        "$argon2id$v=19$m=1,t=1,p=1$c2FsdHNhbHRzYWx0$aGFzaA",
        "$2b$12$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ0123",
    ],
)
def test_verify_against_malformed_hash_is_false_not_an_error(bad_hash: str) -> None:
    assert verify_password(bad_hash, "whatever") is False


def test_needs_rehash() -> None:
    assert needs_rehash(hash_password("password1")) is False
    assert needs_rehash(PasswordHasher(time_cost=1, memory_cost=8192).hash("password1")) is True
    assert needs_rehash("garbage") is True


def test_dummy_hash_is_computed_once_with_current_parameters() -> None:
    assert dummy_hash() is dummy_hash()
    assert not needs_rehash(dummy_hash())


def test_unknown_user_still_costs_a_verification(monkeypatch: pytest.MonkeyPatch) -> None:
    verified: list[str] = []
    real_verify = passwords.verify_password

    def spy(password_hash: str, password: str) -> bool:
        verified.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(passwords, "verify_password", spy)
    assert verify_password_or_dummy(None, "any password") is False
    assert verified == [dummy_hash()]


def test_verify_or_dummy_with_a_user() -> None:
    hashed = hash_password("s3cret-pass")
    assert verify_password_or_dummy(hashed, "s3cret-pass") is True
    assert verify_password_or_dummy(hashed, "wrong-pass") is False


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", "at least 8"),
        ("1234567", "at least 8"),
        ("12345678", None),
        ("é" * 8, None),
        ("x" * 1024, None),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_password_policy(password: str, problem: str | None) -> None:
    message = check_password_policy(password)
    if problem is None:
        assert message is None
    else:
        assert message is not None and problem in message
