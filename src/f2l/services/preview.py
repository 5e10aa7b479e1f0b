"""A session's dry-run plan, as the dashboard and `POST /sessions/{id}/preview` show it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from f2l.db.baseline import DatabasePairStates
from f2l.db.models import Endpoint, SyncSession
from f2l.db.state import SyncStateStore
from f2l.services.endpoints import EndpointDeps
from f2l.services.errors import ServiceError
from f2l.services.pagination import PageParams, Pagination
from f2l.services.pairs import open_pair
from f2l.services.plan_cache import KeptPlan, PlanCache, plan_fingerprint
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

    plan_id: uuid.UUID = Field(
        description="This plan's id: send it as `plan_id` to get its other pages without planning again."
    )
    planned_at: datetime = Field(description="When the endpoints were listed for this plan.")
    status: str
    message: str
    totals: PreviewTotals
    data: list[PreviewItem]
    pagination: Pagination


async def preview(
    db: AsyncSession,
    state_engine: AsyncEngine,
    deps: EndpointDeps,
    session: SyncSession,
    params: PageParams,
    plans: PlanCache,
    plan_id: uuid.UUID | None = None,
) -> Preview:
    """Plan the session without changing anything (files, folders, records or baselines).

    With the `plan_id` of a plan still kept (and the session and its endpoints unchanged since),
    the page is cut from that plan; otherwise the session is planned again under a new id.
    """
    source = await db.get(Endpoint, session.source_endpoint_id)
    destination = await db.get(Endpoint, session.destination_endpoint_id)
    if source is None or destination is None:
        raise ServiceError("the session's endpoints no longer exist")
    fingerprint = plan_fingerprint(session, source, destination)
    kept = plans.get(plan_id, session.id, fingerprint) if plan_id is not None else None
    if kept is None:
        kept = await _plan(state_engine, deps, session, source, destination, fingerprint)
        plans.put(kept)
    page = kept.operations[params.offset : params.offset + params.limit]
    return Preview(
        plan_id=kept.plan_id,
        planned_at=kept.planned_at,
        status=kept.status,
        message=kept.message,
        totals=PreviewTotals(**kept.totals),
        data=[
            PreviewItem(action=action, path=path, size=size, reason=reason) for action, path, size, reason in page
        ],
        pagination=Pagination(page=params.page, limit=params.limit, total=len(kept.operations)),
    )


async def _plan(
    state_engine: AsyncEngine,
    deps: EndpointDeps,
    session: SyncSession,
    source: Endpoint,
    destination: Endpoint,
    fingerprint: str,
) -> KeptPlan:
    """A dry run of the session: every operation it would do, and its totals."""
    planned_at = datetime.now(UTC)
    settings = sync_settings(session, dry_run=True)
    async with open_pair(deps, session, source, destination, settings) as (source_side, destination_side):
        result = await run(
            source_side, destination_side, settings, states=DatabasePairStates(SyncStateStore(state_engine))
        )
    totals = PreviewTotals(
        files_to_transfer=result.files_to_transfer,
        bytes_to_transfer=result.bytes_to_transfer,
        files_to_delete=result.files_to_delete,
        files_unchanged=result.files_unchanged,
        conflicts=result.conflicts,
        errors=len(result.errors),
    )
    return KeptPlan(
        plan_id=uuid.uuid4(),
        session_id=session.id,
        fingerprint=fingerprint,
        planned_at=planned_at,
        status="would_fail" if result.status is RunStatus.FAILED else "ok",
        message=result.message,
        totals=totals.model_dump(),
        operations=tuple((op.action, op.path, op.size, op.reason) for op in result.operations),
    )
