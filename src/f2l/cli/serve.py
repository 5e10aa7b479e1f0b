"""`f2l serve`: run the web service (API, and later the dashboard) with uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer


def serve_command(host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
                  port: Annotated[int, typer.Option(help="TCP port to listen on.")] = 8000,
                  log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info") -> None:
    """Start the F2L service on its embedded default (SQLite, in-process runs)."""
    import uvicorn

    from f2l.api.app import create_app

    uvicorn.run(create_app(), host=host, port=port, log_level=log_level)
