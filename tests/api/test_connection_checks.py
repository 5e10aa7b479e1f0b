"""`POST /endpoints/{id}/test` and the health monitor must report a refused connection as a failure.

For every endpoint type, each bad setting (wrong password or key, closed port, missing root,
missing bucket, a root that is a file) must answer `success: false` with a message naming the
cause, leave the endpoint `offline` with `last_error` set, and never show the secret — not in
the answer, not in the endpoint, not in the logs. The right settings answer `success: true`
and leave the endpoint `online`.

Each test walks its cases against one running service (on SQLite and on PostgreSQL): the
FTP server's one-second penalty per failed login and the start-up of a service per case
would otherwise add up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import asyncssh
import boto3
import httpx
import pytest

from f2l.config import Settings
from f2l.services import endpoints as endpoint_service
from f2l.storage.base import ConnectionTest as ConnectionOutcome
from tests.api.conftest import run_service, sign_in_first_admin
from tests.api.test_journeys import create, ftp_endpoint
from tests.storage.servers.ftpd import FTPServerHandle
from tests.storage.servers.moto import free_port, moto_server
from tests.storage.servers.sshd import PASSWORD as SFTP_PASSWORD
from tests.storage.servers.sshd import (
    AsyncsshServer,
    SFTPServerInfo,
    asyncssh_server,
    new_key,
    private_key_text,
    sshd_server,
    sshd_unavailable,
)

WRONG_PASSWORD = "Wrong-Pass-Never-Shown-7f3a"
"""The refused password: it must appear in no answer, endpoint and log line."""
WRONG_S3_SECRET = "Wrong-S3-Secret-Never-Shown-91c2"

AUTH_WORDS = ("authentication", "login")
CONNECT_WORDS = ("refused", "connect")
MISSING_WORDS = ("not found", "no such", "does not exist")


@pytest.fixture(autouse=True)
def all_logs(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Capture every log record of the service (it runs in this process) to search for secrets."""
    caplog.set_level(logging.DEBUG)
    return caplog


# -- servers ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sftp_password_server(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[SFTPServerInfo, AsyncsshServer]]:
    with asyncssh_server(tmp_path_factory.mktemp("asyncssh") / "root") as pair:
        yield pair


@pytest.fixture(scope="module")
def sftp_key() -> asyncssh.SSHKey:
    return new_key()


@pytest.fixture(scope="module")
def sshd(tmp_path_factory: pytest.TempPathFactory, sftp_key: asyncssh.SSHKey) -> Iterator[SFTPServerInfo]:
    reason = sshd_unavailable()
    if reason is not None:
        pytest.skip(f"key login needs OpenSSH: {reason}")
    with sshd_server(tmp_path_factory.mktemp("sshd"), [sftp_key]) as info:
        yield info


@pytest.fixture(scope="module")
def s3_auth() -> Iterator[tuple[str, str, str, str]]:
    """A moto server that checks signatures: (url, bucket, access key id, its secret).

    moto checks no credentials until told: the IAM user, its key and the bucket are made while
    it still accepts anything, then `reset-auth 0` makes it check every request.
    """
    with moto_server() as url:
        session = {
            "endpoint_url": url,
            "region_name": "us-east-1",
            "aws_access_key_id": "setup",
            "aws_secret_access_key": "setup",
        }
        iam = boto3.client("iam", **session)
        iam.create_user(UserName="f2l")
        iam.put_user_policy(
            UserName="f2l",
            PolicyName="all",
            PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
            ),
        )
        key = iam.create_access_key(UserName="f2l")["AccessKey"]
        boto3.client("s3", **session).create_bucket(Bucket="checked")
        assert httpx.post(f"{url}/moto-api/reset-auth", content=b"0").status_code == 200
        yield url, "checked", key["AccessKeyId"], key["SecretAccessKey"]


# -- helpers ------------------------------------------------------------------------------------


