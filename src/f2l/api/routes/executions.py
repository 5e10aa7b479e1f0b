"""`/executions`: run history, live detail, cancel, per-file operations, reconciliation, report export."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response, StreamingResponse

from f2l.api.audit import Audit
from f2l.api.deps import Db, Operator, Paging, State, Viewer
from f2l.db.statuses import OperationStatus
from f2l.services import executions as service
from f2l.services.executions import (
    ExecutionRead,
    ExecutionReport,
    ExecutionStatus,
    OperationRead,
    Reconciliation,
    SortField,
)
from f2l.services.logs import ExportFormat
from f2l.services.pagination import Page, page_of

router = APIRouter(prefix="/executions", tags=["executions"])

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "No such execution."}}
REPORT_CSV_COLUMNS = "action, path, reason, size, status, error, duration_ms, finished_at"


@router.get("", operation_id="executions-list")
async def list_executions(
    db: Db,
    user: Viewer,
    paging: Paging,
    session_id: uuid.UUID | None = None,
    status: ExecutionStatus | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    sort: SortField = "-created_at",
) -> Page[ExecutionRead]:
    """Runs, newest first by default; filter by session, status and creation time (`since` ≤ t < `until`)."""
    rows, total = await service.list_executions(
        db, paging, session_id=session_id, status=status, since=since, until=until, sort=sort
    )
    return page_of([service.execution_read(row, name) for row, name in rows], total, paging)


@router.get("/{execution_id}", operation_id="executions-read", responses=NOT_FOUND)
async def read_execution(execution_id: uuid.UUID, db: Db, user: Viewer) -> ExecutionRead:
    """One run: status, progress, counters, speed, ETA, timings and summary."""
    return service.execution_read(await service.get_execution(db, execution_id))


@router.post(
    "/{execution_id}/cancel",
    operation_id="executions-cancel",
    responses={**NOT_FOUND, 409: {"description": "The run already ended."}},
)
async def cancel_execution(
    execution_id: uuid.UUID, db: Db, state: State, user: Operator, audit: Audit
) -> ExecutionRead:
    """Cancel a run: a queued one at once, a running one within seconds (partial files are removed)."""
    execution = await service.request_cancel(db, execution_id)
    await state.runner.cancel(execution_id)
    await audit("cancel requested", session_id=execution.session_id, execution_id=execution.id)
    return service.execution_read(execution)


@router.get("/{execution_id}/operations", operation_id="executions-operations", responses=NOT_FOUND)
async def list_operations(
    execution_id: uuid.UUID,
    db: Db,
    user: Viewer,
    paging: Paging,
    action: Annotated[str | None, Query(max_length=40)] = None,
    status: OperationStatus | None = None,
    search: Annotated[str | None, Query(max_length=1000)] = None,
) -> Page[OperationRead]:
    """The run's file operations in the order they finished; filter by action, status, path text."""
    rows, total = await service.list_operations(
        db, execution_id, paging, action=action, status=status, search=search
    )
    return page_of([OperationRead.model_validate(row, from_attributes=True) for row in rows], total, paging)


@router.get("/{execution_id}/reconciliation", operation_id="executions-reconciliation", responses=NOT_FOUND)
async def read_reconciliation(execution_id: uuid.UUID, db: Db, user: Viewer) -> Reconciliation:
    """Both sides compared after the run: missing, extra, size and checksum differences, with counts."""
    return await service.reconciliation(db, execution_id)


@router.get(
    "/{execution_id}/reconciliation/export",
    operation_id="executions-reconciliation-export",
    responses={
        200: {
            "model": Reconciliation,
            "description": "A download (`Content-Disposition: attachment`): `format=json` the `Reconciliation` "
            "document, `format=csv` one row per differing path and kind (then the paths that could not be "
            "compared, as `error` rows).",
            "content": {
                "text/csv": {
                    "schema": {
                        "type": "string",
                        "description": f"CSV with the columns {list(service.RECONCILIATION_CSV_COLUMNS)}.",
                    }
                }
            },
        },
        **NOT_FOUND,
    },
    response_class=Response,
)
async def export_reconciliation(
    execution_id: uuid.UUID, db: Db, user: Viewer, format: ExportFormat = ExportFormat.CSV
) -> Response:
    """Download the differences the run's reconciliation found, as CSV or JSON."""
    check = await service.reconciliation(db, execution_id)
    filename = f"f2l-reconciliation-{execution_id}.{format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    if format == ExportFormat.CSV:
        return Response(service.reconciliation_csv(check), media_type="text/csv", headers=headers)
    return Response(check.model_dump_json(), media_type="application/json", headers=headers)


@router.get(
    "/{execution_id}/report",
    operation_id="executions-report",
    responses={
        200: {
            "model": ExecutionReport,  # under application/json: StreamingResponse names no media type
            "description": "A download (`Content-Disposition: attachment`), streamed: `format=json` one "
            "`ExecutionReport` document, `format=csv` a header row and one row per file operation.",
            "content": {
                "text/csv": {
                    "schema": {"type": "string", "description": f"CSV with the columns {REPORT_CSV_COLUMNS}."}
                }
            },
        },
        **NOT_FOUND,
    },
    response_class=StreamingResponse,
)
async def export_report(
    execution_id: uuid.UUID, db: Db, state: State, user: Viewer, format: ExportFormat = ExportFormat.JSON
) -> StreamingResponse:
    """Download the report: every operation as CSV, or execution, reconciliation and operations as JSON."""
    await service.get_execution(db, execution_id)  # 404 before the stream starts
    media = "text/csv" if format == ExportFormat.CSV else "application/json"
    filename = f"f2l-execution-{execution_id}.{format.value}"

    async def stream() -> AsyncIterator[str]:
        # A session of its own: the request's one may close before the body is streamed.
        async with state.sessionmaker() as session:
            async for chunk in service.export_report(session, execution_id, format):
                yield chunk

    return StreamingResponse(
        stream(), media_type=media, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
    )
