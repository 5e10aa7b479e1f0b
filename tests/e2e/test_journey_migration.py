"""Journey 1, through the UI only: a first run, an FTP server and an S3 bucket added and tested (a
wrong password shown failing first), a session with a folder filter and patterns, its preview,
the run watched live to its end, the reconciliation in sync, and its export."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.support import E2E, PASSWORD, SCREENSHOTS, Served, serve
from tests.storage.servers.ftpd import PASSWORD as FTP_PASSWORD
from tests.storage.servers.ftpd import USER as FTP_USER
from tests.storage.servers.ftpd import FTPServerHandle, ftpd_server
from tests.storage.servers.moto import moto_server

pytestmark = E2E

BUCKET = "archive"
KEY = "test"
# The FTP server's tree: reports/ folders at two depths, other folders, and files the patterns leave out.
FTP_FILES = {
    "reports/2025/q1.csv": 1_000,
    "reports/2025/q1.pdf": 20_000,
    "reports/2025/notes.txt": 300,
    "site-a/reports/summary.csv": 4_000,
    "site-a/reports/draft.docx": 7_000,
    "site-a/photos/p1.jpg": 50_000,
    "misc/readme.csv": 90,
}
EXPECTED = {"reports/2025/q1.csv", "reports/2025/q1.pdf", "site-a/reports/summary.csv"}
EXPECTED_BYTES = 1_000 + 20_000 + 4_000


World = tuple[Served, str, FTPServerHandle]
"""The never-set-up F2L, the S3 server's URL and the FTP server."""


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    home = tmp_path / "ftp"
    home.mkdir()
    for name, size in FTP_FILES.items():
        path = home / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"r" * size)
    with moto_server() as s3_url, ftpd_server(home) as ftp:
        boto3.client(
            "s3", endpoint_url=s3_url, aws_access_key_id=KEY, aws_secret_access_key=KEY, region_name="us-east-1"
        ).create_bucket(Bucket=BUCKET)
        served = serve(tmp_path / "f2l")  # never set up: the journey starts at the first run
        try:
            yield served, s3_url, ftp
        finally:
            served.stop()


def field(dialog: Locator, label: str) -> Locator:
    return dialog.get_by_role("textbox", name=re.compile(f"^{re.escape(label)}( \\*)?$"))


def add_endpoint(page: Page, kind: str) -> Locator:
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_role("dialog", name="Add an endpoint")).to_be_visible()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("radio", name=re.compile(f"^{kind}")).check()
    return dialog


