"""`/logs`: the service's log lines, filtered and paginated, and their streamed export."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse

from f2l.api.deps import Db, Paging, State, Viewer
from f2l.services import logs as service
from f2l.services.logs import CSV_COLUMNS, ExportFormat, LogExport, LogFilters, LogLevel, LogRead
from f2l.services.pagination import Page, page_of

router = APIRouter(prefix="/logs", tags=["logs"])


def log_filters(
    level: Annotated[LogLevel | None, Query(description="Only this level.")] = None,
    min_level: Annotated[LogLevel | None, Query(description="This level and the more severe ones.")] = None,
    session_id: uuid.UUID | None = None,
    execution_id: uuid.UUID | None = None,
    search: Annotated[
        str | None, Query(max_length=1000, description="Text the message contains (any case).")
    ] = None,
    since: Annotated[datetime | None, Query(description="From this time on (inclusive); UTC if naive.")] = None,
    until: Annotated[datetime | None, Query(description="Before this time (exclusive); UTC if naive.")] = None,
) -> LogFilters:
    """The filter query parameters shared by the list and the export."""
    return LogFilters(
        level=level,
        min_level=min_level,
        session_id=session_id,
        execution_id=execution_id,
        search=search,
        since=since,
        until=until,
    ).check()


Filters = Annotated[LogFilters, Depends(log_filters)]


@router.get("", operation_id="logs-list")
async def list_logs(db: Db, user: Viewer, paging: Paging, filters: Filters) -> Page[LogRead]:
    """Log lines, newest first; filter by level, session, run, message text and time (`since` ≤ t < `until`)."""
    rows, total, capped = await service.list_logs(db, paging, filters)
    return page_of([service.log_read(row) for row in rows], total, paging, capped=capped)


@router.get(
    "/export",
    operation_id="logs-export",
    response_class=StreamingResponse,
    responses={
        200: {
            "model": LogExport,  # under application/json: StreamingResponse names no media type
            "description": "A download (`Content-Disposition: attachment`), streamed: `format=csv` a header "
            "row and one row per line, `format=json` one `LogExport` document.",
            "content": {
                "text/csv": {
                    "schema": {"type": "string", "description": f"CSV with the columns {', '.join(CSV_COLUMNS)}."}
                }
            },
        }
    },
)
async def export_logs(
    state: State, user: Viewer, filters: Filters, format: ExportFormat = ExportFormat.CSV
) -> StreamingResponse:
    """Download the matching lines (at most 1,000,000, newest first) as CSV or as a JSON document."""
    media = "text/csv" if format == ExportFormat.CSV else "application/json"

    async def stream() -> AsyncIterator[str]:
        # A session of its own: the request's one may close before the body is streamed.
        async with state.sessionmaker() as session:
            async for chunk in service.export_logs(session, filters, format):
                yield chunk

    disposition = f'attachment; filename="f2l-logs.{format.value}"'
    return StreamingResponse(stream(), media_type=media, headers={"Content-Disposition": disposition})
