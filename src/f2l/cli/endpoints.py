"""Turn a command-line endpoint URL plus backend flags into a backend, with clear errors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from f2l.storage.base import Backend
from f2l.storage.registry import create_backend
from f2l.storage.s3_options import S3Options
from f2l.storage.urls import parse_endpoint_url, redact_url

USAGE_ERROR = 2
"""Exit code of usage and connection errors (1 is kept for runs with differences)."""

# Flags for the options a URL cannot carry well. The S3 one's help is the option's own (the light
# `s3_options` module); the SFTP ones read a file into an option, and importing the SFTP backend
# for their help would slow every `f2l` start.
S3EndpointOption = Annotated[
    str | None,
    typer.Option(
        "--s3-endpoint-url",
        help=f"For s3:// URLs, the endpoint_url option: "
        f"{S3Options.model_fields['endpoint_url'].description} "
        "Turns on path-style addressing.",
    ),
]
SFTPKeyOption = Annotated[
    Path | None,
    typer.Option(
        "--sftp-key",
        help="For sftp:// URLs, a private key file: its text is the private_key option.",
        exists=False,
    ),
]
SFTPKnownHostsOption = Annotated[
    Path | None,
    typer.Option(
        "--sftp-known-hosts",
        help="For sftp:// URLs, a known_hosts file: its text is the known_hosts option "
        "(default: ~/.ssh/known_hosts).",
    ),
]


def fail(message: str) -> typer.Exit:
    """Print `message` on stderr and return the exit to raise (code 2)."""
    typer.echo(f"f2l: {message}", err=True)
    return typer.Exit(USAGE_ERROR)


def backend_from_url(
    url: str,
    *,
    s3_endpoint_url: str | None = None,
    sftp_key: Path | None = None,
    sftp_known_hosts: Path | None = None,
    s3_extra: dict[str, Any] | None = None,
) -> Backend:
    """Build the backend a URL names; exits with code 2 and a readable message when it cannot.

    `s3_extra` sets further S3 options (e.g. `checksum_algorithm`) when the URL is `s3://`.
    """
    try:
        spec = parse_endpoint_url(url)
    except ValueError as error:
        raise fail(f"{redact_url(url)}: {error}") from None
    overrides: dict[str, Any] = {}
    if spec.kind == "s3" and s3_endpoint_url:
        overrides["endpoint_url"] = s3_endpoint_url
    if spec.kind == "s3" and spec.options.get("endpoint_url", s3_endpoint_url):
        overrides.setdefault("path_style", spec.options.get("path_style", True))
    if spec.kind == "s3" and s3_extra:
        overrides.update(s3_extra)
    if spec.kind == "sftp":
        if sftp_key is not None:
            overrides["private_key"] = read_text_file(sftp_key, "--sftp-key")
        if sftp_known_hosts is not None:
            overrides["known_hosts"] = read_text_file(sftp_known_hosts, "--sftp-known-hosts")
    try:
        return create_backend(spec.kind, {**spec.options, **overrides})
    except ValidationError as error:
        raise fail(f"{redact_url(url)}: {describe_validation_error(error)}") from None


def read_text_file(path: Path, flag: str) -> str:
    """Read a small text file named on the command line, exiting with a message naming it."""
    try:
        return path.expanduser().read_text()
    except OSError as error:
        raise fail(f"{flag} {path}: {error.strerror or error}") from None


def describe_validation_error(error: ValidationError) -> str:
    """One line per bad field: `field: reason` — never the rejected value, which may be a secret."""
    lines = []
    for problem in error.errors(include_input=False):
        field = ".".join(str(part) for part in problem["loc"]) or "options"
        lines.append(f"{field}: {problem['msg']}")
    return "; ".join(lines)
