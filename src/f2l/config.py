"""F2L's settings: `F2L_*` environment variables or a `.env` file, read once per process.

With nothing set, F2L runs embedded: SQLite in `F2L_DATA_DIR`. Setting `DATABASE_URL`
(or `F2L_DATABASE_URL`) to a PostgreSQL URL switches the database and nothing else.
The URL may hold a password, so it never goes into a log line, a message or a `repr`:
print `redacted_database_url` instead.
"""

from __future__ import annotations

import ipaddress
import os
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Self

from pydantic import AliasChoices, Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "f2l"
SQLITE_FILE_NAME = "f2l.db"
ASYNC_POSTGRES_SCHEME = "postgresql+asyncpg"
ASYNC_SQLITE_SCHEME = "sqlite+aiosqlite"

# Schemes a user or a hosting platform writes, and the async driver F2L runs them with.
_SCHEME_REWRITES = {
    "postgres": ASYNC_POSTGRES_SCHEME,  # Heroku-style URLs
    "postgresql": ASYNC_POSTGRES_SCHEME,
    "sqlite": ASYNC_SQLITE_SCHEME,
}
_SSLMODE_PARAMETER = re.compile(r"(?P<start>^|&)sslmode=")
# Up to the *last* `@`: an unencoded `@` inside a password must not leave its tail visible
# (over-masking a URL with `@` in its query is the safe way to be wrong).
_PASSWORD_IN_URL = re.compile(r"(?P<head>://[^:/@]*:).*(?P<tail>@[^@]*)$")


def default_data_dir() -> Path:
    """The platform's per-user data directory for F2L, computed without a dependency.

    Linux and other Unixes: `$XDG_DATA_HOME/f2l`, else `~/.local/share/f2l`; macOS:
    `~/Library/Application Support/f2l`; Windows: `%LOCALAPPDATA%\\f2l`.
    """
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / APP_NAME
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / APP_NAME
    xdg = os.environ.get("XDG_DATA_HOME")
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    base_dir = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base_dir / APP_NAME


def normalize_database_url(url: str) -> str:
    """Rewrite a database URL to the async driver F2L uses for its scheme.

    `postgres://` and `postgresql://` become `postgresql+asyncpg://` (with libpq's
    `sslmode=` query parameter renamed to asyncpg's `ssl=`), `sqlite://` becomes
    `sqlite+aiosqlite://`. A URL that already names a driver is returned unchanged.
    """
    scheme, separator, rest = url.partition("://")
    target = _SCHEME_REWRITES.get(scheme.lower()) if separator else None
    if target is None:
        return url
    if target == ASYNC_POSTGRES_SCHEME:
        # asyncpg refuses libpq's `sslmode` keyword but takes the same values as `ssl`.
        base, question, query = rest.partition("?")
        rest = base + question + _SSLMODE_PARAMETER.sub(r"\g<start>ssl=", query)
    return f"{target}://{rest}"


def redact_url(url: str) -> str:
    """The URL with any password replaced by `***`; safe to print and log."""
    return _PASSWORD_IN_URL.sub(r"\g<head>***\g<tail>", url)


def sqlite_url(path: Path) -> str:
    """The async SQLite URL of a database file."""
    return f"{ASYNC_SQLITE_SCHEME}:///{path}"