async def refused(
    admin: httpx.AsyncClient,
    body: dict[str, Any],
    words: tuple[str, ...],
    secrets: list[str],
    logs: pytest.LogCaptureFixture,
) -> str:
    """Create the endpoint, test it: a failure naming one of `words`, then offline with the error."""
    endpoint = await create(admin, "/endpoints", body)
    case = body["name"]
    response = await admin.post(f"/endpoints/{endpoint['id']}/test")
    assert response.status_code == 200, (case, response.text)
    answer = response.json()
    assert answer["success"] is False, (case, answer)
    message = answer["message"]
    assert any(word in message.lower() for word in words), (case, message, words)
    shown = await admin.get(f"/endpoints/{endpoint['id']}")
    health = shown.json()
    assert health["connection_status"] == "offline", (case, health)
    assert health["last_error"] == message and health["last_health_check"], (case, health)
    listed = await admin.get("/endpoints", params={"search": case})
    for secret in secrets:
        for where, text in (
            ("answer", response.text),
            ("endpoint", shown.text),
            ("list", listed.text),
            ("logs", logs.text),
        ):
            assert secret not in text, (case, where)
    return str(message)


async def accepted(admin: httpx.AsyncClient, body: dict[str, Any]) -> None:
    endpoint = await create(admin, "/endpoints", body)
    answer = (await admin.post(f"/endpoints/{endpoint['id']}/test")).json()
    assert answer["success"] is True and answer["latency_ms"] is not None, (body["name"], answer)
    health = (await admin.get(f"/endpoints/{endpoint['id']}")).json()
    assert health["connection_status"] == "online" and health["last_error"] is None, (body["name"], health)


async def wait_for_health_checks(
    admin: httpx.AsyncClient, ids: list[str], within: float = 30
) -> list[dict[str, Any]]:
    deadline = asyncio.get_running_loop().time() + within
    while True:
        shown = [(await admin.get(f"/endpoints/{endpoint_id}")).json() for endpoint_id in ids]
        if all(item["last_health_check"] for item in shown):
            return shown
        assert asyncio.get_running_loop().time() < deadline, f"the health monitor never ran: {shown}"
        await asyncio.sleep(0.2)


# -- the tests ----------------------------------------------------------------------------------


async def test_ftp_refusals_are_failures(
    admin: httpx.AsyncClient, ftp: FTPServerHandle, all_logs: pytest.LogCaptureFixture
) -> None:
    (ftp.root / "data").mkdir()
    secrets = [WRONG_PASSWORD]
    await accepted(admin, {**ftp_endpoint(ftp, "ftp ok"), "remote_path": "data"})
    await refused(
        admin,
        {**ftp_endpoint(ftp, "ftp wrong password"), "password": WRONG_PASSWORD},
        AUTH_WORDS,
        secrets,
        all_logs,
    )
    await refused(
        admin, {**ftp_endpoint(ftp, "ftp closed port"), "port": free_port()}, CONNECT_WORDS, secrets, all_logs
    )
    await refused(
        admin,
        {**ftp_endpoint(ftp, "ftp missing root"), "remote_path": "no-such-folder"},
        MISSING_WORDS,
        secrets,
        all_logs,
    )
    assert WRONG_PASSWORD not in "".join(ftp.commands)  # the server's own record masks it too


