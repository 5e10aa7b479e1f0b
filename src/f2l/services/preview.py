"""A session's dry-run plan, as the dashboard and `POST /sessions/{id}/preview` show it."""

from __future__ import annotations

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from f2l.db.baseline import DatabasePairStates
from f2l.db.models import Endpoint, SyncSession
from f2l.db.state import SyncStateStore
from f2l.services.endpoints import EndpointDeps
from f2l.services.errors import ServiceError
from f2l.services.pagination import PageParams, Pagination
from f2l.services.pairs import open_pair
from f2l.services.sessions import sync_settings
from f2l.sync.engine import RunStatus
from f2l.sync.run import run


class PreviewItem(BaseModel):
    """One planned operation."""

    action: str
    path: str
    size: int
    reason: str


class PreviewTotals(BaseModel):
    """What the run would do, in numbers."""

    files_to_transfer: int
    bytes_to_transfer: int
    files_to_delete: int
    files_unchanged: int
    conflicts: int
    errors: int


class Preview(BaseModel):
    """The plan: totals, a page of operations, and why the run would stop (if a guard would stop it)."""

    status: str
    message: str
    totals: PreviewTotals
    data: list[PreviewItem]
    pagination: Pagination


async def preview(
    db: AsyncSession, state_engine: AsyncEngine, deps: EndpointDeps, session: SyncSession, params: PageParams
) -> Preview:
    """Plan the session without changing anything (files, folders, records or baselines)."""
    source = await db.get(Endpoint, session.source_endpoint_id)
    destination = await db.get(Endpoint, session.destination_endpoint_id)
    if source is None or destination is None:
        raise ServiceError("the session's endpoints no longer exist")
    settings = sync_settings(session, dry_run=True)
    async with open_pair(deps, session, source, destination, settings) as (source_side, destination_side):
        result = await run(
            source_side, destination_side, settings, states=DatabasePairStates(SyncStateStore(state_engine))
        )
    items = [
        PreviewItem(action=op.action, path=op.path, size=op.size, reason=op.reason) for op in result.operations
    ]
    totals = PreviewTotals(
        files_to_transfer=result.files_to_transfer,
        bytes_to_transfer=result.bytes_to_transfer,
        files_to_delete=result.files_to_delete,
        files_unchanged=result.files_unchanged,
        conflicts=result.conflicts,
        errors=len(result.errors),
    )
    page = items[params.offset : params.offset + params.limit]
    status = "would_fail" if result.status is RunStatus.FAILED else "ok"
    return Preview(
        status=status,
        message=result.message,
        totals=totals,
        data=page,
        pagination=Pagination(page=params.page, limit=params.limit, total=len(items)),
    )
