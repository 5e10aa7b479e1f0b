"""Guards on user input that reaches the file system or the network: local paths and endpoint hosts."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Cloud instance-metadata services: AWS, GCP and Azure (169.254.169.254 and AWS's IPv6 fd00:ec2::254),
# Alibaba (100.100.100.200), Oracle (192.0.0.192). Those outside 169.254/16 sit in ranges that are
# otherwise allowed (ULA, carrier-grade NAT, IETF protocol assignments), so they are listed one by one.
METADATA_ADDRESSES: frozenset[IPAddress] = frozenset(
    ipaddress.ip_address(a) for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
# 0.0.0.0/8 is "this network": connecting to it reaches the local host on Linux.
_THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
_URL_SCHEMES = ("http", "https")


class GuardError(ValueError):
    """Input refused by a guard; `field` names the input, `message` the problem (never a secret)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_local_path(path: str, roots: Sequence[Path], field: str = "local_path") -> Path:
    """`path` canonicalised (symlinks and `..` resolved), provided it lies inside one of `roots`."""
    if "\0" in path:
        raise GuardError(field, "must not contain NUL bytes")
    if not os.path.isabs(path):
        raise GuardError(field, "must be an absolute path")
    resolved = os.path.realpath(path)
    if not any(_is_within(resolved, os.path.realpath(root)) for root in roots):
        raise GuardError(field, _outside_roots_message(roots))
    return Path(resolved)


def _outside_roots_message(roots: Sequence[Path]) -> str:
    """Names the allowed roots and the setting that widens them (roots are the operator's, not secrets)."""
    allowed = ", ".join(str(root) for root in roots) or "none"
    return (
        f"must be inside one of the allowed local roots ({allowed}); "
        f"F2L_LOCAL_ROOTS sets them ('{os.pathsep}'-separated, default: the data directory)"
    )


def check_relative_path(path: str, field: str = "path") -> str:
    """A browse path inside an endpoint, cleaned: no leading or trailing `/`, no `..`; "" is the root."""
    if any(unicodedata.category(char) == "Cc" for char in path):
        raise GuardError(field, "must not contain control characters")
    if "\\" in path:
        raise GuardError(field, "must not contain backslashes")
    # A leading "/" means the endpoint's root; empty and "." segments name the same folder.
    segments = [segment for segment in path.split("/") if segment not in ("", ".")]
    if ".." in segments:
        raise GuardError(field, "must not contain '..'")
    return "/".join(segments)


def resolve_host(host: str, field: str = "host") -> list[IPAddress]:
    """Every address `host` resolves to (a literal IP in any form getaddrinfo accepts resolves to itself)."""
    if not host:
        raise GuardError(field, "must not be empty")
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        # gaierror is an OSError; IDNA failures raise UnicodeError, NUL bytes ValueError.
        raise GuardError(field, f"{host!r} does not resolve") from None
    addresses: list[IPAddress] = []
    for *_, sockaddr in infos:
        # Drop any "%zone": a scoped address compares unequal to its bare form (fd00:ec2::254%eth0).
        address = ipaddress.ip_address(str(sockaddr[0]).split("%", 1)[0])
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise GuardError(field, f"{host!r} does not resolve")
    return addresses


def check_address(
    address: IPAddress, allow_link_local: bool, field: str = "host", allowed_networks: Sequence[IPNetwork] = ()
) -> None:
    """Refuse an address no endpoint may connect to: non-unicast, link-local / cloud metadata, or
    (when `allowed_networks` is not empty) outside every allowed network."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        # ::ffff:a.b.c.d reaches the IPv4 host a.b.c.d: judge it as such.
        address = address.ipv4_mapped
    if address.is_unspecified or address.is_multicast or address in _THIS_NETWORK or _is_broadcast(address):
        raise GuardError(field, f"resolves to {address}, which is not a unicast host address")
    if not allow_link_local and (address.is_link_local or address in METADATA_ADDRESSES):
        raise GuardError(
            field,
            f"resolves to {address}, a link-local or cloud metadata address "
            "(allowed only with F2L_ALLOW_LINK_LOCAL)",
        )
    if allowed_networks and not any(
        address.version == network.version and address in network for network in allowed_networks
    ):
        raise GuardError(field, f"resolves to {address}, outside the networks F2L_ALLOWED_NETWORKS allows")


async def check_host(
    host: str, *, allow_link_local: bool, field: str = "host", allowed_networks: Sequence[IPNetwork] = ()
) -> None:
    """Resolve `host` and refuse it if any of its addresses is refused by `check_address`."""
    # Every address must pass: the connection may use any of them.
    for address in await asyncio.to_thread(resolve_host, host, field):
        check_address(address, allow_link_local, field, allowed_networks)


async def check_url_host(
    url: str, *, allow_link_local: bool, field: str, allowed_networks: Sequence[IPNetwork] = ()
) -> None:
    """Refuse `url` unless it is http(s) and its host passes `check_host`."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        raise GuardError(field, "is not a valid URL") from None
    if parts.scheme.lower() not in _URL_SCHEMES:
        raise GuardError(field, "must be an http or https URL")
    if not host:
        raise GuardError(field, "must include a host name")
    await check_host(host, allow_link_local=allow_link_local, field=field, allowed_networks=allowed_networks)


def _is_within(path: str, root: str) -> bool:
    # commonpath compares whole components, so /data/abc is not inside /data/ab.
    try:
        return os.path.normcase(os.path.commonpath([path, root])) == os.path.normcase(root)
    except ValueError:  # different drives on Windows
        return False


def _is_broadcast(address: IPAddress) -> bool:
    return isinstance(address, ipaddress.IPv4Address) and address == ipaddress.IPv4Address("255.255.255.255")