async def test_sftp_refusals_are_failures(
    admin: httpx.AsyncClient,
    sftp_password_server: tuple[SFTPServerInfo, AsyncsshServer],
    sshd: SFTPServerInfo,
    sftp_key: asyncssh.SSHKey,
    all_logs: pytest.LogCaptureFixture,
) -> None:
    info = sftp_password_server[0]
    (info.root / "data").mkdir(exist_ok=True)
    by_password = {
        "endpoint_type": "sftp",
        "host": "127.0.0.1",
        "port": info.port,
        "username": info.username,
        "password": SFTP_PASSWORD,
        "known_hosts": info.known_hosts,
        "remote_path": "/data",
    }
    (sshd.root / "data").mkdir(exist_ok=True)
    by_key = {
        "endpoint_type": "sftp",
        "host": "127.0.0.1",
        "port": sshd.port,
        "username": sshd.username,
        "private_key": private_key_text(sftp_key),
        "known_hosts": sshd.known_hosts,
        "remote_path": f"{sshd.remote_root}/data",
    }
    stranger = private_key_text(new_key())  # a fresh key the server was never told about
    secrets = [WRONG_PASSWORD, stranger, private_key_text(sftp_key), SFTP_PASSWORD]

    await accepted(admin, {**by_password, "name": "sftp password ok"})
    await accepted(admin, {**by_key, "name": "sftp key ok"})
    await refused(
        admin,
        {**by_password, "name": "sftp wrong password", "password": WRONG_PASSWORD},
        AUTH_WORDS,
        secrets,
        all_logs,
    )
    await refused(
        admin, {**by_key, "name": "sftp wrong key", "private_key": stranger}, AUTH_WORDS, secrets, all_logs
    )
    await refused(
        admin, {**by_password, "name": "sftp closed port", "port": free_port()}, CONNECT_WORDS, secrets, all_logs
    )
    await refused(
        admin,
        {**by_password, "name": "sftp missing root", "remote_path": "/no-such-folder"},
        MISSING_WORDS,
        secrets,
        all_logs,
    )
    await refused(
        admin,
        {**by_key, "name": "sftp key missing root", "remote_path": f"{sshd.remote_root}/nope"},
        MISSING_WORDS,
        secrets,
        all_logs,
    )


async def test_s3_refusals_are_failures(
    admin: httpx.AsyncClient, s3_auth: tuple[str, str, str, str], all_logs: pytest.LogCaptureFixture
) -> None:
    """Wrong secret, missing bucket and closed port fail; a prefix with no objects is not an error.

    S3 has no folders: a prefix exists only through the keys under it, so a prefix nothing
    was written to yet is indistinguishable from an empty folder, and a destination's prefix
    normally starts out that way. The test therefore expects success for it — the bucket is
    reachable with these credentials, which is what the test can honestly vouch for. (That an
    empty source never leads to deletions is the sync engine's promise, not this check's.)
    """
    url, bucket, key_id, secret = s3_auth
    good = {
        "endpoint_type": "s3",
        "s3_bucket": bucket,
        "s3_region": "us-east-1",
        "s3_access_key": key_id,
        "s3_secret_key": secret,
        "s3_endpoint_url": url,
        "s3_path_style": True,
    }
    secrets = [WRONG_S3_SECRET, secret]

    await accepted(admin, {**good, "name": "s3 ok"})
    await accepted(admin, {**good, "name": "s3 prefix with no objects", "remote_path": "never/written"})
    await refused(
        admin, {**good, "name": "s3 wrong secret", "s3_secret_key": WRONG_S3_SECRET}, AUTH_WORDS, secrets, all_logs
    )
    await refused(
        admin,
        {**good, "name": "s3 missing bucket", "s3_bucket": "no-such-bucket-here"},
        ("bucket does not exist", "no such bucket", "nosuchbucket"),
        secrets,
        all_logs,
    )
    await refused(
        admin,
        {**good, "name": "s3 closed port", "s3_endpoint_url": f"http://127.0.0.1:{free_port()}"},
        CONNECT_WORDS,
        secrets,
        all_logs,
    )


async def test_local_refusals_are_failures(
    admin: httpx.AsyncClient, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "a-file.txt").write_text("not a folder")
    await accepted(admin, {"name": "local ok", "endpoint_type": "local", "local_path": str(tmp_path / "folder")})
    await refused(
        admin,
        {"name": "local missing", "endpoint_type": "local", "local_path": str(tmp_path / "gone")},
        MISSING_WORDS,
        [],
        all_logs,
    )
    a_file = str(tmp_path / "a-file.txt")
    await refused(
        admin,
        {"name": "local file", "endpoint_type": "local", "local_path": a_file},
        ("not a directory",),
        [],
        all_logs,
    )


