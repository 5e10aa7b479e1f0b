"""Session use cases: CRUD, the engine settings a session stands for, its schedule, starting a run."""

from __future__ import annotations

import uuid
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.db.dialect import folded
from f2l.db.models import Endpoint, SyncExecution, SyncSession, utc_now
from f2l.db.statuses import ACTIVE_STATUSES, ExecutionStatus, ExecutionTrigger
from f2l.security.guards import GuardError, check_relative_path
from f2l.services.errors import ConflictError, FieldError, NotFoundError
from f2l.services.pagination import PageParams, fetch_page
from f2l.services.schedule import cron_is_valid, next_run_after
from f2l.services.session_schemas import (
    ENGINE_SETTINGS,
    ExecutionBrief,
    SessionCreate,
    SessionFields,
    SessionRead,
    SessionUpdate,
)
from f2l.sync.filters import FilterSpec
from f2l.sync.options import SyncSettings

# FilterSpec's field → the session field a user filled in.
_FILTER_FIELDS = {
    "folders": "folder_names",
    "include": "file_patterns",
    "exclude": "exclude_patterns",
    "min_size": "min_size",
    "max_size": "max_size",
    "min_age": "min_age_seconds",
    "max_age": "max_age_seconds",
}


async def create_session(db: AsyncSession, data: SessionCreate) -> SyncSession:
    """Validate and store a new session; its first scheduled run is computed from now."""
    values = data.model_dump()
    await _validate(db, values)
    session = SyncSession(id=uuid.uuid4(), **values)
    session.name = session.name.strip()
    session.next_run_at = _next_run(session)
    db.add(session)
    await db.commit()
    return session


async def update_session(db: AsyncSession, session_id: uuid.UUID, data: SessionUpdate) -> SyncSession:
    """Apply the fields sent; a schedule change recomputes the next run."""
    session = await get_session(db, session_id)
    changes = data.model_dump(exclude_unset=True)
    values = {
        column: getattr(session, column)
        for column in (*SessionFields.model_fields, "name", "source_endpoint_id", "destination_endpoint_id")
    }
    for field, value in changes.items():
        if value is None and field in _NOT_NULL:
            raise FieldError.one(field, "must not be null")
        values[field] = value
    await _validate(db, values)
    for field, value in values.items():
        setattr(session, field, value)
    if changes.keys() & {"schedule_enabled", "schedule_interval", "schedule_unit", "schedule_cron"}:
        session.next_run_at = _next_run(session)
    await db.commit()
    return session


_NOT_NULL = {
    name
    for name, info in SessionCreate.model_fields.items()
    if info.annotation is not None and "None" not in str(info.annotation)
}


async def get_session(db: AsyncSession, session_id: uuid.UUID) -> SyncSession:
    """The session, or `NotFoundError`."""
    session = await db.get(SyncSession, session_id)
    if session is None:
        raise NotFoundError(f"session {session_id} not found")
    return session


async def list_sessions(
    db: AsyncSession, params: PageParams, *, search: str | None = None, endpoint_id: uuid.UUID | None = None
) -> tuple[list[SyncSession], int]:
    """A page of sessions, newest first."""
    query: Select[Any] = select(SyncSession).order_by(SyncSession.created_at.desc(), SyncSession.id)
    if search:
        query = query.where(folded(SyncSession.name).contains(search.lower(), autoescape=True))
    if endpoint_id:
        query = query.where(
            (SyncSession.source_endpoint_id == endpoint_id) | (SyncSession.destination_endpoint_id == endpoint_id)
        )
    rows, total = await fetch_page(db, query, params)
    return list(rows), total


async def delete_session(db: AsyncSession, session_id: uuid.UUID) -> None:
    """Delete a session and its history; refused while one of its runs is active."""
    session = await get_session(db, session_id)
    if await active_execution(db, session_id) is not None:
        raise ConflictError("the session has a queued or running execution: cancel it first")
    await db.delete(session)
    await db.commit()


