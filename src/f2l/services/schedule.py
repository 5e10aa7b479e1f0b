"""When a session's next scheduled run is due: an interval or a cron expression."""

from __future__ import annotations

from datetime import datetime, timedelta

from croniter import croniter

UNIT_SECONDS = {"minutes": 60, "hours": 3600, "days": 86400}


def cron_is_valid(expression: str) -> bool:
    """Whether `expression` is a standard 5-field cron expression croniter accepts."""
    return len(expression.split()) == 5 and bool(croniter.is_valid(expression))


def next_run_after(
    after: datetime, *, interval: int | None, unit: str | None, cron: str | None
) -> datetime | None:
    """The first run time strictly after `after` (timezone-aware, UTC); None when nothing is set."""
    if cron:
        result: datetime = croniter(cron, after).get_next(datetime)
        return result
    if interval and unit:
        return after + timedelta(seconds=interval * UNIT_SECONDS[unit])
    return None
