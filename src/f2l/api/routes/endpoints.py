"""`/endpoints`: storage locations — CRUD, connection test, browse, metadata, presign, analyze."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import AfterValidator
from sqlalchemy import select

from f2l.api.audit import Audit, fields_sent
from f2l.api.deps import Db, Operator, Paging, State, Viewer
from f2l.db import dialect
from f2l.db.models import ScanCache, SyncExecution, utc_now
from f2l.db.statuses import ExecutionStatus
from f2l.security.guards import GuardError, check_relative_path
from f2l.services import endpoints as service
from f2l.services import inspect
from f2l.services.endpoint_schemas import (
    AnalyzeRequest,
    ConnectionStatus,
    ConnectionTest,
    EndpointCreate,
    EndpointRead,
    EndpointType,
    EndpointUpdate,
    MatchRequest,
    PresignRequest,
    PresignResponse,
)
from f2l.services.errors import FieldError
from f2l.services.inspect_models import Analysis, BrowsePage, FilterMatch, PathMetadata
from f2l.services.pagination import Page, page_of
from f2l.storage.base import SupportsPresign
from f2l.sync.filters import FileFilter

router = APIRouter(prefix="/endpoints", tags=["endpoints"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such endpoint."}}
BROWSE_MAX_LIMIT = 1000


def _relative_query_path(path: str) -> str:
    """The `path` query parameter cleaned; refused as a query parameter (422 at `["query", "path"]`)."""
    try:
        return check_relative_path(path)
    except GuardError as error:
        raise ValueError(error.message) from None


QueryPath = Annotated[str, Query(max_length=4096), AfterValidator(_relative_query_path)]


@router.get("", operation_id="endpoints-list")
async def list_endpoints(
    db: Db,
    user: Viewer,
    paging: Paging,
    type: EndpointType | None = None,
    status: ConnectionStatus | None = None,
    search: Annotated[str | None, Query(max_length=200)] = None,
) -> Page[EndpointRead]:
    """Endpoints, newest first; filter by `type`, connection `status` and name."""
    rows, total = await service.list_endpoints(db, paging, endpoint_type=type, status=status, search=search)
    return page_of([service.endpoint_read(row) for row in rows], total, paging)


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    operation_id="endpoints-create",
    responses={409: {"description": "The name is taken."}},
)
async def create_endpoint(
    data: EndpointCreate, db: Db, state: State, user: Operator, audit: Audit
) -> EndpointRead:
    """Add an endpoint; the fields required depend on `endpoint_type`. Secrets are write-only."""
    endpoint = await service.create_endpoint(db, state.endpoint_deps, data)
    await audit(f"{endpoint.endpoint_type} endpoint {endpoint.name!r} added")
    return service.endpoint_read(endpoint)


@router.get("/{endpoint_id}", operation_id="endpoints-read", responses=NOT_FOUND)
async def read_endpoint(endpoint_id: uuid.UUID, db: Db, user: Viewer) -> EndpointRead:
    """One endpoint (secrets shown only as `has_…` flags)."""
    return service.endpoint_read(await service.get_endpoint(db, endpoint_id))


@router.patch("/{endpoint_id}", operation_id="endpoints-update", responses=NOT_FOUND)
@router.put("/{endpoint_id}", operation_id="endpoints-replace", responses=NOT_FOUND, include_in_schema=False)
async def update_endpoint(
    endpoint_id: uuid.UUID, data: EndpointUpdate, db: Db, state: State, user: Operator, audit: Audit
) -> EndpointRead:
    """Change the fields sent; an omitted secret keeps its value, `null` clears it."""
    endpoint = await service.update_endpoint(db, state.endpoint_deps, endpoint_id, data)
    await audit(f"endpoint {endpoint.name!r} changed ({fields_sent(data)})")
    return service.endpoint_read(endpoint)


@router.delete(
    "/{endpoint_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="endpoints-delete",
    responses={**NOT_FOUND, 409: {"description": "A session uses it."}},
)
async def delete_endpoint(endpoint_id: uuid.UUID, db: Db, user: Operator, audit: Audit) -> None:
    """Delete an endpoint no session uses."""
    name = (await service.get_endpoint(db, endpoint_id)).name
    await service.delete_endpoint(db, endpoint_id)
    await audit(f"endpoint {name!r} deleted")


@router.post("/{endpoint_id}/test", operation_id="endpoints-test", responses=NOT_FOUND)
async def test_endpoint(endpoint_id: uuid.UUID, db: Db, state: State, user: Operator) -> ConnectionTest:
    """Connect and check the root; the result becomes the endpoint's connection status."""
    return await service.test_endpoint(db, state.endpoint_deps, endpoint_id)


@router.get("/{endpoint_id}/browse", operation_id="endpoints-browse", responses=NOT_FOUND)
async def browse(
    endpoint_id: uuid.UUID,
    db: Db,
    state: State,
    user: Viewer,
    path: QueryPath = "",
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=BROWSE_MAX_LIMIT)] = 100,
) -> BrowsePage:
    """One folder level, paginated: size, mtime, ETag, storage class, content type guessed from the name."""
    endpoint = await service.get_endpoint(db, endpoint_id)
    async with service.connected(state.endpoint_deps, endpoint) as backend:
        return await inspect.browse(backend, path, page=page, limit=limit)


