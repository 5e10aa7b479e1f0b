"""The preview plan cache: kept for a while, only for its session and fingerprint, within a bound."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from f2l.services.plan_cache import KeptPlan, PlanCache


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def plan(operations: int, session_id: uuid.UUID | None = None, fingerprint: str = "f") -> KeptPlan:
    return KeptPlan(
        plan_id=uuid.uuid4(),
        session_id=session_id or uuid.uuid4(),
        fingerprint=fingerprint,
        planned_at=datetime.now(UTC),
        status="ok",
        message="",
        totals={},
        operations=tuple(("copy", f"f{index}", 1, "new") for index in range(operations)),
    )


def test_a_plan_is_found_by_its_id_session_and_fingerprint_only() -> None:
    cache = PlanCache()
    kept = plan(3)
    assert cache.put(kept)
    assert cache.get(kept.plan_id, kept.session_id, "f") is kept
    assert cache.get(kept.plan_id, uuid.uuid4(), "f") is None, "another session's id"
    assert cache.get(kept.plan_id, kept.session_id, "changed") is None, "the session or an endpoint changed"
    assert cache.get(uuid.uuid4(), kept.session_id, "f") is None


def test_plans_expire() -> None:
    clock = Clock()
    cache = PlanCache(ttl=600, clock=clock)
    kept = plan(1)
    cache.put(kept)
    clock.now = 599
    assert cache.get(kept.plan_id, kept.session_id, "f") is kept
    clock.now = 601
    assert cache.get(kept.plan_id, kept.session_id, "f") is None
    assert len(cache) == 0


def test_the_oldest_plans_go_first_within_both_bounds() -> None:
    cache = PlanCache(max_plans=2, max_operations=10)
    first, second, third = plan(1), plan(1), plan(1)
    for kept in (first, second, third):
        cache.put(kept)
    assert cache.get(first.plan_id, first.session_id, "f") is None
    assert cache.get(third.plan_id, third.session_id, "f") is third

    big = plan(10)
    assert cache.put(big)
    assert len(cache) == 1, "10 + 1 + 1 operations exceed the bound of 10: the older plans go"
    assert not cache.put(plan(11)), "a plan larger than the bound alone is not kept"
    assert cache.get(big.plan_id, big.session_id, "f") is big
