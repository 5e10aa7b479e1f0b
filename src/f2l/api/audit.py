"""Who changed what: one line in the service's log per change made through the API."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from f2l.api.deps import CurrentUser, Db, State
from f2l.events import EventBus
from f2l.services.service_log import record_line


@dataclass(frozen=True)
class AuditLog:
    """Writes `<what happened> by '<user>'` to the service's log (stored, and live on the Logs page)."""

    db: AsyncSession
    bus: EventBus
    username: str

    async def __call__(
        self,
        what: str,
        *,
        level: str = "info",
        session_id: uuid.UUID | None = None,
        execution_id: uuid.UUID | None = None,
    ) -> None:
        await record_line(
            self.db,
            self.bus,
            f"{what} by {self.username!r}",
            level=level,
            session_id=session_id,
            execution_id=execution_id,
        )


def fields_sent(update: BaseModel) -> str:
    """The names of the fields a PATCH body set ("nothing" if none): never their values."""
    return ", ".join(sorted(update.model_fields_set)) or "nothing"


def audit_log(db: Db, state: State, user: CurrentUser) -> AuditLog:
    """The audit log of this request's user (the same user the route's role check found)."""
    return AuditLog(db, state.bus, user.username)


Audit = Annotated[AuditLog, Depends(audit_log)]
