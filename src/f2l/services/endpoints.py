"""Endpoint use cases: create, read, update, delete, test, and opening one as a backend."""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from pydantic import SecretStr
from sqlalchemy import Select, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.config import Settings
from f2l.db.dialect import folded
from f2l.db.models import Endpoint, SyncSession, utc_now
from f2l.security.crypto import SecretBox
from f2l.security.guards import GuardError, check_host, check_local_path, check_url_host
from f2l.services.endpoint_backends import backend_options, create_endpoint_backend
from f2l.services.endpoint_schemas import (
    FIELDS_BY_TYPE,
    ONE_OF_BY_TYPE,
    REQUIRED_BY_TYPE,
    SECRET_FIELDS,
    ConnectionTest,
    EndpointCreate,
    EndpointFields,
    EndpointRead,
    EndpointUpdate,
)
from f2l.services.errors import ConflictError, FieldError, NotFoundError
from f2l.services.pagination import PageParams, fetch_page
from f2l.storage.base import Backend
from f2l.storage.errors import StorageError

logger = logging.getLogger(__name__)

SECRET_FIELDS_KEY = "secret_fields"
"""Key in `Endpoint.settings` listing which secrets are stored (their names, never their values)."""


@dataclass(frozen=True)
class EndpointDeps:
    """What endpoint use cases need besides the database session."""

    settings: Settings
    box: SecretBox


async def create_endpoint(db: AsyncSession, deps: EndpointDeps, data: EndpointCreate) -> Endpoint:
    """Validate `data` for its type and store it, secrets encrypted."""
    values = _set_fields(data)
    await _validate(deps, data.endpoint_type, values)
    endpoint = Endpoint(id=uuid.uuid4(), name=data.name.strip(), endpoint_type=data.endpoint_type)
    _store(endpoint, deps.box, values)
    db.add(endpoint)
    await _commit_unique_name(db, endpoint.name)
    return endpoint


async def update_endpoint(
    db: AsyncSession, deps: EndpointDeps, endpoint_id: uuid.UUID, data: EndpointUpdate
) -> Endpoint:
    """Apply the fields sent; omitted fields, secrets included, keep their values; null clears one."""
    endpoint = await get_endpoint(db, endpoint_id)
    values = {**stored_values(endpoint, deps.box)}
    changes = data.model_dump(exclude_unset=True, exclude={"name"})
    for field, value in changes.items():
        values[field] = value.get_secret_value() if isinstance(value, SecretStr) else value
    values = {field: value for field, value in values.items() if value is not None}
    await _validate(deps, endpoint.endpoint_type, values)
    if data.name is not None:
        endpoint.name = data.name.strip()
    _store(endpoint, deps.box, values)
    endpoint.connection_status, endpoint.last_error = "unknown", None  # the settings changed: re-test
    await _commit_unique_name(db, endpoint.name)
    return endpoint


async def get_endpoint(db: AsyncSession, endpoint_id: uuid.UUID) -> Endpoint:
    """The endpoint, or `NotFoundError`."""
    endpoint = await db.get(Endpoint, endpoint_id)
    if endpoint is None:
        raise NotFoundError(f"endpoint {endpoint_id} not found")
    return endpoint


async def list_endpoints(
    db: AsyncSession,
    params: PageParams,
    *,
    endpoint_type: str | None = None,
    status: str | None = None,
    search: str | None = None,
) -> tuple[list[Endpoint], int]:
    """A page of endpoints, newest first, filtered by type, connection status and name."""
    query: Select[Any] = select(Endpoint).order_by(Endpoint.created_at.desc(), Endpoint.id)
    if endpoint_type:
        query = query.where(Endpoint.endpoint_type == endpoint_type)
    if status:
        query = query.where(Endpoint.connection_status == status)
    if search:
        query = query.where(folded(Endpoint.name).contains(search.lower(), autoescape=True))
    rows, total = await fetch_page(db, query, params)
    return list(rows), total


async def delete_endpoint(db: AsyncSession, endpoint_id: uuid.UUID) -> None:
    """Delete an endpoint no session uses (`ConflictError` naming one that does)."""
    endpoint = await get_endpoint(db, endpoint_id)
    user = (
        await db.execute(
            select(SyncSession.name)
            .where(
                or_(
                    SyncSession.source_endpoint_id == endpoint_id,
                    SyncSession.destination_endpoint_id == endpoint_id,
                )
            )
            .limit(1)
        )
    ).scalar_one_or_none()
    if user is not None:
        raise ConflictError(
            f"endpoint {endpoint.name!r} is used by session {user!r}: delete or change that session first"
        )
    await db.delete(endpoint)
    await db.commit()