def test_first_run_to_a_reconciled_ftp_to_s3_migration(page: Page, world: World) -> None:
    served, s3_url, ftp = world

    # First run: the first admin, then the overview.
    page.goto(f"{served.url}/")
    expect(page.get_by_role("heading", name="Welcome to F2L")).to_be_visible()
    page.get_by_label("Administrator user name").fill("admin")
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create administrator and sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()

    # The bucket, tested.
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Endpoints").first.click()
    expect(page.get_by_role("heading", name="Endpoints", exact=True)).to_be_visible()
    dialog = add_endpoint(page, "S3")
    field(dialog, "Name").fill("Archive bucket")
    field(dialog, "Bucket").fill(BUCKET)
    field(dialog, "Endpoint URL").fill(s3_url)
    field(dialog, "Region").fill("us-east-1")
    field(dialog, "Access key ID").fill(KEY)
    dialog.get_by_label("Secret access key", exact=True).fill(KEY)
    dialog.get_by_role("switch", name="Path-style addressing").check()
    dialog.get_by_role("button", name="Add endpoint").click()
    dialog.get_by_role("button", name="Test connection").click()
    expect(dialog.get_by_text(re.compile(r"Connected to Archive bucket in \d+ ms\."))).to_be_visible()
    dialog.get_by_role("button", name="Done").click()

    # The FTP server, first with a wrong password: the test says no, and why.
    dialog = add_endpoint(page, "FTP")
    field(dialog, "Name").fill("Old FTP")
    field(dialog, "Host").fill("127.0.0.1")
    dialog.get_by_role("spinbutton", name="Port").fill(str(ftp.port))
    field(dialog, "User name").fill(FTP_USER)
    dialog.get_by_label("Password", exact=True).fill("wrong-" + FTP_PASSWORD)
    dialog.get_by_role("button", name="Add endpoint").click()
    dialog.get_by_role("button", name="Test connection").click()
    failure = dialog.get_by_role("alert")
    expect(failure).to_contain_text("Connection failed")
    assert "wrong-" not in failure.inner_text(), "the failure never shows the password"
    dialog.get_by_role("button", name="Done").click()
    old_ftp = page.get_by_role("table", name="Endpoints").get_by_role("row").filter(has_text="Old FTP")
    expect(old_ftp).to_contain_text("Offline")
    # …then the right one: the test says yes.
    page.get_by_role("button", name="Actions for Old FTP").click()
    page.get_by_role("menuitem", name="Edit").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("button", name="Replace the password").click()
    dialog.get_by_label("Password", exact=True).fill(FTP_PASSWORD)
    dialog.get_by_role("button", name="Save changes").click()
    dialog.get_by_role("button", name="Test connection").click()
    expect(dialog.get_by_text(re.compile(r"Connected to Old FTP in \d+ ms\."))).to_be_visible()
    dialog.get_by_role("button", name="Done").click()
    expect(old_ftp).to_contain_text("Online")

    # A session: reports/ folders at any depth, CSV and PDF files only; the live count agrees.
    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Sessions").first.click()
    page.get_by_role("link", name="New session").click()
    page.get_by_label("Session name").fill("FTP reports to S3")
    page.get_by_label("Source endpoint").select_option(label="Old FTP (ftp)")
    page.get_by_label("Destination endpoint").select_option(label="Archive bucket (s3)")
    page.get_by_label("Destination folder", exact=True).fill("ftp-reports")
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_label("Folder names", exact=True).fill("reports")
    page.get_by_label("Folder names", exact=True).press("Enter")
    for pattern in ("*.csv", "*.pdf"):
        page.get_by_label("Include patterns", exact=True).fill(pattern)
        page.get_by_role("button", name="Add include pattern", exact=True).click()
    count = page.get_by_role("status").filter(has_text="match")
    expect(count).to_contain_text(f"3 files (24.4 KiB) match of {len(FTP_FILES)} scanned")
    sample = page.get_by_role("list", name="Sample of matched paths").get_by_role("listitem")
    expect(sample).to_have_count(3)
    assert set(sample.all_inner_texts()) == EXPECTED
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Next", exact=True).click()
    page.get_by_role("button", name="Save and preview", exact=True).click()

    # The preview: the right totals and plan; nothing written yet.
    expect(page.get_by_role("heading", name="FTP reports to S3", level=1)).to_be_visible()
    expect(page.get_by_test_id("preview-totals")).to_have_text("3 files (24.4 KiB) will be copied.")
    plan = page.get_by_role("grid", name="Planned operations")
    for path in EXPECTED:
        expect(plan).to_contain_text(path)
    s3 = boto3.client(
        "s3", endpoint_url=s3_url, aws_access_key_id=KEY, aws_secret_access_key=KEY, region_name="us-east-1"
    )
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0, "a preview writes nothing"

    # Start; the monitor follows the run live to its end (no reload), with its summary.
    page.get_by_role("button", name="Start", exact=True).click()
    page.get_by_role("dialog", name="Start FTP reports to S3").get_by_role("button", name="Start run").click()
    expect(page).to_have_url(re.compile(r"/executions/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", name="Run of FTP reports to S3")).to_be_visible()
    expect(page.get_by_role("region", name="Summary")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Completed").first).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "journey-run-finished.png"), full_page=True)
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="ftp-reports/")
    assert {item["Key"].removeprefix("ftp-reports/") for item in listed.get("Contents", [])} == EXPECTED
    assert sum(item["Size"] for item in listed["Contents"]) == EXPECTED_BYTES

    # The reconciliation: in sync, every tab empty; its export says so too.
    page.get_by_role("link", name="Reconciliation").first.click()
    dialog = page.get_by_role("dialog", name="Reconciliation · FTP reports to S3")
    expect(dialog).to_contain_text("In sync")
    expect(dialog.get_by_role("tab")).to_have_text(["Missing (0)", "Extra (0)", "Size (0)", "Checksum (0)"])
    with page.expect_download() as as_csv:
        dialog.get_by_role("button", name="Export CSV").click()
    rows = list(csv.DictReader(io.StringIO(as_csv.value.path().read_text())))
    assert rows == [], rows
    with page.expect_download() as as_json:
        dialog.get_by_role("button", name="Export JSON").click()
    check = json.loads(as_json.value.path().read_text())
    assert check["in_sync"] is True and check["matched"] == len(EXPECTED)
    page.screenshot(path=str(SCREENSHOTS / "journey-reconciliation.png"), full_page=True)