@router.get("/{endpoint_id}/metadata", operation_id="endpoints-metadata", responses=NOT_FOUND)
async def metadata(
    endpoint_id: uuid.UUID, db: Db, state: State, user: Viewer, path: QueryPath = ""
) -> PathMetadata:
    """A file's metadata, or a folder's file count, total size and last change."""
    endpoint = await service.get_endpoint(db, endpoint_id)
    async with service.connected(state.endpoint_deps, endpoint) as backend:
        return await inspect.metadata(backend, path)


@router.post(
    "/{endpoint_id}/presign",
    operation_id="endpoints-presign",
    responses={**NOT_FOUND, 422: {"description": "Not an S3 endpoint, or a bad path."}},
)
async def presign(
    endpoint_id: uuid.UUID, data: PresignRequest, db: Db, state: State, user: Operator, audit: Audit
) -> PresignResponse:
    """A time-limited GET URL for one object (S3 only; at most 7 days)."""
    relative = _path(data.path, "path")
    if not relative:
        raise FieldError.one("path", "name an object, not the root")
    endpoint = await service.get_endpoint(db, endpoint_id)
    async with service.connected(state.endpoint_deps, endpoint) as backend:
        if not isinstance(backend, SupportsPresign):
            raise FieldError.one("endpoint_type", f"{endpoint.endpoint_type} endpoints cannot presign URLs")
        entry = await backend.stat(relative)
        if entry.is_dir:
            raise FieldError.one("path", "is a folder; presigned URLs are for one object")
        url = await backend.presign(relative, data.expires_in)
    # Presigned URLs hand out data without F2L in the loop: who asked for which object is kept.
    await audit(
        f"presigned GET URL for {relative!r} on endpoint {endpoint.name!r}, valid {data.expires_in} s, issued"
    )
    return PresignResponse(
        url=url, expires_in=data.expires_in, expires_at=utc_now() + timedelta(seconds=data.expires_in)
    )


@router.post("/{endpoint_id}/analyze", operation_id="endpoints-analyze", responses=NOT_FOUND)
async def analyze(endpoint_id: uuid.UUID, data: AnalyzeRequest, db: Db, state: State, user: Operator) -> Analysis:
    """Walk a folder: counts, sizes, histogram, largest files, breakdowns, estimated transfer time."""
    relative = _path(data.path, "path")
    endpoint = await service.get_endpoint(db, endpoint_id)
    speed = await _recent_speed(db)
    async with service.connected(state.endpoint_deps, endpoint) as backend:
        result = await inspect.analyze(backend, relative, recent_speed_bps=speed)
    await _cache(db, endpoint_id, relative, result)
    return result


@router.post("/{endpoint_id}/match", operation_id="endpoints-match", responses=NOT_FOUND)
async def match_filters(
    endpoint_id: uuid.UUID, data: MatchRequest, db: Db, state: State, user: Operator
) -> FilterMatch:
    """Count the files a session's filters let through in a folder, with a sample of them.

    The session wizard's live count: the walk stops after 200,000 files or 10 seconds
    (`complete` false), so its numbers are then lower bounds.
    """
    relative = _path(data.path, "path")
    endpoint = await service.get_endpoint(db, endpoint_id)
    async with service.connected(state.endpoint_deps, endpoint) as backend:
        return await inspect.match(backend, relative, FileFilter(data.filters))


def _path(path: str, field: str = "path") -> str:
    try:
        return check_relative_path(path, field=field)
    except GuardError as error:
        raise FieldError.one(error.field, error.message) from None


async def _recent_speed(db: Db) -> float | None:
    """Average transfer speed of the last completed runs that moved data (bytes per second)."""
    rows = (
        await db.execute(
            select(SyncExecution.bytes_transferred, SyncExecution.started_at, SyncExecution.finished_at)
            .where(SyncExecution.status == ExecutionStatus.COMPLETED, SyncExecution.bytes_transferred > 0)
            .order_by(SyncExecution.created_at.desc())
            .limit(20)
        )
    ).all()
    moved = seconds = 0.0
    for transferred, started, finished in rows:
        if started and finished and finished > started:
            moved += transferred
            seconds += (finished - started).total_seconds()
    return moved / seconds if seconds > 0 else None


async def _cache(db: Db, endpoint_id: uuid.UUID, path: str, result: Analysis) -> None:
    values = {
        "endpoint_id": endpoint_id,
        "path": path,
        "result": result.model_dump(mode="json"),
        "scanned_at": utc_now(),
    }
    await db.execute(
        dialect.upsert(
            db,
            ScanCache,
            ["endpoint_id", "path"],
            values,
            {"result": values["result"], "scanned_at": values["scanned_at"]},
        )
    )
    await db.commit()
