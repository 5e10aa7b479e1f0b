"""The service's own log lines (not a run's): what people and the service did, stored and sent live.

Each line is stored first (the database is the truth; the Logs page and `GET /logs` read it),
then published as a live `log` event carrying its stored id, so an open Logs page shows it at
once. Messages name things (sessions, endpoints, users), never a secret.
"""

from __future__ import annotations

import logging
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from f2l.db.models import LogEntry
from f2l.events import EventBus, EventBusError, EventType, iso_utc

logger = logging.getLogger(__name__)


async def record_line(
    db: AsyncSession,
    bus: EventBus,
    message: str,
    *,
    level: str = "info",
    session_id: uuid.UUID | None = None,
    execution_id: uuid.UUID | None = None,
) -> LogEntry:
    """Store one line of the service's log and publish it; an unavailable bus is logged, never fatal."""
    line = LogEntry(level=level, message=message, session_id=session_id, execution_id=execution_id)
    db.add(line)
    await db.commit()
    try:
        await bus.publish(
            EventType.LOG,
            {"id": line.id, "level": line.level, "message": line.message, "timestamp": iso_utc(line.timestamp)},
            session_id=str(session_id) if session_id else None,
            execution_id=str(execution_id) if execution_id else None,
        )
    except (EventBusError, ValueError) as error:
        logger.warning("log line %s not published: %s", line.id, error)
    return line
