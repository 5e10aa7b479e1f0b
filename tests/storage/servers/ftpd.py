"""Real FTP and explicit-FTPS servers on loopback for the storage tests (pyftpdlib in a thread).

`start_ftpd(home)` (or the `ftpd_server(home)` context manager) serves `home` for the user
`user` / `secret-pass` on 127.0.0.1 at a kernel-chosen port and returns an `FTPServerHandle`:
port, root, `stop()`, the commands and logins it saw, and `kill_connections()` to simulate
a network reset. Variants:

- `"plain"`: pyftpdlib's full command set (FEAT, MLSD/MLST, MDTM, MFMT, REST, EPSV);
- `"list_only"`: no MLSD/MLST, and RNTO refuses to replace an existing file, as several
  older and Windows servers do: it drives the backend's LIST and rename fallbacks;
- `"tls"`: `TLS_FTPHandler` that *requires* AUTH TLS and PROT P, with a throw-away
  self-signed certificate made by `make_self_signed_cert`.

Every handler sends names as raw bytes (`unicode_errors = "surrogateescape"`) like a real
server on a POSIX disk, so a test can show what the client does with non-UTF-8 names.
"""

from __future__ import annotations

import contextlib
import datetime
import ipaddress
import logging
import random
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import ThreadedFTPServer

USER = "user"
PASSWORD = "secret-pass"
PERMISSIONS = "elradfmwMT"
HOST = "127.0.0.1"

Variant = Literal["plain", "list_only", "tls"]

# pyftpdlib configures root logging to stderr on first start unless a handler exists.
logging.getLogger("pyftpdlib").addHandler(logging.NullHandler())
logging.getLogger("pyftpdlib").setLevel(logging.WARNING)


@dataclass
class FTPServerHandle:
    """A running server: where it listens, what it serves, and how to stop or disrupt it."""

    host: str
    port: int
    root: Path
    variant: Variant
    logins: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    """Every command line received, passwords masked: proof of what reached the server."""
    _server: Any = None
    _thread: threading.Thread | None = None
    _stop: threading.Event = field(default_factory=threading.Event)
    _sessions: list[Any] = field(default_factory=list)

    def stop(self) -> None:
        """Stop accepting, end every session and join the serving thread."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    def kill_connections(self) -> int:
        """Cut every live control and data connection at the TCP level, as a network reset would.

        Returns how many sockets were shut down. Only for plain (non-TLS) sessions.
        """
        killed = 0
        for session in list(self._sessions):
            data = getattr(session, "data_channel", None)
            for sock in (getattr(data, "socket", None), getattr(session, "socket", None)):
                if isinstance(sock, socket.socket):
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                        killed += 1
                    except OSError:
                        pass  # already closed by its session thread
        return killed


class _Server(ThreadedFTPServer):  # type: ignore[misc]
    # pyftpdlib keeps its exit Event on the class, so stopping one server would end the
    # sessions of every other one in the process: give each instance its own.
    poll_timeout = 0.1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._exit = threading.Event()
        super().__init__(*args, **kwargs)


class _ListOnlyMixin:
    """No MLSD/MLST, and RNTO will not replace an existing file (IIS, some embedded servers)."""

    proto_cmds: ClassVar[dict[str, Any]] = {
        name: spec for name, spec in FTPHandler.proto_cmds.items() if name not in ("MLSD", "MLST")
    }

    def ftp_RNTO(self, path: str) -> Any:  # noqa: N802 - pyftpdlib's naming
        handler: Any = self
        if handler._rnfr and handler.fs.lexists(path):
            handler._rnfr = None
            handler.respond("550 Cannot rename: destination file exists.")
            return None
        return super().ftp_RNTO(path)  # type: ignore[misc]


@contextlib.contextmanager
def ftpd_server(home: Path, variant: Variant = "plain", certfile: Path | None = None) -> Iterator[FTPServerHandle]:
    """`start_ftpd` as a context manager that stops the server on exit."""
    handle = start_ftpd(home, variant, certfile)
    try:
        yield handle
    finally:
        handle.stop()


def start_ftpd(home: Path, variant: Variant = "plain", certfile: Path | None = None) -> FTPServerHandle:
    """Serve `home` on 127.0.0.1:<free port> in a daemon thread and return its handle."""
    home.mkdir(parents=True, exist_ok=True)
    handle = FTPServerHandle(HOST, 0, home, variant)
    handler = _handler_class(handle, variant, certfile)
    server = _Server((HOST, 0), handler)
    handle.port = server.address[1]
    handle._server = server
    handle._thread = threading.Thread(
        target=_serve, args=(server, handle._stop), name=f"ftpd-{variant}", daemon=True
    )
    handle._thread.start()
    return handle


def _serve(server: _Server, stop: threading.Event) -> None:
    try:
        while not stop.is_set():
            server.serve_forever(timeout=0.05, blocking=False, handle_exit=False)
    finally:
        server.close_all()


def _handler_class(handle: FTPServerHandle, variant: Variant, certfile: Path | None) -> type[Any]:
    authorizer = DummyAuthorizer()
    authorizer.add_user(USER, PASSWORD, str(handle.root), perm=PERMISSIONS)
    bases: tuple[type[Any], ...] = (FTPHandler,)
    attributes: dict[str, Any] = {}
    if variant == "list_only":
        bases = (_ListOnlyMixin, FTPHandler)
    elif variant == "tls":
        if certfile is None:
            raise ValueError("the tls variant needs a certificate file")
        bases = (TLS_FTPHandler,)
        attributes.update(
            certfile=str(certfile), tls_control_required=True, tls_data_required=True, ssl_context=None
        )

    def start(self: Any, conn: Any, server: Any, ioloop: Any = None) -> None:
        bases[-1].__init__(self, conn, server, ioloop)
        handle._sessions.append(self)

    def record(self: Any, line: str, cmd: str, arg: str) -> Any:
        handle.commands.append("PASS ***" if cmd == "PASS" else line)
        return bases[-1].pre_process_command(self, line, cmd, arg)

    def on_login(self: Any, username: str) -> None:
        handle.logins.append(username)

    # Random passive range per server: concurrent test runs on this machine rarely collide,
    # and pyftpdlib falls back to a kernel-chosen port if the whole range is busy.
    first = random.randrange(30000, 60000, 100)
    attributes.update(
        __init__=start,
        pre_process_command=record,
        on_login=on_login,
        authorizer=authorizer,
        passive_ports=range(first, first + 100),
        auth_failed_timeout=1,
        unicode_errors="surrogateescape",
        timeout=120,
    )
    return type(f"TestHandler_{variant}", bases, attributes)


def make_self_signed_cert(directory: Path) -> Path:
    """Write a self-signed certificate and key for 127.0.0.1 into one PEM file and return it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "f2l test ftpd")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(HOST))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    path = directory / "ftpd.pem"
    path.write_bytes(
        cert.public_bytes(serialization.Encoding.PEM)
        + key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return path


def free_port() -> int:
    """A loopback port with nothing listening on it (bound once, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
    return port
