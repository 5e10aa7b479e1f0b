"""The `f2l` command line: a thin door over the storage backends and, later, the engine."""

from __future__ import annotations

from f2l.cli.app import app


def main() -> None:
    """Entry point of the `f2l` console script."""
    app()


__all__ = ["app", "main"]
