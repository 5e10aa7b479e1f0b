"""Settings of an S3 endpoint, declared once: API validation, forms, CLI flags and docs read them."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator

from f2l.storage.api_options import ApiField

MIB = 1 << 20
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.\-_]{1,253}[a-z0-9]$")

ChecksumAlgorithm = Literal["CRC32", "CRC32C", "SHA1", "SHA256", "CRC64NVME"]


class S3Options(BaseModel):
    """One bucket (plus optional prefix) on AWS S3 or an S3-compatible service.

    `ApiField` marks the options the API sets, under their endpoint field names.
    """

    model_config = ConfigDict(extra="forbid")

    bucket: Annotated[str, ApiField("s3_bucket", max_length=255)] = Field(description="Bucket name.")
    prefix: Annotated[str, ApiField("remote_path", max_length=4096)] = Field(
        "", description="Key prefix that acts as the root folder (no leading slash)."
    )
    region: Annotated[str | None, ApiField("s3_region", max_length=64)] = Field(
        None, description="AWS region, e.g. eu-west-1; empty uses the SDK's default chain."
    )
    endpoint_url: Annotated[str | None, ApiField("s3_endpoint_url", max_length=2048)] = Field(
        None, description="URL of an S3-compatible service (MinIO, Ceph, Wasabi...); empty for AWS."
    )
    path_style: Annotated[bool, ApiField("s3_path_style")] = Field(
        False,
        description="Address buckets as URL paths rather than host names (most S3-compatible services need this).",
    )
    access_key_id: Annotated[str | None, ApiField("s3_access_key", max_length=256)] = Field(
        None,
        description="Access key id; empty uses the default AWS credential chain (env, profile, instance role).",
    )
    secret_access_key: Annotated[SecretStr | None, ApiField("s3_secret_key", max_length=1024)] = Field(
        None, description="Secret access key (write-only)."
    )
    session_token: SecretStr | None = Field(None, description="Session token of temporary credentials.")
    use_ssl: Annotated[bool, ApiField("s3_use_ssl")] = Field(
        True, description="Use HTTPS when the endpoint URL does not say."
    )
    verify_ssl: Annotated[bool, ApiField("s3_verify_ssl")] = Field(
        True, description="Verify the server's TLS certificate."
    )
    storage_class: Annotated[str | None, ApiField("s3_storage_class", max_length=40)] = Field(
        None, description="Storage class of uploaded objects (STANDARD, STANDARD_IA, GLACIER_IR...)."
    )
    checksum_algorithm: ChecksumAlgorithm | None = Field(
        None, description="Additional checksum the server verifies and stores on upload."
    )
    request_checksum_calculation: Literal["when_supported", "when_required"] = Field(
        "when_required",
        description="Whether the SDK adds its default CRC checksums to every upload; "
        "some S3-compatible services reject them. F2L always sends Content-MD5.",
    )
    multipart_threshold: int = Field(
        16 * MIB, ge=5 * MIB, description="Files larger than this (bytes) are uploaded in parts."
    )
    single_put_limit: int = Field(
        200 * MIB,
        ge=5 * MIB,
        le=5 * 1024 * MIB,
        description="Local files up to this size (bytes) go up as one streamed PUT "
        "straight from disk, whatever the multipart threshold.",
    )
    multipart_chunk_size: int = Field(
        8 * MIB,
        ge=5 * MIB,
        le=5 * 1024 * MIB,
        description="Size of one part (bytes); grown automatically so a file fits in 10,000 parts.",
    )
    multipart_concurrency: int = Field(4, ge=1, le=64, description="Parts of one file uploaded at once.")
    multipart_buffer_parts: int = Field(
        4, ge=1, le=256, description="Part buffers held in memory at once across all uploads of this endpoint."
    )
    copy_cutoff: int = Field(
        4768 * MIB, ge=5 * MIB, description="Server-side copies above this size (bytes) are done in parts."
    )
    list_page_size: int = Field(1000, ge=1, le=1000, description="Keys asked for per listing request.")
    max_pool_connections: int = Field(32, ge=1, le=512, description="HTTP connections kept open.")
    connect_timeout: float = Field(10, gt=0, description="Seconds to wait for a connection.")
    read_timeout: float = Field(
        60,
        gt=0,
        description="Seconds a request may go without data moving: "
        "waiting for the server's answer or its next bytes, "
        "or for it to take more of an upload.",
    )
    max_attempts: int = Field(
        3, ge=1, le=20, description="Tries of each request on throttling or transient errors."
    )

    @field_validator("bucket")
    @classmethod
    def _bucket_is_valid(cls, value: str) -> str:
        if not _BUCKET_NAME.match(value):
            raise ValueError("must be 3-255 lowercase letters, digits, '.', '-' or '_'")
        return value

    @field_validator("prefix")
    @classmethod
    def _prefix_is_relative(cls, value: str) -> str:
        cleaned = value.strip("/")
        if any(part in ("..", ".") for part in cleaned.split("/")) or "//" in cleaned:
            raise ValueError("must be a plain key prefix without '.', '..' or empty segments")
        return cleaned
