"""`f2l serve`: run the web service (API, and later the dashboard) with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

WS_MAX_MESSAGE_BYTES = 64 * 1024
"""uvicorn reads a whole WebSocket message before the app sees it (16 MiB by default). The app takes
messages of at most `f2l.api.realtime.MAX_MESSAGE_CHARS` (16,384) characters, at most 4 UTF-8 bytes
each; anything longer closes the connection with 1009 (message too big) instead of being buffered."""


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Start the F2L service on its embedded default (SQLite, in-process runs)."""
    import uvicorn

    from f2l.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level=log_level, ws_max_size=WS_MAX_MESSAGE_BYTES)
