"""`/sessions`: saved sync jobs — CRUD, preview, start, schedule pause/resume."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, status

from f2l.api.audit import Audit, fields_sent
from f2l.api.deps import Db, Operator, Paging, State, Viewer
from f2l.db.statuses import ExecutionStatus, ExecutionTrigger
from f2l.services import sessions as service
from f2l.services.pagination import Page, page_of
from f2l.services.preview import Preview, preview
from f2l.services.session_schemas import SessionCreate, SessionRead, SessionUpdate, StartRequest, StartResponse

router = APIRouter(prefix="/sessions", tags=["sessions"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such session."}}


@router.get("", operation_id="sessions-list")
async def list_sessions(
    db: Db,
    user: Viewer,
    paging: Paging,
    search: Annotated[str | None, Query(max_length=200)] = None,
    endpoint_id: uuid.UUID | None = None,
) -> Page[SessionRead]:
    """Sessions, newest first; filter by name or by an endpoint they use."""
    rows, total = await service.list_sessions(db, paging, search=search, endpoint_id=endpoint_id)
    return page_of(await service.session_reads(db, rows), total, paging)


@router.post("", status_code=status.HTTP_201_CREATED, operation_id="sessions-create")
async def create_session(data: SessionCreate, db: Db, user: Operator, audit: Audit) -> SessionRead:
    """Create a session between two endpoints with its filters, compare mode and schedule."""
    session = await service.create_session(db, data)
    await audit(f"session {session.name!r} created", session_id=session.id)
    return await service.session_read(db, session)


@router.get("/{session_id}", operation_id="sessions-read", responses=NOT_FOUND)
async def read_session(session_id: uuid.UUID, db: Db, user: Viewer) -> SessionRead:
    """One session, with its next scheduled run and last execution."""
    return await service.session_read(db, await service.get_session(db, session_id))


@router.patch("/{session_id}", operation_id="sessions-update", responses=NOT_FOUND)
@router.put("/{session_id}", operation_id="sessions-replace", responses=NOT_FOUND, include_in_schema=False)
async def update_session(
    session_id: uuid.UUID, data: SessionUpdate, db: Db, user: Operator, audit: Audit
) -> SessionRead:
    """Change the fields sent."""
    session = await service.update_session(db, session_id, data)
    await audit(f"session {session.name!r} changed ({fields_sent(data)})", session_id=session.id)
    return await service.session_read(db, session)


@router.delete(
    "/{session_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    operation_id="sessions-delete",
    responses={**NOT_FOUND, 409: {"description": "A run is active."}},
)
async def delete_session(session_id: uuid.UUID, db: Db, user: Operator, audit: Audit) -> None:
    """Delete a session and its history."""
    name = (await service.get_session(db, session_id)).name
    await service.delete_session(db, session_id)
    await audit(f"session {name!r} and its history deleted")


@router.post("/{session_id}/preview", operation_id="sessions-preview", responses=NOT_FOUND)
async def preview_session(
    session_id: uuid.UUID,
    db: Db,
    state: State,
    user: Viewer,
    paging: Paging,
    plan_id: Annotated[
        uuid.UUID | None,
        Query(
            description="The `plan_id` of an earlier page: this page comes from the same plan (no new "
            "listing) while it is kept and the session and its endpoints are unchanged; else a new plan."
        ),
    ] = None,
) -> Preview:
    """The dry-run plan: totals and a page of the operations a run would do. Changes nothing."""
    session = await service.get_session(db, session_id)
    return await preview(db, state.engine, state.endpoint_deps, session, paging, state.preview_plans, plan_id)


@router.post(
    "/{session_id}/start",
    status_code=status.HTTP_202_ACCEPTED,
    operation_id="sessions-start",
    responses={**NOT_FOUND, 409: {"description": "A run of this session is already active."}},
)
async def start_session(
    session_id: uuid.UUID, db: Db, state: State, user: Operator, audit: Audit, data: StartRequest | None = None
) -> StartResponse:
    """Queue a run; follow it at `/executions/{execution_id}` or over the live events."""
    options = data or StartRequest()
    session = await service.get_session(db, session_id)
    execution = await service.create_execution(
        db,
        session,
        dry_run=options.dry_run,
        force_overwrite=options.force_overwrite,
        allow_mass_delete=options.allow_mass_delete,
        trigger=ExecutionTrigger.MANUAL,
    )
    how = [word for word, on in (("dry run", options.dry_run), ("every file", options.force_overwrite)) if on]
    if options.allow_mass_delete:
        how.append("deletion limits overridden")
    # A line of the run itself (its page and the session's links say which): who asked for it.
    await audit(
        f"run requested{' (' + ', '.join(how) + ')' if how else ''}",
        session_id=session.id,
        execution_id=execution.id,
    )
    await state.runner.submit(execution.id)
    return StartResponse(execution_id=execution.id, status=ExecutionStatus.QUEUED)


@router.post(
    "/{session_id}/schedule/pause",
    operation_id="sessions-schedule-pause",
    responses={**NOT_FOUND, 409: {"description": "The session has no schedule."}},
)
async def pause_schedule(session_id: uuid.UUID, db: Db, user: Operator, audit: Audit) -> SessionRead:
    """Stop scheduled runs until resumed (a run in progress continues)."""
    session = await service.set_schedule_paused(db, session_id, True)
    await audit(f"schedule of {session.name!r} paused", session_id=session.id)
    return await service.session_read(db, session)


@router.post(
    "/{session_id}/schedule/resume",
    operation_id="sessions-schedule-resume",
    responses={**NOT_FOUND, 409: {"description": "The session has no schedule."}},
)
async def resume_schedule(session_id: uuid.UUID, db: Db, user: Operator, audit: Audit) -> SessionRead:
    """Restart scheduled runs; the next one is planned from now."""
    session = await service.set_schedule_paused(db, session_id, False)
    await audit(f"schedule of {session.name!r} resumed", session_id=session.id)
    return await service.session_read(db, session)
