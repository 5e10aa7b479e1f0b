"""Endpoint URLs of the command line: a local path, `s3://`, `sftp://`, `ftp://` or `ftps://`.

    /data/photos                      local folder (also `./rel` or `file:///abs`)
    s3://BUCKET/PREFIX                S3; `?endpoint_url=…&region=…&path_style=true`
    sftp://USER[:PASS]@HOST[:PORT]/PATH   absolute path; `/~/x` is `x` in the login directory
    ftp://USER[:PASS]@HOST[:PORT]/PATH    path relative to the login directory
    ftps://…                          FTP with explicit TLS (AUTH TLS)

Query parameters set any option of the backend by its field name, so every documented
option is reachable from a URL. Passwords in URLs are percent-decoded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

_NETWORK_SCHEMES = {"s3", "sftp", "ftp", "ftps"}


@dataclass(frozen=True)
class EndpointSpec:
    """A backend type name and the raw option fields parsed from a URL."""

    kind: str
    options: dict[str, Any]


def parse_endpoint_url(url: str, overrides: Mapping[str, Any] | None = None) -> EndpointSpec:
    """Parse a CLI endpoint URL; raise `ValueError` with a readable reason when malformed.

    `overrides` (from CLI flags) win over what the URL says.
    """
    if not url:
        raise ValueError("an endpoint URL or path is required")
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("", "file"):
        spec = EndpointSpec("local", {"path": unquote(urlsplit(url).path) if scheme else url})
    elif scheme in _NETWORK_SCHEMES:
        spec = _parse_network(scheme, url)
    else:
        raise ValueError(f"unsupported URL scheme {scheme!r}: use a path, s3://, sftp://, ftp:// or ftps://")
    spec.options.update({k: v for k, v in (overrides or {}).items() if v is not None})
    return spec


def _parse_network(scheme: str, url: str) -> EndpointSpec:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=False))
    if scheme == "s3":
        if not parts.hostname:
            raise ValueError("an s3:// URL needs a bucket: s3://BUCKET/PREFIX")
        # urlsplit lowercases `hostname`; bucket names are lowercase anyway, but keep it exact.
        bucket = parts.netloc.rsplit("@", 1)[-1]
        return EndpointSpec("s3", {"bucket": bucket, "prefix": unquote(parts.path).strip("/"), **query})
    if not parts.hostname:
        raise ValueError(f"a {scheme}:// URL needs a host: {scheme}://USER@HOST/PATH")
    try:
        port = parts.port
    except ValueError as error:
        raise ValueError(f"invalid port in {scheme}:// URL") from error
    options: dict[str, Any] = {"host": parts.hostname}
    if port is not None:
        options["port"] = port
    if parts.username:
        options["username"] = unquote(parts.username)
    if parts.password is not None:
        options["password"] = unquote(parts.password)
    path = unquote(parts.path)
    if scheme == "sftp":
        options["path"] = path or "/"
        return EndpointSpec("sftp", {**options, **query})
    options["path"] = path[1:] if path.startswith("/") else path
    if scheme == "ftps":
        options["tls"] = "explicit"
    return EndpointSpec("ftp", {**options, **query})


def redact_url(url: str) -> str:
    """The URL with any password replaced by `***`, for messages and logs."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[-1]
    user = parts.username or ""
    return parts._replace(netloc=f"{user}:***@{host}").geturl()