async def active_execution(db: AsyncSession, session_id: uuid.UUID) -> SyncExecution | None:
    """The session's queued or running execution, if any."""
    query = select(SyncExecution).where(
        SyncExecution.session_id == session_id, SyncExecution.status.in_(ACTIVE_STATUSES)
    )
    return (await db.execute(query)).scalars().first()


async def set_schedule_paused(db: AsyncSession, session_id: uuid.UUID, paused: bool) -> SyncSession:
    """Pause or resume the schedule; resuming plans the next run from now."""
    session = await get_session(db, session_id)
    if not session.schedule_enabled:
        raise ConflictError("the session has no schedule: enable one first")
    session.schedule_paused = paused
    session.next_run_at = None if paused else _next_run(session)
    await db.commit()
    return session


async def create_execution(
    db: AsyncSession,
    session: SyncSession,
    *,
    dry_run: bool,
    force_overwrite: bool,
    trigger: ExecutionTrigger,
    allow_mass_delete: bool = False,
) -> SyncExecution:
    """A queued execution of `session`; `ConflictError` when one is already active.

    The database's partial unique index is what guarantees one active run per session, even
    with two schedulers or two API replicas racing.
    """
    name = session.name  # read now: a rollback expires the object's attributes
    execution = SyncExecution(
        id=uuid.uuid4(),
        session_id=session.id,
        status=ExecutionStatus.QUEUED.value,
        trigger=ExecutionTrigger(trigger).value,
        dry_run=dry_run,
        force_overwrite=force_overwrite,
        allow_mass_delete=allow_mass_delete,
        created_at=utc_now(),
    )
    db.add(execution)
    try:
        await db.flush()
    except IntegrityError:
        await db.rollback()
        raise ConflictError(f"session {name!r} already has a queued or running execution") from None
    session.last_execution_id = execution.id
    await db.commit()
    return execution


async def session_read(db: AsyncSession, session: SyncSession) -> SessionRead:
    """The session as answered, with its last execution."""
    return (await session_reads(db, [session]))[0]


async def session_reads(db: AsyncSession, sessions: list[SyncSession]) -> list[SessionRead]:
    """Sessions as answered, their last executions read in one query (not one per session)."""
    wanted = [session.last_execution_id for session in sessions if session.last_execution_id]
    briefs: dict[uuid.UUID, ExecutionBrief] = {}
    if wanted:
        rows = await db.execute(
            select(
                SyncExecution.id,
                SyncExecution.status,
                SyncExecution.created_at,
                SyncExecution.started_at,
                SyncExecution.finished_at,
            ).where(SyncExecution.id.in_(wanted))
        )
        for execution_id, status, created_at, started_at, finished_at in rows.all():
            briefs[execution_id] = ExecutionBrief(
                id=execution_id,
                status=status,
                created_at=created_at,
                started_at=started_at,
                finished_at=finished_at,
            )
    return [
        _session_read(session, briefs.get(session.last_execution_id) if session.last_execution_id else None)
        for session in sessions
    ]


def _session_read(session: SyncSession, brief: ExecutionBrief | None) -> SessionRead:
    fields = {name: getattr(session, name) for name in SessionFields.model_fields}
    return SessionRead(
        id=session.id,
        name=session.name,
        source_endpoint_id=session.source_endpoint_id,
        destination_endpoint_id=session.destination_endpoint_id,
        schedule_paused=session.schedule_paused,
        next_run_at=session.next_run_at,
        last_execution=brief,
        created_at=session.created_at,
        updated_at=session.updated_at,
        **fields,
    )


def _engine_values(session: SyncSession, model: type[BaseModel]) -> dict[str, Any]:
    """The session's columns that fill `model`'s settings, by `ENGINE_SETTINGS` (None: the model's default)."""
    values = {
        setting: getattr(session, field)
        for field, (owner, setting) in ENGINE_SETTINGS.items()
        if owner is model and getattr(session, field) is not None
    }
    return {name: list(value) if isinstance(value, list) else value for name, value in values.items()}


