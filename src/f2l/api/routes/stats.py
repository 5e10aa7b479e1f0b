"""`/stats`: the dashboard's figures."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from f2l.api.deps import Db, Viewer
from f2l.services import stats as service
from f2l.services.stats import Stats

router = APIRouter(prefix="/stats", tags=["stats"])


@router.get("", operation_id="stats-read")
async def read_stats(
    db: Db,
    user: Viewer,
    days: Annotated[int, Query(ge=1, le=365, description="The window: this many UTC days, today included.")] = 30,
) -> Stats:
    """Totals, success rate, bytes and files moved, runs per day by status, recent and active runs."""
    return await service.read_stats(db, days)
