"""`f2l.config.Settings`: where the database is, how its URL is rewritten, and that its
password never shows."""

from __future__ import annotations

from pathlib import Path

import pytest

from f2l.config import Settings, default_data_dir, get_settings, normalize_database_url, redact_url


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No ambient setting and no stray `.env` may leak into these tests."""
    for name in ("DATABASE_URL", "F2L_DATABASE_URL", "F2L_DATA_DIR", "XDG_DATA_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


def test_default_is_sqlite_in_the_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("F2L_DATA_DIR", str(tmp_path / "data"))
    settings = Settings()
    assert settings.data_dir == tmp_path / "data"
    assert settings.database_url == f"sqlite+aiosqlite:///{tmp_path}/data/f2l.db"


def test_default_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / ".local" / "share" / "f2l"
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_data_dir() == tmp_path / "xdg" / "f2l"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    assert default_data_dir() == tmp_path / ".local" / "share" / "f2l"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db:5432/f2l", "postgresql+asyncpg://u:p@db:5432/f2l"),
        (
            "postgresql://u:p@db/f2l?sslmode=require&application_name=x",
            "postgresql+asyncpg://u:p@db/f2l?ssl=require&application_name=x",
        ),
        ("postgresql+asyncpg://u@db/f2l", "postgresql+asyncpg://u@db/f2l"),
        ("sqlite:///relative.db", "sqlite+aiosqlite:///relative.db"),
        ("sqlite:////abs/f2l.db", "sqlite+aiosqlite:////abs/f2l.db"),
    ],
)
def test_database_url_is_rewritten_to_the_async_driver(given: str, expected: str) -> None:
    assert normalize_database_url(given) == expected


def test_database_url_from_either_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("F2L_DATABASE_URL", "postgres://u:p@prefixed/db")
    assert Settings().database_url == "postgresql+asyncpg://u:p@prefixed/db"
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@bare/db")
    assert Settings().database_url == "postgresql+asyncpg://u:p@bare/db"  # the platform's variable wins


def test_dotenv_file_is_read(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text(f"F2L_DATA_DIR={tmp_path}/from-dotenv\nDATABASE_URL=postgres://u:p@h/d\n")
    settings = Settings()
    assert settings.data_dir == tmp_path / "from-dotenv"
    assert settings.database_url == "postgresql+asyncpg://u:p@h/d"


@pytest.mark.parametrize(
    ("url", "redacted"),
    [
        ("postgresql+asyncpg://user:s3cret@db:5432/f2l", "postgresql+asyncpg://user:***@db:5432/f2l"),
        ("postgresql://user:p@ss@word@db/f2l", "postgresql://user:***@db/f2l"),
        ("postgresql://user:%40s3cret@db/f2l", "postgresql://user:***@db/f2l"),
        ("postgresql://user@db/f2l", "postgresql://user@db/f2l"),
        ("postgresql://db:5432/f2l", "postgresql://db:5432/f2l"),
        (
            "sqlite+aiosqlite:////home/u/.local/share/f2l/f2l.db",
            "sqlite+aiosqlite:////home/u/.local/share/f2l/f2l.db",
        ),
    ],
)
def test_redaction_masks_only_the_password(url: str, redacted: str) -> None:
    assert redact_url(url) == redacted


def test_password_stays_out_of_repr_and_redacted_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://f2l:hunter2-secret@db/f2l")
    settings = Settings()
    assert "hunter2-secret" not in repr(settings) + str(settings) + settings.redacted_database_url
    assert settings.redacted_database_url == "postgresql+asyncpg://f2l:***@db/f2l"


def test_get_settings_is_cached_until_cleared(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    get_settings.cache_clear()
    try:
        monkeypatch.setenv("F2L_DATA_DIR", str(tmp_path / "one"))
        first = get_settings()
        monkeypatch.setenv("F2L_DATA_DIR", str(tmp_path / "two"))
        assert get_settings() is first
        get_settings.cache_clear()
        assert get_settings().data_dir == tmp_path / "two"
    finally:
        get_settings.cache_clear()
