"""The web dashboard: the built bundle served at `/`, with the client-side routes falling back to index.html."""

from __future__ import annotations

import mimetypes
import os
import stat
from pathlib import Path

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"
"""Where `npm run build` (in `web/`) writes the bundle; not in git, included in the wheel."""

SERVER_PREFIXES = frozenset({"api", "assets", "health", "ready", "metrics"})
"""First path segments that belong to the server: an unknown path under them is a real 404."""

IMMUTABLE = "public, max-age=31536000, immutable"
"""Files under assets/ carry a content hash in their names: a new build gets new names."""

NOT_BUILT_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>F2L — dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem">
<h1>F2L is running; its web dashboard is not built</h1>
<p>This installation has no dashboard bundle. Build it from a checkout (Node 20.19+ and npm):</p>
<pre>make web        # or: cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>then reload this page. The API answers meanwhile: <a href="/api/v1/docs">/api/v1/docs</a>,
<a href="/health">/health</a>.</p>
</body></html>
"""


def is_client_route(path: str) -> bool:
    """Whether `path` (relative, no leading slash) may be a dashboard route that index.html answers.

    Not under the server's own prefixes (`api/`, `assets/`, `health`, `ready`, `metrics`), and the
    last name holds no dot (a missing `favicon.ico` or `x.js` must stay a 404, not become a page).
    """
    segments = [segment for segment in path.split("/") if segment]
    if not segments:
        return True
    return segments[0] not in SERVER_PREFIXES and "." not in segments[-1]


class DashboardFiles(StaticFiles):
    """Static files of the bundle; index.html for client routes; a "not built" page when there is no bundle.

    Files under assets/ are immutable (hashed names) and served from their `.gz` twin when the
    client accepts gzip (the build writes them: no compression work per request).

    Only GET and HEAD are answered; any other method gets the 404 the API gave before the dashboard
    existed. The folder is checked per request, so a bundle built while the server runs is served.
    """

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, check_dir=False)
        self.index = directory / "index.html"

    async def check_config(self) -> None:
        """A missing folder is the "not built" case, answered per request rather than raised."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        """The file at `path`, index.html for a client route, else 404 (JSON, through the app's handlers)."""
        relative = "" if path in (".", "") else path.replace(os.sep, "/")
        if scope["method"] not in ("GET", "HEAD"):
            raise HTTPException(status_code=404)
        if is_client_route(relative):
            return self._index(scope)
        if not relative.startswith("assets/"):
            return await super().get_response(path, scope)  # favicon.svg and the like, or 404
        response = await self._gzipped(path, scope) or await super().get_response(path, scope)
        response.headers["Cache-Control"] = IMMUTABLE
        return response

    async def _gzipped(self, path: str, scope: Scope) -> Response | None:
        """`path.gz` (written by the build beside each script) for a client that accepts gzip."""
        if "gzip" not in Headers(scope=scope).get("accept-encoding", ""):
            return None
        full_path, found = await run_in_threadpool(self.lookup_path, f"{path}.gz")
        if found is None or not stat.S_ISREG(found.st_mode):
            return None
        response = self.file_response(full_path, found, scope)
        response.headers["Content-Type"] = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response.headers["Content-Encoding"] = "gzip"
        response.headers["Vary"] = "Accept-Encoding"
        return response

    def _index(self, scope: Scope) -> Response:
        if not self.index.is_file():
            return HTMLResponse(NOT_BUILT_PAGE, headers={"Cache-Control": "no-store"})
        # no-cache: revalidate each time, so a new build's asset names are picked up at once.
        response = self.file_response(self.index, self.index.stat(), scope)
        response.headers["Cache-Control"] = "no-cache"
        return response


def install_static_site(app: FastAPI, directory: Path = STATIC_DIR) -> None:
    """Serve the dashboard at `/` for every request no route of `app` takes.

    Installed as the router's fallback rather than as a `Mount("/")`: a mount at the root fully
    matches every path, so it would take over the requests the router answers with 405 (a known
    path, another method) or with a redirect (a trailing slash). As the fallback, the API keeps
    exactly its answers and the dashboard only gets what would have been a 404.
    """
    app.router.default = DashboardFiles(directory)
