"""The interactive API docs page (Swagger UI), served whole from the installed packages.

FastAPI's own page loads Swagger UI from a CDN and so stays blank on a host without internet,
as many self-hosted installs are. Here its script, style sheet and icon come from the
`fastapi-offline` package's copy of the Swagger UI distribution, served under
`/api/v1/docs/assets/`, and the OAuth2 redirect page sits beside the page, under the API's prefix.
ReDoc stays off: one docs page is enough.
"""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(fastapi_offline.__file__).parent / "static"
"""Swagger UI's distribution files (swagger-ui-bundle.js, swagger-ui.css, favicon.png)."""


def install_docs(app: FastAPI, prefix: str) -> None:
    """Serve the docs page at `{prefix}/docs`, its assets and its OAuth2 redirect page, all offline."""
    docs_url = f"{prefix}/docs"
    assets_url = f"{docs_url}/assets"
    redirect_url = f"{docs_url}/oauth2-redirect"
    app.mount(assets_url, StaticFiles(directory=ASSETS), name="docs-assets")

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = str(request.scope.get("root_path", "")).rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{assets_url}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{assets_url}/swagger-ui.css",
            swagger_favicon_url=f"{root}{assets_url}/favicon.png",
            oauth2_redirect_url=f"{root}{redirect_url}",
            init_oauth=app.swagger_ui_init_oauth,
            swagger_ui_parameters=app.swagger_ui_parameters,
        )

    @app.get(redirect_url, include_in_schema=False)
    async def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()
