"""Keys come from the settings, else are generated once, privately and atomically, into the data directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from pydantic import SecretStr

from f2l.config import Settings
from f2l.security.crypto import SecretBox
from f2l.security.keys import encryption_key, load_or_create_key, secret_key


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_creates_missing_data_dir_and_private_key_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    key = load_or_create_key(data_dir, "test.key", lambda: b"generated-key")
    assert key == b"generated-key"
    assert (data_dir / "test.key").read_bytes() == b"generated-key"
    assert _mode(data_dir / "test.key") == 0o600
    assert _mode(data_dir) == 0o700
    assert [p.name for p in data_dir.iterdir()] == ["test.key"]  # no temporary file left


def test_existing_key_is_read_and_not_regenerated(tmp_path: Path) -> None:
    calls: list[int] = []

    def generate() -> bytes:
        calls.append(1)
        return b"first"

    assert load_or_create_key(tmp_path, "k", generate) == b"first"
    assert load_or_create_key(tmp_path, "k", generate) == b"first"
    assert len(calls) == 1


def test_hand_written_key_file_trailing_newline_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "k").write_bytes(b"hand-written\n")
    assert load_or_create_key(tmp_path, "k", lambda: b"unused") == b"hand-written"


def test_empty_key_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "k").write_bytes(b"")
    with pytest.raises(ValueError, match="is empty"):
        load_or_create_key(tmp_path, "k", lambda: b"unused")


def test_race_lost_to_another_process_uses_its_key(tmp_path: Path) -> None:
    def generate_while_another_process_writes() -> bytes:
        # The other process creates the key file after our existence check, before our link.
        (tmp_path / "k").write_bytes(b"theirs")
        return b"ours"

    assert load_or_create_key(tmp_path, "k", generate_while_another_process_writes) == b"theirs"
    assert (tmp_path / "k").read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["k"]


def test_failing_generator_leaves_no_file(tmp_path: Path) -> None:
    def fail() -> bytes:
        raise RuntimeError("no entropy")

    with pytest.raises(RuntimeError):
        load_or_create_key(tmp_path, "k", fail)
    assert list(tmp_path.iterdir()) == []


def _settings(tmp_path: Path, secret: str | None = None, encryption: str | None = None) -> Settings:
    return Settings(
        data_dir=tmp_path,
        secret_key=None if secret is None else SecretStr(secret),
        encryption_key=None if encryption is None else SecretStr(encryption),
    )


def test_secret_key_from_settings(tmp_path: Path) -> None:
    assert secret_key(_settings(tmp_path, secret="s" * 40)) == b"s" * 40
    assert not (tmp_path / "secret.key").exists()


def test_short_configured_secret_key_is_refused_without_echoing_it(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 32 bytes") as error:
        secret_key(_settings(tmp_path, secret="tooshort"))
    assert "tooshort" not in str(error.value)


@pytest.mark.parametrize("configured", [None, ""])
def test_secret_key_generated_once_into_data_dir(tmp_path: Path, configured: str | None) -> None:
    settings = _settings(tmp_path, secret=configured)
    key = secret_key(settings)
    assert len(key) >= 32
    assert secret_key(settings) == key
    assert (tmp_path / "secret.key").read_bytes() == key
    assert _mode(tmp_path / "secret.key") == 0o600


def test_encryption_key_from_settings(tmp_path: Path) -> None:
    configured = Fernet.generate_key().decode()
    assert encryption_key(_settings(tmp_path, encryption=configured)) == configured.encode()


def test_encryption_key_generated_is_a_working_fernet_key(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    key = encryption_key(settings)
    assert encryption_key(settings) == key
    assert (tmp_path / "encryption.key").read_bytes() == key
    box = SecretBox(key)
    assert box.decrypt(box.encrypt("hello")) == "hello"