def endpoint_read(endpoint: Endpoint) -> EndpointRead:
    """The endpoint as answered: no secret, only whether each one is set."""
    settings = dict(endpoint.settings or {})
    secrets = set(settings.pop(SECRET_FIELDS_KEY, []))
    return EndpointRead(
        id=endpoint.id,
        name=endpoint.name,
        endpoint_type=endpoint.endpoint_type,
        **{field: value for field, value in settings.items() if field in EndpointRead.model_fields},
        **{f"has_{field}": field in secrets for field in SECRET_FIELDS},
        connection_status=endpoint.connection_status,
        last_health_check=endpoint.last_health_check,
        last_error=endpoint.last_error,
        last_latency_ms=endpoint.last_latency_ms,
        created_at=endpoint.created_at,
        updated_at=endpoint.updated_at,
    )


def stored_values(endpoint: Endpoint, box: SecretBox) -> dict[str, Any]:
    """Every field of the endpoint, secrets decrypted (for building a backend; never answered)."""
    values = {k: v for k, v in (endpoint.settings or {}).items() if k != SECRET_FIELDS_KEY}
    if endpoint.secrets_encrypted:
        values.update(json.loads(box.decrypt(endpoint.secrets_encrypted)))
    return values


async def open_backend(deps: EndpointDeps, endpoint: Endpoint, sub_path: str = "") -> Backend:
    """A backend for the endpoint rooted at `sub_path`, its host re-checked (DNS may have changed)."""
    values = stored_values(endpoint, deps.box)
    await _check_network(deps, endpoint.endpoint_type, values)
    if endpoint.endpoint_type == "local":
        _check_local(deps, values, sub_path)
    return create_endpoint_backend(endpoint.endpoint_type, values, sub_path)


@asynccontextmanager
async def connected(deps: EndpointDeps, endpoint: Endpoint, sub_path: str = "") -> AsyncIterator[Backend]:
    """The endpoint's backend, connected for the duration of the block."""
    backend = await open_backend(deps, endpoint, sub_path)
    async with backend:
        yield backend


async def test_endpoint(db: AsyncSession, deps: EndpointDeps, endpoint_id: uuid.UUID) -> ConnectionTest:
    """Connect and list the root; record the outcome as the endpoint's health."""
    endpoint = await get_endpoint(db, endpoint_id)
    result = await check_health(deps, endpoint)
    await db.commit()
    return result


async def check_health(deps: EndpointDeps, endpoint: Endpoint) -> ConnectionTest:
    """Probe the endpoint and set its health columns from the outcome (the caller commits)."""
    result = await probe(deps, endpoint)
    endpoint.connection_status = "online" if result.success else "offline"
    endpoint.last_health_check = utc_now()
    endpoint.last_error = None if result.success else result.message
    endpoint.last_latency_ms = result.latency_ms
    return result


def health_change_line(before: str, endpoint: Endpoint) -> tuple[str, str] | None:
    """The service-log line (level, message) a health check's outcome deserves: only a change.

    Going offline is a warning with the check's (secret-free) reason; coming back is news too.
    An endpoint that stays as it was, or is seen online for the first time, says nothing.
    """
    after = endpoint.connection_status
    if after == before:
        return None
    if after == "offline":
        return "warning", f"endpoint {endpoint.name!r} is offline: {endpoint.last_error}"
    if before == "offline":
        return "info", f"endpoint {endpoint.name!r} is back online"
    return None


async def probe(deps: EndpointDeps, endpoint: Endpoint) -> ConnectionTest:
    """Connect to the endpoint and list its root; never raises for a storage problem.

    `Backend.test_connection` reports a refusal (wrong password, closed port, missing root...)
    by *returning* an outcome whose `ok` is False, not by raising: that outcome decides.
    """
    started = time.perf_counter()
    backend: Backend | None = None
    try:
        backend = await open_backend(deps, endpoint)
        outcome = await backend.test_connection()
    except (StorageError, FieldError) as error:
        return _failed(deps, endpoint, str(error))
    except Exception as error:  # a library error no backend translated: still a failed check, not a 500
        # Only its type: the text of an untranslated error is not known to be secret-free.
        logger.warning("connection test of endpoint %s failed: unexpected %s", endpoint.id, type(error).__name__)
        return _failed(deps, endpoint, f"unexpected error while connecting ({type(error).__name__})")
    finally:
        if backend is not None:
            await backend.close()
    if not outcome.ok:
        return _failed(deps, endpoint, outcome.message)
    latency = round((time.perf_counter() - started) * 1000, 1)
    return ConnectionTest(success=True, message=f"connected to {endpoint.name}", latency_ms=latency)


