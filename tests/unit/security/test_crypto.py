"""SecretBox encrypts stored secrets and fails loudly but without leaking on a wrong key or bad data."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet

from f2l.security.crypto import SecretBox, SecretDecryptError


@pytest.mark.parametrize("plain", ["", "p@ssw0rd", "mot de passe é ü 密码 🔑", "x" * 10_000])
def test_round_trip(plain: str) -> None:
    box = SecretBox(Fernet.generate_key())
    token = box.encrypt(plain)
    assert isinstance(token, str)
    assert plain == "" or plain not in token
    assert box.decrypt(token) == plain


def test_same_plaintext_encrypts_differently() -> None:
    box = SecretBox(Fernet.generate_key())
    assert box.encrypt("same") != box.encrypt("same")


def test_wrong_key_raises_without_plaintext_or_key() -> None:
    key, other = Fernet.generate_key(), Fernet.generate_key()
    token = SecretBox(key).encrypt("top-secret-password")
    with pytest.raises(SecretDecryptError) as error:
        SecretBox(other).decrypt(token)
    message = str(error.value)
    assert "top-secret-password" not in message
    assert key.decode() not in message and other.decode() not in message
    assert error.value.__cause__ is None


@pytest.mark.parametrize("token", ["", "not-a-token", "gAAAAA", "ümlaut-token", "gAAAAAB" + "A" * 100])
def test_garbage_tokens_are_refused(token: str) -> None:
    with pytest.raises(SecretDecryptError):
        SecretBox(Fernet.generate_key()).decrypt(token)


def test_tampered_token_is_refused() -> None:
    box = SecretBox(Fernet.generate_key())
    token = box.encrypt("secret")
    tampered = token[:-5] + ("A" if token[-5] != "A" else "B") + token[-4:]
    with pytest.raises(SecretDecryptError):
        box.decrypt(tampered)


def test_non_utf8_plaintext_is_a_decrypt_error_that_does_not_chain_the_bytes() -> None:
    key = Fernet.generate_key()
    token = Fernet(key).encrypt(b"\xff\xfe secret bytes").decode()
    with pytest.raises(SecretDecryptError) as error:
        SecretBox(key).decrypt(token)
    assert error.value.__cause__ is None and error.value.__suppress_context__


@pytest.mark.parametrize("key", [b"", b"short", b"x" * 44, b"!" * 44, Fernet.generate_key()[:-2]])
def test_invalid_key_is_a_clear_value_error_without_the_key(key: bytes) -> None:
    with pytest.raises(ValueError, match="32 url-safe base64-encoded bytes") as error:
        SecretBox(key)
    if key:
        assert key.decode() not in str(error.value)
    assert error.value.__cause__ is None and error.value.__suppress_context__


def test_old_keys_still_decrypt_and_new_tokens_use_the_new_key() -> None:
    old, new = Fernet.generate_key(), Fernet.generate_key()
    old_token = SecretBox(old).encrypt("kept")
    rotated = SecretBox(new, old_keys=[old])
    assert rotated.decrypt(old_token) == "kept"
    assert SecretBox(new).decrypt(rotated.encrypt("fresh")) == "fresh"


def test_invalid_old_key_is_refused() -> None:
    with pytest.raises(ValueError, match="32 url-safe"):
        SecretBox(Fernet.generate_key(), old_keys=[b"bad"])
