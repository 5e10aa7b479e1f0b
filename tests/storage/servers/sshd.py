"""Real SFTP servers for tests, both on free 127.0.0.1 ports.

- `sshd_server`: OpenSSH's `sshd` in the foreground with its own config, host key and
  authorized client keys in a temp dir (key auth only; needs root and /usr/sbin/sshd).
- `asyncssh_server`: an in-process asyncssh SFTP server in its own thread and event loop,
  chrooted to a temp dir, with password auth — OpenSSH cannot do password logins without
  a system user behind them.
"""

from __future__ import annotations

import asyncio
import functools
import os
import secrets
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import asyncssh

SSHD = Path("/usr/sbin/sshd")
PASSWORD_USER = "tester"
PASSWORD = "secret-pass"


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def sshd_unavailable() -> str | None:
    """Why the OpenSSH tier cannot run here, or None if it can."""
    if not SSHD.exists():
        return f"{SSHD} is missing (Debian package openssh-server)"
    if os.geteuid() != 0:
        return "sshd needs root to switch to the logged-in user"
    return None


def new_key() -> asyncssh.SSHKey:
    return asyncssh.generate_private_key("ssh-ed25519")


def private_key_text(key: asyncssh.SSHKey, passphrase: str | None = None) -> str:
    """PEM text of a key; encrypted as PKCS#8 (OpenSSH's own format needs `bcrypt`)."""
    if passphrase is None:
        return key.export_private_key("openssh").decode()
    return key.export_private_key("pkcs8-pem", passphrase).decode()


def known_hosts_line(port: int, key: asyncssh.SSHKey) -> str:
    return f"[127.0.0.1]:{port} {key.export_public_key('openssh').decode().strip()}\n"


@dataclass
class SFTPServerInfo:
    """Where a test server listens and what trusts it."""

    port: int
    username: str
    root: Path
    """A folder on the server's disk; tests make their endpoint roots below it."""
    known_hosts: str
    remote_root: str
    """`root` as the server's SFTP session names it."""


# -- OpenSSH ---------------------------------------------------------------------------

_SSHD_CONFIG = """\
Port {port}
ListenAddress 127.0.0.1
HostKey {dir}/host_ed25519
PidFile {dir}/sshd.pid
AuthorizedKeysFile {dir}/authorized_keys
# -d: the SFTP login directory is the data folder, so "~" tests need no real home.
Subsystem sftp internal-sftp -d {home}
UsePAM no
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
StrictModes no
MaxStartups 100
MaxSessions 100
LogLevel VERBOSE
"""


@contextmanager
def sshd_server(
    workdir: Path, client_keys: Sequence[asyncssh.SSHKey], start_timeout: float = 15
) -> Iterator[SFTPServerInfo]:
    """Run OpenSSH `sshd -D -e` until the block ends; `client_keys` may log in as root."""
    home = workdir / "home"
    home.mkdir(parents=True)
    subprocess.run(
        ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(workdir / "host_ed25519")],
        check=True,
        stdin=subprocess.DEVNULL,
    )
    (workdir / "authorized_keys").write_text(
        "".join(key.export_public_key("openssh").decode() for key in client_keys)
    )
    Path("/run/sshd").mkdir(parents=True, exist_ok=True)  # sshd's privilege-separation dir
    host_key = asyncssh.read_public_key(str(workdir / "host_ed25519.pub"))
    process, port = _start_sshd(workdir, home, start_timeout)
    try:
        yield SFTPServerInfo(port, "root", home, known_hosts_line(port, host_key), str(home))
    finally:
        _stop(process)