def _failed(deps: EndpointDeps, endpoint: Endpoint, message: str) -> ConnectionTest:
    """A failed check whose message, answered and stored as `last_error`, holds none of the secrets."""
    try:
        secrets = [
            str(value)
            for field, value in stored_values(endpoint, deps.box).items()
            if field in SECRET_FIELDS and value
        ]
    except Exception:  # undecryptable secrets: nothing to mask, and the failure says enough
        secrets = []
    for secret in sorted(secrets, key=len, reverse=True):
        message = message.replace(secret, "***")
    return ConnectionTest(success=False, message=message, latency_ms=None)


# -- validation and storage -------------------------------------------------------------------


def _set_fields(data: EndpointFields) -> dict[str, Any]:
    """The type fields sent (not None), secrets unwrapped."""
    values: dict[str, Any] = {}
    for field in EndpointFields.model_fields:
        value = getattr(data, field)
        if value is not None:
            values[field] = value.get_secret_value() if isinstance(value, SecretStr) else value
    return values


async def _validate(deps: EndpointDeps, endpoint_type: str, values: dict[str, Any]) -> None:
    allowed = set(FIELDS_BY_TYPE[endpoint_type])
    problems = [
        (field, f"does not apply to {endpoint_type} endpoints") for field in values if field not in allowed
    ]
    problems += [
        (field, f"is required for {endpoint_type} endpoints")
        for field in REQUIRED_BY_TYPE[endpoint_type]
        if values.get(field) in (None, "")
    ]
    problems += [
        (group[0], f"an {endpoint_type.upper()} endpoint needs a {' or a '.join(group)}")
        for group in ONE_OF_BY_TYPE.get(endpoint_type, ())
        if not any(values.get(field) for field in group)
    ]
    if problems:
        raise FieldError(problems)
    backend_options(endpoint_type, values)  # the backend's own rules, reported by field
    if endpoint_type == "local":
        _check_local(deps, values, "")
    await _check_network(deps, endpoint_type, values)


def _check_local(deps: EndpointDeps, values: dict[str, Any], sub_path: str) -> None:
    try:
        root = check_local_path(str(values["local_path"]), deps.settings.local_root_paths)
        if sub_path:
            check_local_path(str(root / sub_path), deps.settings.local_root_paths)
    except GuardError as error:
        raise FieldError.one(error.field, error.message) from None


async def _check_network(deps: EndpointDeps, endpoint_type: str, values: dict[str, Any]) -> None:
    """Refuse hosts that resolve to link-local / cloud-metadata addresses (SSRF)."""
    allow, networks = deps.settings.allow_link_local, deps.settings.allowed_network_list
    try:
        if endpoint_type == "s3" and values.get("s3_endpoint_url"):
            url = str(values["s3_endpoint_url"])
            if urlsplit(url).scheme not in ("http", "https"):
                raise FieldError.one("s3_endpoint_url", "must be an http:// or https:// URL")
            await check_url_host(url, allow_link_local=allow, field="s3_endpoint_url", allowed_networks=networks)
        elif endpoint_type == "s3" and networks:
            # AWS itself: with allowed networks set, its address must be allowed like any other.
            region = values.get("s3_region") or "us-east-1"
            await check_host(
                f"s3.{region}.amazonaws.com",
                allow_link_local=allow,
                field="s3_endpoint_url",
                allowed_networks=networks,
            )
        elif endpoint_type in ("sftp", "ftp"):
            await check_host(str(values["host"]), allow_link_local=allow, field="host", allowed_networks=networks)
    except GuardError as error:
        raise FieldError.one(error.field, error.message) from None


def _store(endpoint: Endpoint, box: SecretBox, values: dict[str, Any]) -> None:
    secrets = {field: values[field] for field in SECRET_FIELDS if values.get(field)}
    plain = {field: value for field, value in values.items() if field not in SECRET_FIELDS}
    plain[SECRET_FIELDS_KEY] = sorted(secrets)
    endpoint.settings = plain
    endpoint.secrets_encrypted = box.encrypt(json.dumps(secrets)) if secrets else None


async def _commit_unique_name(db: AsyncSession, name: str) -> None:
    try:
        await db.commit()
    except IntegrityError:
        await db.rollback()
        raise ConflictError(f"name: an endpoint named {name!r} already exists") from None
