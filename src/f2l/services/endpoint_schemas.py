"""The shapes of an endpoint in requests and responses, and which fields each type needs.

One flat model serves every type (as the dashboard's form is flat); `endpoint_type` says
which fields apply. Secret fields are write-only: accepted on input, answered as
`has_<field>` booleans, and stored only as ciphertext.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

EndpointType = Literal["s3", "sftp", "ftp", "local"]
ConnectionStatus = Literal["unknown", "online", "offline", "error"]

SECRET_FIELDS = ("s3_secret_key", "password", "private_key", "private_key_passphrase")
"""Fields that are encrypted at rest and never answered."""

FIELDS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "s3": (
        "s3_bucket",
        "s3_region",
        "s3_access_key",
        "s3_secret_key",
        "s3_endpoint_url",
        "s3_use_ssl",
        "s3_path_style",
        "s3_verify_ssl",
        "s3_storage_class",
        "remote_path",
    ),
    "sftp": (
        "host",
        "port",
        "username",
        "password",
        "private_key",
        "private_key_passphrase",
        "remote_path",
        "host_key_policy",
        "known_hosts",
    ),
    "ftp": ("host", "port", "username", "password", "remote_path", "ftp_passive", "ftp_tls", "ftp_verify_tls"),
    "local": ("local_path",),
}
"""The fields that belong to each type; others sent with it are refused."""

REQUIRED_BY_TYPE: dict[str, tuple[str, ...]] = {
    "s3": ("s3_bucket",),
    "sftp": ("host", "username"),
    "ftp": ("host",),
    "local": ("local_path",),
}


class EndpointFields(BaseModel):
    """Every type-specific field; all optional here, required per type by the service."""

    model_config = ConfigDict(extra="forbid")

    s3_bucket: str | None = Field(None, max_length=255, description="Bucket name (S3).")
    s3_region: str | None = Field(None, max_length=64, description="Region, e.g. eu-west-1 (S3).")
    s3_access_key: str | None = Field(
        None, max_length=256, description="Access key id (S3); empty uses the host's AWS credential chain."
    )
    s3_secret_key: SecretStr | None = Field(
        None, max_length=1024, description="Secret access key (S3, write-only)."
    )
    s3_endpoint_url: str | None = Field(
        None, max_length=2048, description="URL of an S3-compatible service (MinIO, Ceph...)."
    )
    s3_use_ssl: bool | None = Field(None, description="Use HTTPS when the URL does not say (default true).")
    s3_path_style: bool | None = Field(None, description="Path-style bucket addressing (default false).")
    s3_verify_ssl: bool | None = Field(None, description="Verify the TLS certificate (default true).")
    s3_storage_class: str | None = Field(None, max_length=40, description="Storage class of uploads.")
    host: str | None = Field(None, max_length=255, description="Server host name or address (SFTP, FTP).")
    port: int | None = Field(None, ge=1, le=65535, description="Server port (default 22 SFTP, 21 FTP).")
    username: str | None = Field(None, max_length=255, description="Login name (SFTP, FTP).")
    password: SecretStr | None = Field(None, max_length=1024, description="Login password (write-only).")
    private_key: SecretStr | None = Field(
        None, max_length=65536, description="SSH private key text (SFTP, write-only)."
    )
    private_key_passphrase: SecretStr | None = Field(
        None, max_length=1024, description="Passphrase of the private key (write-only)."
    )
    host_key_policy: Literal["strict", "accept_new"] | None = Field(
        None, description="SFTP host keys: `strict` (known_hosts must list it, default) or `accept_new`."
    )
    known_hosts: str | None = Field(
        None, max_length=65536, description="Trusted SSH host keys as known_hosts lines (SFTP)."
    )
    remote_path: str | None = Field(
        None, max_length=4096, description="Root folder on the server, or key prefix in the bucket (S3)."
    )
    ftp_passive: bool | None = Field(None, description="Passive mode (FTP, default true).")
    ftp_tls: bool | None = Field(None, description="Explicit FTPS: TLS for login and data (FTP).")
    ftp_verify_tls: bool | None = Field(None, description="Verify the FTPS certificate (default true).")
    local_path: str | None = Field(
        None, max_length=4096, description="Absolute folder on the F2L host (local); must lie in F2L_LOCAL_ROOTS."
    )


class EndpointCreate(EndpointFields):
    """A new endpoint."""

    name: str = Field(min_length=1, max_length=200, description="Unique display name.")
    endpoint_type: EndpointType = Field(description="Which kind of storage.")


class EndpointUpdate(EndpointFields):
    """Changes to an endpoint: only the fields sent change; an omitted secret is kept."""

    name: str | None = Field(None, min_length=1, max_length=200)


class EndpointRead(BaseModel):
    """An endpoint as answered: settings without secrets, plus health."""

    id: uuid.UUID
    name: str
    endpoint_type: EndpointType
    s3_bucket: str | None = None
    s3_region: str | None = None
    s3_access_key: str | None = None
    s3_endpoint_url: str | None = None
    s3_use_ssl: bool | None = None
    s3_path_style: bool | None = None
    s3_verify_ssl: bool | None = None
    s3_storage_class: str | None = None
    host: str | None = None
    port: int | None = None
    username: str | None = None
    host_key_policy: str | None = None
    known_hosts: str | None = None
    remote_path: str | None = None
    ftp_passive: bool | None = None
    ftp_tls: bool | None = None
    ftp_verify_tls: bool | None = None
    local_path: str | None = None
    has_s3_secret_key: bool = False
    has_password: bool = False
    has_private_key: bool = False
    has_private_key_passphrase: bool = False
    connection_status: ConnectionStatus = "unknown"
    last_health_check: datetime | None = None
    last_error: str | None = None
    last_latency_ms: float | None = None
    created_at: datetime
    updated_at: datetime


class ConnectionTest(BaseModel):
    """The answer of `POST /endpoints/{id}/test`."""

    success: bool
    message: str
    latency_ms: float | None


class PresignRequest(BaseModel):
    """A download link for one object."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(min_length=1, max_length=4096, description="Object path within the endpoint.")
    expires_in: int = Field(3600, ge=1, le=7 * 24 * 3600, description="Seconds the link stays valid (max 7 days).")


class PresignResponse(BaseModel):
    """A presigned GET URL."""

    url: str
    expires_in: int
    expires_at: datetime


class AnalyzeRequest(BaseModel):
    """What to analyze."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field("", max_length=4096, description="Folder within the endpoint ('' or '/': its root).")
