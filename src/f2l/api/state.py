"""Everything the service holds for its lifetime, built once at start-up and shared by the routes."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from f2l.api.ratelimit import RateLimiter
from f2l.config import Settings
from f2l.events import EventBus
from f2l.jobs.execute import JobDeps
from f2l.jobs.runner import Runner
from f2l.security.crypto import SecretBox
from f2l.services.endpoints import EndpointDeps
from f2l.services.plan_cache import PlanCache


@dataclass
class ServiceState:
    """The service's long-lived parts (one per process)."""

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    secret_key: bytes
    box: SecretBox
    bus: EventBus
    runner: Runner
    jobs: JobDeps
    write_limiter: RateLimiter
    login_limiter: RateLimiter
    health_check_interval: float = 0.0
    started_at: float = 0.0
    background: list[asyncio.Task[None]] = field(default_factory=list)
    preview_plans: PlanCache = field(default_factory=PlanCache)
    """Recent preview plans, so that a preview's next pages are cut from the plan of its first."""

    @property
    def endpoint_deps(self) -> EndpointDeps:
        return self.jobs.endpoints