def filter_spec(session: SyncSession) -> FilterSpec:
    """The filters of the session (a group that is switched off contributes nothing)."""
    values = _engine_values(session, FilterSpec)
    if not session.folder_filter_enabled:
        values["folders"] = []
    if not session.file_pattern_enabled:
        values["include"] = []
    return FilterSpec(**values)


def sync_settings(
    session: SyncSession,
    *,
    dry_run: bool,
    force_overwrite: bool = False,
    allow_mass_delete: bool = False,
    default_transfers: int = 8,
    default_checkers: int = 8,
) -> SyncSettings:
    """The engine settings of one run of the session, with this run's options."""
    values = _engine_values(session, SyncSettings)
    values.setdefault("transfers", default_transfers)
    values.setdefault("checkers", default_checkers)
    return SyncSettings(
        **values
        | {
            "force": session.force_overwrite or force_overwrite,
            "allow_mass_delete": allow_mass_delete,
            "dry_run": dry_run,
            # A service run always reconciles both sides afterwards (stored with the execution).
            "verify": not dry_run,
            "bwlimit": float(session.bandwidth_limit) if session.bandwidth_limit else None,
            "filters": filter_spec(session),
        }
    )


def _next_run(session: SyncSession) -> Any:
    if not session.schedule_enabled or session.schedule_paused:
        return None
    return next_run_after(
        utc_now(), interval=session.schedule_interval, unit=session.schedule_unit, cron=session.schedule_cron
    )


async def _validate(db: AsyncSession, values: dict[str, Any]) -> None:
    problems: list[tuple[str, str]] = []
    for field in ("source_path", "destination_path"):
        try:
            values[field] = check_relative_path(values.get(field) or "", field=field)
        except GuardError as error:
            problems.append((error.field, error.message))
    for field in ("source_endpoint_id", "destination_endpoint_id"):
        if await db.get(Endpoint, values[field]) is None:
            problems.append((field, f"no endpoint with id {values[field]}"))
    if (
        values["source_endpoint_id"] == values["destination_endpoint_id"]
        and not problems
        and _overlap(values["source_path"], values["destination_path"])
    ):
        problems.append(
            (
                "destination_path",
                "source and destination are the same endpoint and their folders "
                "overlap: a sync would read what it writes",
            )
        )
    problems += _schedule_problems(values)
    if values.get("folder_filter_enabled") and not values.get("folder_names"):
        problems.append(("folder_names", "name at least one folder, or disable the folder filter"))
    if values.get("file_pattern_enabled") and not values.get("file_patterns"):
        problems.append(("file_patterns", "give at least one pattern, or disable the file patterns"))
    for low, high in (("min_size", "max_size"), ("min_age_seconds", "max_age_seconds")):
        if values.get(low) is not None and values.get(high) is not None and values[low] > values[high]:
            problems.append((high, f"must not be smaller than {low}"))
    problems += _filter_problems(values)
    if problems:
        raise FieldError(problems)


def _overlap(a: str, b: str) -> bool:
    a, b = a.strip("/"), b.strip("/")
    return not a or not b or a == b or a.startswith(b + "/") or b.startswith(a + "/")


def _schedule_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    cron = values.get("schedule_cron")
    if cron and not cron_is_valid(cron):
        return [("schedule_cron", f"{cron!r} is not a valid 5-field cron expression")]
    if not values.get("schedule_enabled") or cron:
        return []
    problems = []
    if not values.get("schedule_interval"):
        problems.append(("schedule_interval", "a schedule needs an interval (or a schedule_cron)"))
    if not values.get("schedule_unit"):
        problems.append(("schedule_unit", "a schedule needs a unit: minutes, hours or days"))
    return problems


def _filter_problems(values: dict[str, Any]) -> list[tuple[str, str]]:
    try:
        FilterSpec(
            folders=values.get("folder_names") or [],
            include=values.get("file_patterns") or [],
            exclude=values.get("exclude_patterns") or [],
        )
    except ValidationError as error:
        return [
            (
                _FILTER_FIELDS.get(str(problem["loc"][0]), str(problem["loc"][0])),
                str(problem["msg"]).removeprefix("Value error, "),
            )
            for problem in error.errors()
        ]
    return []
