"""The FastAPI application: `/api/v1` routes, the service's start-up and shutdown."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Literal

from fastapi import APIRouter, FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from f2l import __version__
from f2l.api import docs, realtime
from f2l.api.body_limit import BodyLimitMiddleware
from f2l.api.deps import client_key
from f2l.api.errors import install_error_handlers
from f2l.api.lifecycle import start_background, stop_background
from f2l.api.log_filters import install_token_redaction
from f2l.api.openapi import install_openapi
from f2l.api.ratelimit import RateLimiter
from f2l.api.routes import auth, backends, endpoints, executions, logs, metrics, sessions, stats, users
from f2l.api.routes import settings as settings_routes  # `settings` is create_app's parameter
from f2l.api.state import ServiceState
from f2l.api.static_site import install_static_site
from f2l.config import Settings, get_settings
from f2l.db.schema import ensure_schema
from f2l.db.session import create_engine, create_sessionmaker
from f2l.events import create_event_bus
from f2l.jobs.execute import JobDeps, execute
from f2l.jobs.runner import InProcessRunner
from f2l.security.crypto import SecretBox
from f2l.security.keys import encryption_key, secret_key
from f2l.services.endpoints import EndpointDeps

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
_WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the service; `settings` default to the process's (environment and `.env`)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = await _start(settings)
        app.state.f2l = state
        try:
            yield
        finally:
            await _stop(state)

    app = FastAPI(
        title="F2L",
        version=__version__,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # docs.install_docs serves the page and its assets offline
        redoc_url=None,
        lifespan=lifespan,
        description="Move and keep files in step between S3, SFTP, FTP and local folders.",
    )
    install_error_handlers(app)
    install_openapi(app)
    docs.install_docs(app, API_PREFIX)
    # Added first, so it runs inside CORS (a browser can read its 413); nothing outside it reads the body.
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_request_body_bytes)
    if settings.cors_origin_list:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origin_list,
            allow_credentials=True,
            allow_methods=["*"],
            allow_headers=["Authorization", "Content-Type", "Last-Event-ID"],
        )

    @app.middleware("http")
    async def limit_writes(request: Request, call_next: object) -> Response:
        """Per-client limit on state-changing requests (default 100 a minute): 429 with Retry-After."""
        state: ServiceState | None = getattr(request.app.state, "f2l", None)
        if (
            state is not None
            and request.method in _WRITE_METHODS
            and request.url.path.startswith(API_PREFIX)
            and not request.url.path.startswith(f"{API_PREFIX}/auth/")
        ):
            wait = state.write_limiter.hit(client_key(request))
            if wait:
                return JSONResponse(
                    {"detail": f"too many requests: try again in {wait} s"},
                    status_code=429,
                    headers={"Retry-After": str(wait)},
                )
        response: Response = await call_next(request)  # type: ignore[operator]
        return response

    api = APIRouter(prefix=API_PREFIX)
    for module in (auth, users, endpoints, backends, sessions, executions, logs, stats, settings_routes):
        api.include_router(module.router)
    api.include_router(realtime.router)
    app.include_router(api)
    app.include_router(metrics.router)  # at the root, beside the probes: scrapers expect /metrics
    _add_probes(app)
    install_static_site(app)  # the dashboard answers what no route takes
    return app


class Health(BaseModel):
    """`GET /health`: the process answers."""

    status: Literal["ok"]
    version: str


class Readiness(BaseModel):
    """`GET /ready`: whether the database answers (200 `ready`, else 503 `unavailable`)."""

    status: Literal["ready", "unavailable"]
    database: Literal["ok", "unreachable"]


def _add_probes(app: FastAPI) -> None:
    @app.get("/health", tags=["health"], operation_id="health-read")
    async def read_health() -> Health:
        """Liveness: the process answers."""
        return Health(status="ok", version=__version__)

    @app.get(
        "/ready",
        tags=["health"],
        operation_id="ready-read",
        responses={503: {"model": Readiness, "description": "The database cannot be reached."}},
    )
    async def read_ready(request: Request, response: Response) -> Readiness:
        """Readiness: the database answers."""
        state: ServiceState = request.app.state.f2l
        try:
            async with state.engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception:
            response.status_code = 503
            return Readiness(status="unavailable", database="unreachable")
        return Readiness(status="ready", database="ok")


async def _start(settings: Settings) -> ServiceState:
    install_token_redaction()  # here, after uvicorn configured logging
    engine = create_engine(settings=settings)
    await ensure_schema(engine)
    sessionmaker = create_sessionmaker(engine)
    box = SecretBox(encryption_key(settings))
    bus = create_event_bus(settings.redis_url)
    jobs = JobDeps(sessionmaker=sessionmaker, engine=engine, endpoints=EndpointDeps(settings, box), bus=bus)
    runner = InProcessRunner(lambda execution_id: execute(jobs, execution_id), settings.max_concurrent_executions)
    state = ServiceState(
        settings=settings,
        engine=engine,
        sessionmaker=sessionmaker,
        secret_key=secret_key(settings),
        box=box,
        bus=bus,
        runner=runner,
        jobs=jobs,
        write_limiter=RateLimiter(settings.write_rate_limit),
        login_limiter=RateLimiter(settings.login_rate_limit),
        started_at=time.time(),
    )
    await start_background(state)
    logger.info("F2L %s ready (database %s)", __version__, settings.redacted_database_url)
    return state


async def _stop(state: ServiceState) -> None:
    await stop_background(state)
    await state.runner.shutdown()
    await state.bus.close()
    await state.engine.dispose()
