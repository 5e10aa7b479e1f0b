"""Guards keep local paths inside the configured roots and endpoint hosts away from metadata services."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path
from typing import Any

import pytest

from f2l.security.guards import (
    GuardError,
    check_address,
    check_host,
    check_local_path,
    check_relative_path,
    check_url_host,
    resolve_host,
)

# ---------------------------------------------------------------- local paths


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    (root / "docs").mkdir(parents=True)
    (tmp_path / "outside").mkdir()
    return root


def test_path_inside_root_is_returned_canonical(root: Path) -> None:
    docs = Path(os.path.realpath(root / "docs"))
    assert check_local_path(str(root / "docs"), [root]) == docs
    assert check_local_path(str(root / "docs" / ".." / "docs" / "."), [root]) == docs


def test_root_itself_and_not_yet_existing_children_are_allowed(root: Path) -> None:
    assert check_local_path(str(root), [root]) == Path(os.path.realpath(root))
    assert check_local_path(str(root / "new" / "dir"), [root]) == Path(os.path.realpath(root)) / "new" / "dir"


def test_dot_dot_escaping_the_root_is_refused(root: Path) -> None:
    for path in (root / "..", root / ".." / "outside", root / "docs" / ".." / ".." / "outside", Path("/")):
        with pytest.raises(GuardError) as error:
            check_local_path(str(path), [root])
        assert error.value.field == "local_path"
        assert "allowed local roots" in error.value.message


def test_symlink_escaping_the_root_is_refused(root: Path, tmp_path: Path) -> None:
    (root / "escape").symlink_to(tmp_path / "outside")
    (root / "docs" / "passwd").symlink_to("/etc/passwd")
    for path in (root / "escape", root / "escape" / "file", root / "docs" / "passwd"):
        with pytest.raises(GuardError):
            check_local_path(str(path), [root])


def test_symlink_staying_inside_the_root_resolves_to_its_target(root: Path) -> None:
    (root / "alias").symlink_to(root / "docs")
    assert check_local_path(str(root / "alias"), [root]) == Path(os.path.realpath(root / "docs"))


def test_root_given_through_a_symlink(root: Path, tmp_path: Path) -> None:
    link = tmp_path / "link-to-root"
    link.symlink_to(root)
    docs = Path(os.path.realpath(root / "docs"))
    assert check_local_path(str(root / "docs"), [link]) == docs
    assert check_local_path(str(link / "docs"), [root]) == docs


def test_sibling_sharing_a_name_prefix_is_not_inside(tmp_path: Path) -> None:
    (tmp_path / "ab").mkdir()
    (tmp_path / "abc").mkdir()
    with pytest.raises(GuardError):
        check_local_path(str(tmp_path / "abc"), [tmp_path / "ab"])
    with pytest.raises(GuardError):
        check_local_path(str(tmp_path / "abc" / "file"), [tmp_path / "ab"])
    assert check_local_path(str(tmp_path / "ab" / "c"), [tmp_path / "ab"]).name == "c"


def test_any_of_several_roots(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert check_local_path(str(second / "x"), [first, second]).parent == Path(os.path.realpath(second))
    with pytest.raises(GuardError):
        check_local_path(str(tmp_path / "third"), [first, second])


def test_no_roots_allows_nothing(root: Path) -> None:
    with pytest.raises(GuardError):
        check_local_path(str(root), [])


def test_filesystem_root_as_root_allows_everything(root: Path) -> None:
    assert check_local_path(str(root / "docs"), [Path("/")]) == Path(os.path.realpath(root / "docs"))


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("relative/dir", "absolute"),
        ("", "absolute"),
        ("./x", "absolute"),
        ("../x", "absolute"),
    ],
)
def test_relative_local_path_is_refused(root: Path, path: str, message: str) -> None:
    with pytest.raises(GuardError, match=message):
        check_local_path(path, [root], field="options.path")


def test_nul_byte_is_refused_and_field_is_named(root: Path) -> None:
    with pytest.raises(GuardError, match="NUL") as error:
        check_local_path(f"{root}/docs\0/../../outside", [root], field="options.path")
    assert error.value.field == "options.path"
    assert str(error.value).startswith("options.path: ")
    assert isinstance(error.value, ValueError)


# ---------------------------------------------------------------- relative browse paths


@pytest.mark.parametrize(
    ("path", "cleaned"),
    [
        ("", ""),
        ("/", ""),
        ("//", ""),
        (".", ""),
        ("/docs", "docs"),
        ("docs/", "docs"),
        ("/docs/2024/", "docs/2024"),
        ("a//b", "a/b"),
        ("a/./b", "a/b"),
        ("...", "..."),
        ("..a/b..", "..a/b.."),
        ("a..b", "a..b"),
        ("with space/é/日本", "with space/é/日本"),
    ],
)
def test_relative_path_is_cleaned(path: str, cleaned: str) -> None:
    assert check_relative_path(path) == cleaned


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("..", "'..'"),
        ("/..", "'..'"),
        ("../etc", "'..'"),
        ("a/../../b", "'..'"),
        ("a/..", "'..'"),
        ("a\\b", "backslash"),
        ("..\\..\\x", "backslash"),
        ("a\0b", "control"),
        ("a\nb", "control"),
        ("a\rb", "control"),
        ("a\tb", "control"),
        ("a\x7fb", "control"),
        ("a\x85b", "control"),
    ],
)
def test_relative_path_is_refused(path: str, message: str) -> None:
    with pytest.raises(GuardError, match=message) as error:
        check_relative_path(path, field="prefix")
    assert error.value.field == "prefix"


# ---------------------------------------------------------------- addresses

METADATA_AND_LINK_LOCAL = [
    "169.254.169.254",
    "169.254.170.2",
    "169.254.0.1",
    "fe80::1",
    "febf::1",
    "fd00:ec2::254",
    "100.100.100.200",
    "192.0.0.192",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "::ffff:100.100.100.200",
]
NEVER_ALLOWED = [
    "0.0.0.0",
    "0.1.2.3",
    "::",
    "::ffff:0.0.0.0",
    "224.0.0.1",
    "239.255.255.250",
    "ff02::1",
    "255.255.255.255",
]
ALLOWED = [
    "127.0.0.1",
    "127.1.2.3",
    "::1",
    "::ffff:127.0.0.1",
    "10.0.0.1",
    "172.16.0.1",
    "192.168.1.1",
    "100.64.0.1",
    "fd00::1",
    "fd00:ec2::253",
    "192.0.0.191",
    "8.8.8.8",
    "2001:4860:4860::8888",
]


@pytest.mark.parametrize("address", METADATA_AND_LINK_LOCAL)
def test_link_local_and_metadata_addresses_are_refused(address: str) -> None:
    with pytest.raises(GuardError, match="link-local or cloud metadata") as error:
        check_address(ipaddress.ip_address(address), False, "host")
    assert error.value.field == "host"
    check_address(ipaddress.ip_address(address), True, "host")  # allowed when configured


@pytest.mark.parametrize("address", NEVER_ALLOWED)
@pytest.mark.parametrize("allow_link_local", [False, True])
def test_non_unicast_addresses_are_always_refused(address: str, allow_link_local: bool) -> None:
    with pytest.raises(GuardError, match="not a unicast"):
        check_address(ipaddress.ip_address(address), allow_link_local, "host")


@pytest.mark.parametrize("address", ALLOWED)
def test_loopback_private_and_public_addresses_are_allowed(address: str) -> None:
    check_address(ipaddress.ip_address(address), False, "host")


# ---------------------------------------------------------------- hosts (resolved)


@pytest.mark.parametrize(
    "host",
    [
        "169.254.169.254",
        "2852039166",
        "0xa9fea9fe",
        "0xA9FEA9FE",
        "0251.0376.0251.0376",
        "169.254.43518",
        "0xa9.0xfe.0xa9.0xfe",
        "::ffff:169.254.169.254",
        "::ffff:a9fe:a9fe",
        "0:0:0:0:0:ffff:a9fe:a9fe",
        "fd00:ec2::254",
        "fd00:ec2:0:0:0:0:0:254",
        "100.100.100.200",
        "1684301000",
        "192.0.0.192",
        "fe80::1%1",
    ],
)
async def test_metadata_host_in_any_spelling_is_refused(host: str) -> None:
    with pytest.raises(GuardError, match="link-local or cloud metadata"):
        await check_host(host, allow_link_local=False)
    await check_host(host, allow_link_local=True)


@pytest.mark.parametrize("host", ["0", "0.0.0.0", "::", "0x0"])
async def test_unspecified_host_is_refused(host: str) -> None:
    with pytest.raises(GuardError, match="not a unicast"):
        await check_host(host, allow_link_local=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "2130706433", "10.1.2.3", "192.168.0.10"])
async def test_loopback_and_private_hosts_are_allowed(host: str) -> None:
    await check_host(host, allow_link_local=False)


def _fake_getaddrinfo(*addresses: str) -> Any:
    def getaddrinfo(host: str, port: object, *args: object, **kwargs: object) -> list[Any]:
        return [
            (
                socket.AF_INET6 if ":" in a else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (a, 0, 0, 0) if ":" in a else (a, 0),
            )
            for a in addresses
        ]

    return getaddrinfo


async def test_host_is_refused_if_any_of_its_addresses_is(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo("127.0.0.1", "169.254.169.254"))
    with pytest.raises(GuardError, match=r"169\.254\.169\.254"):
        await check_host("rebind.example", allow_link_local=False, field="options.host")


async def test_zone_suffix_does_not_hide_a_metadata_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo("fd00:ec2::254%eth0"))
    with pytest.raises(GuardError, match="cloud metadata"):
        await check_host("metadata.example", allow_link_local=False)


def test_resolve_host_deduplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(socket, "getaddrinfo", _fake_getaddrinfo("10.0.0.1", "10.0.0.1", "::1"))
    assert resolve_host("multi.example") == [ipaddress.ip_address("10.0.0.1"), ipaddress.ip_address("::1")]


@pytest.mark.parametrize(
    "error", [socket.gaierror(socket.EAI_NONAME, "Name or service not known"), UnicodeError("label too long")]
)
async def test_host_that_does_not_resolve_is_refused(monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    def getaddrinfo(*args: object, **kwargs: object) -> list[Any]:
        raise error

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with pytest.raises(GuardError, match="does not resolve") as caught:
        await check_host("nowhere.example", allow_link_local=False, field="options.host")
    assert caught.value.field == "options.host"


@pytest.mark.parametrize("host", ["", "bad\0host", "[::1]"])
async def test_invalid_host_strings_are_refused(host: str) -> None:
    with pytest.raises(GuardError):
        await check_host(host, allow_link_local=False)


# ---------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://169.254.169.254",
        "http://[::ffff:a9fe:a9fe]/",
        "http://[::ffff:169.254.169.254]:80/",
        "http://2852039166/",
        "http://0xa9fea9fe/",
        "http://0251.0376.0251.0376/",
        "http://[fd00:ec2::254]/",
        "http://100.100.100.200/",
        "http://192.0.0.192/",
        "http://user:pass@169.254.169.254/",
        "http://127.0.0.1@169.254.169.254/",
        "HTTP://169.254.169.254/",
    ],
)
async def test_metadata_urls_are_refused(url: str) -> None:
    with pytest.raises(GuardError, match="link-local or cloud metadata") as error:
        await check_url_host(url, allow_link_local=False, field="options.endpoint_url")
    assert error.value.field == "options.endpoint_url"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9000",
        "https://localhost/bucket",
        "http://[::1]:8080/",
        "HTTPS://127.0.0.1/",
        "http://169.254.169.254@127.0.0.1/",
    ],
)
async def test_loopback_urls_are_allowed(url: str) -> None:
    await check_url_host(url, allow_link_local=False, field="endpoint_url")


async def test_link_local_url_allowed_when_configured() -> None:
    await check_url_host("http://169.254.169.254/", allow_link_local=True, field="endpoint_url")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://127.0.0.1/", "http or https"),
        ("file:///etc/passwd", "http or https"),
        ("gopher://127.0.0.1/", "http or https"),
        ("127.0.0.1:9000", "http or https"),
        ("", "http or https"),
        ("http://", "host"),
        ("https:///path", "host"),
        ("http://[::1/", "not a valid URL"),
    ],
)
async def test_bad_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(GuardError, match=message) as error:
        await check_url_host(url, allow_link_local=False, field="endpoint_url")
    assert error.value.field == "endpoint_url"
