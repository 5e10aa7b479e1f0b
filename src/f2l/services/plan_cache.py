"""Recent preview plans by id, so that paging through a preview does not plan the session again.

A preview lists both endpoints: seconds to minutes on a large tree. Its first page plans the run
and keeps the plan here under a fresh id; the next pages name that id and are cut from the same
plan — faster, and every page belongs to the same snapshot as the totals above them. A plan is
only reused while the session and both endpoints are as they were when it was made (the
fingerprint), for `ttl` seconds, and within a bound on the operations kept in memory. Per
process: another process (or a restart) plans again, which is merely slower.
"""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from f2l.db.models import Endpoint, SyncSession

Operation = tuple[str, str, int, str]
"""One planned operation as kept: action, path, size, reason."""


@dataclass(frozen=True)
class KeptPlan:
    """A plan as the preview showed it, with what it was made from."""

    plan_id: uuid.UUID
    session_id: uuid.UUID
    fingerprint: str
    planned_at: datetime
    status: str
    message: str
    totals: dict[str, int]
    operations: tuple[Operation, ...]


def plan_fingerprint(session: SyncSession, source: Endpoint, destination: Endpoint) -> str:
    """What a plan depends on besides the files: the session's fields and both endpoints' settings.

    The endpoints' health columns are left out (a health check changes nothing a plan depends on).
    """
    parts = [
        str(session.id),
        session.updated_at.isoformat() if session.updated_at else "",
        *(
            json.dumps([str(side.id), side.endpoint_type, side.settings, side.secrets_encrypted], sort_keys=True)
            for side in (source, destination)
        ),
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class PlanCache:
    """The last few plans, oldest dropped first, each for `ttl` seconds."""

    def __init__(
        self,
        max_plans: int = 16,
        max_operations: int = 500_000,
        ttl: float = 600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_plans = max_plans
        self.max_operations = max_operations
        self.ttl = ttl
        self._clock = clock
        self._plans: OrderedDict[uuid.UUID, tuple[float, KeptPlan]] = OrderedDict()

    def get(self, plan_id: uuid.UUID, session_id: uuid.UUID, fingerprint: str) -> KeptPlan | None:
        """The plan `plan_id` of this session, if still kept and made from what the session is now."""
        self._drop_expired()
        found = self._plans.get(plan_id)
        if found is None:
            return None
        plan = found[1]
        if plan.session_id != session_id or plan.fingerprint != fingerprint:
            return None
        return plan

    def put(self, plan: KeptPlan) -> bool:
        """Keep `plan`; False when it alone is larger than the bound (then it is not kept)."""
        if len(plan.operations) > self.max_operations:
            return False
        self._drop_expired()
        self._plans[plan.plan_id] = (self._clock(), plan)
        while len(self._plans) > self.max_plans or self._kept_operations() > self.max_operations:
            self._plans.popitem(last=False)
        return True

    def __len__(self) -> int:
        return len(self._plans)

    def _kept_operations(self) -> int:
        return sum(len(plan.operations) for _, plan in self._plans.values())

    def _drop_expired(self) -> None:
        horizon = self._clock() - self.ttl
        for plan_id in [key for key, (kept_at, _) in self._plans.items() if kept_at < horizon]:
            del self._plans[plan_id]
