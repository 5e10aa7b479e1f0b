"""The FastAPI application factory."""

from __future__ import annotations

from fastapi import FastAPI

from f2l import __version__


def create_app() -> FastAPI:
    """Build the service. For now: health only; the API issue adds /api/v1."""
    app = FastAPI(title="F2L", version=__version__, openapi_url="/api/v1/openapi.json",
                  docs_url="/api/v1/docs")

    @app.get("/health", tags=["health"], operation_id="health-read")
    async def read_health() -> dict[str, str]:
        """Liveness: the process answers."""
        return {"status": "ok", "version": __version__}

    return app
