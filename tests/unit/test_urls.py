"""Endpoint URLs of the command line parse into the right backend options."""

from __future__ import annotations

import pytest

from f2l.storage.urls import parse_endpoint_url, redact_url


@pytest.mark.parametrize(
    ("url", "kind", "options"),
    [
        ("/data/photos", "local", {"path": "/data/photos"}),
        ("relative/dir", "local", {"path": "relative/dir"}),
        ("file:///srv/with%20space", "local", {"path": "/srv/with space"}),
        ("s3://bucket", "s3", {"bucket": "bucket", "prefix": ""}),
        (
            "s3://my.bucket/a/b/?region=eu-west-1&endpoint_url=http://127.0.0.1:9000",
            "s3",
            {
                "bucket": "my.bucket",
                "prefix": "a/b",
                "region": "eu-west-1",
                "endpoint_url": "http://127.0.0.1:9000",
            },
        ),
        (
            "sftp://bob@host.example/srv/data",
            "sftp",
            {"host": "host.example", "username": "bob", "path": "/srv/data"},
        ),
        (
            "sftp://bob:p%40ss@127.0.0.1:2222/~/in",
            "sftp",
            {"host": "127.0.0.1", "port": 2222, "username": "bob", "password": "p@ss", "path": "/~/in"},
        ),
        (
            "ftp://u:pw@127.0.0.1:2121/up/dir",
            "ftp",
            {"host": "127.0.0.1", "port": 2121, "username": "u", "password": "pw", "path": "up/dir"},
        ),
        (
            "ftps://u@ftp.example//abs",
            "ftp",
            {"host": "ftp.example", "username": "u", "path": "/abs", "tls": "explicit"},
        ),
    ],
)
def test_urls_parse(url: str, kind: str, options: dict[str, object]) -> None:
    spec = parse_endpoint_url(url)
    assert spec.kind == kind
    assert spec.options == options


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "required"),
        ("gs://bucket", "unsupported URL scheme"),
        ("s3://", "needs a bucket"),
        ("sftp:///path", "needs a host"),
        ("ftp://h:notaport/x", "invalid port"),
    ],
)
def test_bad_urls_say_why(url: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_endpoint_url(url)


def test_overrides_win_and_redaction_hides_passwords() -> None:
    spec = parse_endpoint_url("s3://bucket/p?region=a", {"region": "b", "endpoint_url": None})
    assert spec.options["region"] == "b" and "endpoint_url" not in spec.options
    assert redact_url("ftp://u:secret-pass@h:21/x") == "ftp://u:***@h:21/x"
    assert redact_url("/local/path") == "/local/path"