class Settings(BaseSettings):
    """Process-wide settings; each field reads `F2L_<NAME>` unless stated otherwise."""

    model_config = SettingsConfigDict(
        env_prefix="F2L_", env_file=".env", env_file_encoding="utf-8", extra="ignore", populate_by_name=True
    )

    data_dir: Path = Field(
        default_factory=default_data_dir, description="Holds the SQLite database and generated keys."
    )
    database_url: str = Field(
        default="",
        # Platforms hand out a bare DATABASE_URL; F2L_DATABASE_URL is accepted for symmetry.
        validation_alias=AliasChoices("DATABASE_URL", "F2L_DATABASE_URL"),
        repr=False,  # may hold a password
        description="SQLAlchemy URL; empty means SQLite in data_dir. postgres(ql):// is accepted.",
    )

    redis_url: str = Field(
        default="",
        validation_alias=AliasChoices("REDIS_URL", "F2L_REDIS_URL"),
        repr=False,
        description="Redis URL for the distributed mode (events, queue); empty: in-process.",
    )
    secret_key: SecretStr | None = Field(
        default=None, description="Key signing the JWTs; generated into data_dir when unset."
    )
    encryption_key: SecretStr | None = Field(
        default=None, description="Fernet key encrypting endpoint secrets; generated into data_dir when unset."
    )
    local_roots: str = Field(
        default="",
        description="Folders `local` endpoints may use, separated by "
        "the OS path separator; empty: the data directory only.",
    )
    cors_origins: str = Field(
        default="",
        description="Comma-separated origins allowed to call the API from a browser; empty: same origin only.",
    )
    max_concurrent_executions: int = Field(
        default=4,
        ge=1,
        le=256,
        validation_alias=AliasChoices("MAX_CONCURRENT_EXECUTIONS", "F2L_MAX_CONCURRENT_EXECUTIONS"),
        description="Runs executed at once by this process.",
    )
    access_token_minutes: int = Field(default=60, ge=1, description="Lifetime of an access token.")
    refresh_token_days: int = Field(default=7, ge=1, description="Lifetime of a refresh token.")
    write_rate_limit: int = Field(
        default=100, ge=0, description="Write requests per minute per client (0: unlimited)."
    )
    login_rate_limit: int = Field(
        default=10, ge=1, description="Login attempts per minute per client and per user name."
    )
    max_request_body_bytes: int = Field(
        # The largest valid body, an endpoint with a 64 KiB private key and 64 KiB of known_hosts,
        # is well under 1 MiB even JSON-escaped; nothing uploads files through the API.
        default=1024 * 1024,
        ge=1024,
        description="Largest request body accepted (bytes); bigger ones get 413 before they are read.",
    )
    allow_link_local: bool = Field(
        default=False,
        description="Allow endpoint hosts in link-local / cloud-metadata ranges (169.254.0.0/16, fe80::/10).",
    )
    allowed_networks: str = Field(
        default="",
        description="Comma-separated networks (CIDR) endpoint hosts must resolve into; empty: any but link-local.",
    )
    scheduler_enabled: bool = Field(default=True, description="Run the scheduler inside `f2l serve`.")
    scheduler_interval: float = Field(default=5.0, gt=0, description="Seconds between scheduler ticks.")
    health_check_interval: float = Field(
        default=300.0, ge=0, description="Seconds between endpoint health checks (0: off)."
    )

    @field_validator("data_dir")
    @classmethod
    def _expand_data_dir(cls, value: Path) -> Path:
        return value.expanduser()

    @model_validator(mode="after")
    def _resolve_database_url(self) -> Self:
        url = self.database_url.strip()
        self.database_url = normalize_database_url(url) if url else sqlite_url(self.data_dir / SQLITE_FILE_NAME)
        return self

    @property
    def local_root_paths(self) -> list[Path]:
        """The allowed roots of `local` endpoints, absolute; the data directory when none is set."""
        roots = [Path(part).expanduser() for part in self.local_roots.split(os.pathsep) if part.strip()]
        return [Path(os.path.abspath(root)) for root in roots] or [Path(os.path.abspath(self.data_dir))]

    @property
    def allowed_network_list(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """`allowed_networks` parsed (validated at start-up)."""
        return [
            ipaddress.ip_network(part.strip(), strict=False)
            for part in self.allowed_networks.split(",")
            if part.strip()
        ]

    @field_validator("allowed_networks")
    @classmethod
    def _networks_parse(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                ipaddress.ip_network(part.strip(), strict=False)  # ValueError names the bad one
        return value

    @property
    def cors_origin_list(self) -> list[str]:
        """`cors_origins` as a list."""
        return [origin.strip() for origin in self.cors_origins.split(",") if origin.strip()]

    @property
    def redacted_database_url(self) -> str:
        """`database_url` with the password masked, for messages and logs."""
        return redact_url(self.database_url)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once; `get_settings.cache_clear()` re-reads them."""
    return Settings()