async def test_local_unreadable_folder_is_a_failure(
    admin: httpx.AsyncClient, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every folder whatever its mode: an unreadable one cannot be made")
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0)
    try:
        await refused(
            admin,
            {"name": "local unreadable", "endpoint_type": "local", "local_path": str(locked)},
            ("permission",),
            [],
            all_logs,
        )
    finally:
        locked.chmod(stat.S_IRWXU)


async def test_health_monitor_marks_a_refused_login_offline(
    service_settings: Settings, ftp: FTPServerHandle, tmp_path: Path, all_logs: pytest.LogCaptureFixture
) -> None:
    settings = service_settings.model_copy(update={"health_check_interval": 1.0})
    async with (
        run_service(settings) as running,
        httpx.AsyncClient(base_url=f"{running.url}/api/v1", timeout=30) as admin,
    ):
        await sign_in_first_admin(admin)
        assert running.state.health_check_interval == 1.0
        wrong = await create(admin, "/endpoints", {**ftp_endpoint(ftp, "wrong"), "password": WRONG_PASSWORD})
        good = await create(admin, "/endpoints", ftp_endpoint(ftp, "good"))
        (tmp_path / "folder").mkdir()
        local = await create(
            admin,
            "/endpoints",
            {"name": "local", "endpoint_type": "local", "local_path": str(tmp_path / "folder")},
        )
        shown = await wait_for_health_checks(admin, [wrong["id"], good["id"], local["id"]])
        assert shown[0]["connection_status"] == "offline", shown[0]
        assert shown[0]["last_error"] and any(word in shown[0]["last_error"].lower() for word in AUTH_WORDS)
        assert [item["connection_status"] for item in shown[1:]] == ["online", "online"], shown
        assert all(item["last_error"] is None for item in shown[1:]), shown
        listed = await admin.get("/endpoints")
        for text in (listed.text, all_logs.text):
            assert WRONG_PASSWORD not in text


class _FakeBackend:
    """Stands in for a backend whose check fails in a way no real server here produces."""

    def __init__(self, outcome: ConnectionOutcome | Exception) -> None:
        self.outcome = outcome
        self.closed = False

    async def test_connection(self) -> ConnectionOutcome:
        if isinstance(self.outcome, Exception):
            raise self.outcome
        return self.outcome

    async def close(self) -> None:
        self.closed = True


async def test_a_failure_message_never_carries_the_secret_and_odd_errors_still_fail(
    admin: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch, all_logs: pytest.LogCaptureFixture
) -> None:
    """Defence in depth: a backend message that quotes the password is masked; an untranslated
    library error is a failed check (not a 500, not a health pass aborted), named by its type only."""
    fakes = [
        _FakeBackend(ConnectionOutcome(False, f"server said: bad password {WRONG_PASSWORD}", 1.0)),
        _FakeBackend(RuntimeError(f"library trouble with {WRONG_PASSWORD}")),
    ]
    opened = iter(fakes)

    async def fake_open_backend(*args: Any, **kwargs: Any) -> _FakeBackend:
        return next(opened)

    monkeypatch.setattr(endpoint_service, "open_backend", fake_open_backend)
    endpoint = await create(
        admin,
        "/endpoints",
        {"name": "fake", "endpoint_type": "ftp", "host": "127.0.0.1", "password": WRONG_PASSWORD},
    )
    quoted = await admin.post(f"/endpoints/{endpoint['id']}/test")
    assert quoted.json()["success"] is False and "bad password ***" in quoted.json()["message"]
    odd = await admin.post(f"/endpoints/{endpoint['id']}/test")
    assert odd.status_code == 200 and odd.json()["success"] is False
    assert "RuntimeError" in odd.json()["message"]
    shown = await admin.get(f"/endpoints/{endpoint['id']}")
    assert shown.json()["connection_status"] == "offline" and shown.json()["last_error"]
    assert all(fake.closed for fake in fakes)
    for text in (quoted.text, odd.text, shown.text, all_logs.text):
        assert WRONG_PASSWORD not in text