def _start_sshd(workdir: Path, home: Path, timeout: float) -> tuple[subprocess.Popen[bytes], int]:
    """Start sshd on a free port, trying another if someone took it meanwhile."""
    log = workdir / "sshd.log"
    for _ in range(3):
        port = free_port()
        config = workdir / "sshd_config"
        config.write_text(_SSHD_CONFIG.format(port=port, dir=workdir, home=home))
        with log.open("ab") as output:  # the child keeps its own copy of the descriptor
            process = subprocess.Popen(
                [str(SSHD), "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        if _wait_for_port(port, process, timeout):
            return process, port
    raise RuntimeError(f"sshd did not start: {log.read_text(errors='replace')[-2000:]}")


def _wait_for_port(port: int, process: subprocess.Popen[bytes], timeout: float) -> bool:
    """True once the port accepts; False if sshd exited (e.g. the port was taken)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    _stop(process)
    raise RuntimeError(f"sshd did not listen on 127.0.0.1:{port} within {timeout} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the sshd we started, by its own PID (its session children end with it)."""
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


# -- asyncssh, in its own thread -----------------------------------------------------------


class _PasswordServer(asyncssh.SSHServer):
    """Accepts `PASSWORD_USER` with `PASSWORD` only, and keeps its connections to drop them."""

    def __init__(self, connections: set[asyncssh.SSHServerConnection]) -> None:
        self._connections = connections
        self._conn: asyncssh.SSHServerConnection | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self._conn = conn
        self._connections.add(conn)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._conn is not None:
            self._connections.discard(self._conn)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        return username == PASSWORD_USER and secrets.compare_digest(password, PASSWORD)


class _StallableSFTPServer(asyncssh.SFTPServer):
    """asyncssh's SFTP server, whose reads wait for `serving` (unset: a hung server)."""

    def __init__(self, chan: asyncssh.SSHServerChannel[bytes], *, chroot: bytes, serving: asyncio.Event) -> None:
        super().__init__(chan, chroot=chroot)
        self._serving = serving

    async def read(self, file_obj: object, offset: int, size: int) -> bytes:
        await self._serving.wait()
        result = super().read(file_obj, offset, size)
        return await result if asyncio.iscoroutine(result) else result  # type: ignore[return-value]


class AsyncsshServer:
    """An asyncssh SFTP server chrooted to `root`, running in a thread of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.host_key = new_key()
        self._loop = asyncio.new_event_loop()
        self._connections: set[asyncssh.SSHServerConnection] = set()
        self._serving = asyncio.Event()  # used only on the server's loop
        self._serving.set()
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._thread = threading.Thread(target=self._loop.run_forever, name="asyncssh-sftp", daemon=True)

    def start(self) -> int:
        self._thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self._loop)
        return future.result(15)

    async def _listen(self) -> int:
        self._acceptor = await asyncssh.listen(
            "127.0.0.1",
            0,
            server_host_keys=[self.host_key],
            server_factory=functools.partial(_PasswordServer, self._connections),
            sftp_factory=functools.partial(
                _StallableSFTPServer, chroot=str(self.root).encode(), serving=self._serving
            ),
            allow_scp=False,
        )
        return self._acceptor.get_port()

    def stall_reads(self, stalled: bool) -> None:
        """While stalled, read requests get no answer, as from a hung server."""
        asyncio.run_coroutine_threadsafe(self._stall(stalled), self._loop).result(10)

    async def _stall(self, stalled: bool) -> None:
        if stalled:
            self._serving.clear()
        else:
            self._serving.set()

    def drop_connections(self) -> None:
        """Close every client connection from the server side, as a network reset would."""
        asyncio.run_coroutine_threadsafe(self._drop(), self._loop).result(10)

    async def _drop(self) -> None:
        for conn in list(self._connections):
            conn.close()
            await conn.wait_closed()

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._close(), self._loop).result(15)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(15)
        self._loop.close()

    async def _close(self) -> None:
        await self._drop()
        if self._acceptor is not None:
            self._acceptor.close()
            await self._acceptor.wait_closed()


@contextmanager
def asyncssh_server(root: Path) -> Iterator[tuple[SFTPServerInfo, AsyncsshServer]]:
    """Run the password-auth asyncssh server until the block ends."""
    root.mkdir(parents=True, exist_ok=True)
    server = AsyncsshServer(root)
    port = server.start()
    try:
        yield SFTPServerInfo(port, PASSWORD_USER, root, known_hosts_line(port, server.host_key), "/"), server
    finally:
        server.stop()
