"""The Endpoints section in a real browser against `f2l serve`, a moto S3 server and an FTP server:
add and test endpoints through the form (and see a wrong password fail), browse a bucket with
paging, metadata and a presigned link downloaded with a plain HTTP client, analyze a folder, and
check that a viewer sees no control it cannot use. Screenshots and axe on every state."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from tests.e2e.support import (
    E2E_WITH_AXE,
    PASSWORD,
    SCREENSHOTS,
    Served,
    axe_violations,
    pick_option,
    serve,
    sign_in_api,
)
from tests.storage.servers.ftpd import PASSWORD as FTP_PASSWORD
from tests.storage.servers.ftpd import USER as FTP_USER
from tests.storage.servers.ftpd import ftpd_server
from tests.storage.servers.moto import moto_server

pytestmark = E2E_WITH_AXE

BUCKET = "e2e-bucket"
S3_KEY = "test"
VIEWER = ("viewer", "Viewer-pass-2026!")
README = b"F2L end-to-end readme\n" * 40
WIDTHS = {1440: 900, 390: 844}
LOG_COUNT = 120  # more than one page of the browser (100)


@dataclass
class World:
    """F2L with its admin and a viewer, an S3 bucket (seeded as an endpoint) and an FTP server."""

    served: Served
    s3_url: str
    ftp_port: int
    bucket_id: str

    @property
    def url(self) -> str:
        return self.served.url


def seed_bucket(s3_url: str) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id=S3_KEY,
        aws_secret_access_key=S3_KEY,
        region_name="us-east-1",
    )
    s3.create_bucket(Bucket=BUCKET)
    s3.put_object(Bucket=BUCKET, Key="docs/readme.txt", Body=README, ContentType="text/plain")
    s3.put_object(
        Bucket=BUCKET, Key="docs/sub/data.bin", Body=b"\x00" * 5000, ContentType="application/octet-stream"
    )
    s3.put_object(Bucket=BUCKET, Key="docs/sub/notes.md", Body=b"# notes\n", ContentType="text/markdown")
    for n in range(LOG_COUNT):
        s3.put_object(Bucket=BUCKET, Key=f"logs/file-{n:03d}.txt", Body=f"line {n}\n".encode())


def s3_endpoint(name: str, s3_url: str) -> dict[str, Any]:
    return {
        "name": name,
        "endpoint_type": "s3",
        "s3_bucket": BUCKET,
        "s3_endpoint_url": s3_url,
        "s3_region": "us-east-1",
        "s3_access_key": S3_KEY,
        "s3_secret_key": S3_KEY,
        "s3_path_style": True,
    }


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    root = tmp_path_factory.mktemp("f2l-endpoints")
    with moto_server() as s3_url, ftpd_server(root / "ftp") as ftp:
        (root / "ftp" / "hello.txt").write_text("hello over FTP\n")
        seed_bucket(s3_url)
        served = serve(root / "f2l")
        try:
            with served.api() as api:
                assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
                sign_in_api(api)
                user = {"username": VIEWER[0], "password": VIEWER[1], "role": "viewer"}
                assert api.post("/users", json=user).status_code == 201
                seeded = api.post("/endpoints", json=s3_endpoint("Seeded bucket", s3_url))
                assert seeded.status_code == 201, seeded.text
                # Loopback hosts pass the SSRF guard by default (only link-local / metadata addresses
                # are refused unless F2L_ALLOW_LINK_LOCAL; F2L_ALLOWED_NETWORKS is unset here).
            yield World(served, s3_url, ftp.port, seeded.json()["id"])
        finally:
            served.stop()


def new_context(browser: Browser, world: World, width: int = 1440, scheme: str = "light") -> BrowserContext:
    return browser.new_context(
        base_url=world.url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
    )


def sign_in(page: Page, world: World, username: str = "admin", password: str = PASSWORD) -> None:
    """Sign the page's context in through the API (the refresh cookie is shared with the page)."""
    response = page.context.request.post(
        f"{world.url}/api/v1/auth/login", data={"username": username, "password": password}
    )
    assert response.ok, response.text()


@pytest.fixture
def admin(browser: Browser, world: World) -> Iterator[Page]:
    context = new_context(browser, world)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=world.url)
    page = context.new_page()
    sign_in(page, world)
    yield page
    context.close()


def no_axe_violations(page: Page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where}:\n" + "\n".join(found)


def row(page: Page, name: str) -> Locator:
    return (
        page.get_by_role("table", name="Endpoints")
        .get_by_role("row")
        .filter(has=page.get_by_role("link", name=name, exact=True))
    )


def add_dialog(page: Page, type_label: str) -> Locator:
    """Open "Add endpoint" and choose a type; the dialog."""
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_role("dialog", name="Add an endpoint")).to_be_visible()
    dialog = page.get_by_role("dialog")  # its title changes to "Endpoint saved" after saving
    dialog.get_by_role("radio", name=re.compile(f"^{type_label}")).check()
    return dialog


def text_field(dialog: Locator, label: str) -> Locator:
    return dialog.get_by_role("textbox", name=re.compile(f"^{re.escape(label)}( \\*)?$"))


def button(scope: Locator, name: str) -> Locator:
    """A button by its whole name ("readme.txt", not "Details of readme.txt")."""
    return scope.get_by_role("button", name=name, exact=True)


def fact(scope: Locator, term: str) -> Locator:
    """The value (`dd`) of a term (`dt`) in a definition list."""
    return scope.locator("dt", has_text=re.compile(f"^{re.escape(term)}$")).locator(
        "xpath=following-sibling::dd[1]"
    )


def test_add_test_and_break_endpoints_through_the_form(admin: Page, world: World) -> None:
    page = admin
    page.goto("/endpoints")
    expect(page.get_by_role("heading", name="Endpoints", exact=True)).to_be_visible()

    # S3: the form rendered from GET /backends, then the offered connection test.
    dialog = add_dialog(page, "S3")
    text_field(dialog, "Name").fill("Photos S3")
    text_field(dialog, "Bucket").fill(BUCKET)
    text_field(dialog, "Endpoint URL").fill(world.s3_url)
    text_field(dialog, "Region").fill("us-east-1")
    text_field(dialog, "Access key ID").fill(S3_KEY)
    dialog.get_by_label("Secret access key", exact=True).fill(S3_KEY)
    dialog.get_by_role("switch", name="Path-style addressing").check()
    dialog.get_by_role("button", name="Add endpoint").click()
    expect(dialog.get_by_text("“Photos S3” was added.")).to_be_visible()
    dialog.get_by_role("button", name="Test connection").click()
    expect(dialog.get_by_text("Connection succeeded")).to_be_visible()
    expect(dialog.get_by_text(re.compile(r"Connected to Photos S3 in \d+ ms\."))).to_be_visible()
    dialog.get_by_role("button", name="Done").click()
    expect(row(page, "Photos S3")).to_contain_text("Online")

    # FTP with its user and password.
    dialog = add_dialog(page, "FTP")
    text_field(dialog, "Name").fill("Partner FTP")
    text_field(dialog, "Host").fill("127.0.0.1")
    dialog.get_by_role("spinbutton", name="Port").fill(str(world.ftp_port))
    text_field(dialog, "User name").fill(FTP_USER)
    dialog.get_by_label("Password", exact=True).fill(FTP_PASSWORD)
    dialog.get_by_role("button", name="Add endpoint").click()
    dialog.get_by_role("button", name="Test connection").click()
    expect(dialog.get_by_text(re.compile(r"Connected to Partner FTP in \d+ ms\."))).to_be_visible()
    dialog.get_by_role("button", name="Done").click()
    expect(row(page, "Partner FTP")).to_contain_text("Online")
    expect(row(page, "Partner FTP")).to_contain_text("FTP")

    # A wrong password: the stored one is never shown, only replaced; the test shows the failure.
    page.get_by_role("button", name="Actions for Partner FTP").click()
    page.get_by_role("menuitem", name="Edit").click()
    expect(page.get_by_role("dialog", name="Edit Partner FTP")).to_be_visible()
    dialog = page.get_by_role("dialog")
    expect(text_field(dialog, "Host")).to_have_value("127.0.0.1")
    secret = dialog.get_by_role("group", name="Password")
    expect(secret).to_contain_text("Set")
    expect(dialog.locator("input[type=password]")).to_have_count(0)
    dialog.get_by_role("button", name="Replace the password").click()
    expect(dialog.get_by_label("Password", exact=True)).to_have_value("")
    dialog.get_by_label("Password", exact=True).fill("not-the-password")
    dialog.get_by_role("button", name="Save changes").click()
    expect(dialog.get_by_text("Changes to “Partner FTP” were saved.")).to_be_visible()
    dialog.get_by_role("button", name="Test connection").click()
    failure = dialog.get_by_role("alert")
    expect(failure).to_contain_text("Connection failed")
    expect(failure).to_contain_text(re.compile("authentication failed", re.IGNORECASE))
    dialog.get_by_role("button", name="Done").click()
    expect(row(page, "Partner FTP")).to_contain_text("Offline")
    expect(row(page, "Partner FTP")).to_contain_text(re.compile("authentication failed", re.IGNORECASE))

    # Test from the row menu: the dialog shows the same real outcome.
    page.get_by_role("button", name="Actions for Partner FTP").click()
    page.get_by_role("menuitem", name="Test connection").click()
    tested = page.get_by_role("dialog", name="Connection test: Partner FTP")
    expect(tested.get_by_role("alert")).to_contain_text("Connection failed")
    tested.get_by_role("button", name="Close").click()

    # The filters: by status, then by name.
    page.get_by_role("combobox", name="Status").click()
    pick_option(page, "Offline")
    expect(row(page, "Partner FTP")).to_be_visible()
    expect(row(page, "Photos S3")).to_have_count(0)
    page.get_by_role("combobox", name="Status").click()
    pick_option(page, "All statuses")
    page.get_by_role("searchbox", name="Search by name").fill("photos")
    expect(row(page, "Photos S3")).to_be_visible()
    expect(row(page, "Partner FTP")).to_have_count(0)
    page.get_by_role("searchbox", name="Search by name").fill("")
    expect(row(page, "Partner FTP")).to_be_visible()

    # A required field left empty is refused before sending.
    dialog = add_dialog(page, "FTP")
    text_field(dialog, "Name").fill("No host")
    dialog.get_by_role("button", name="Add endpoint").click()
    expect(dialog.get_by_text("Host is required.")).to_be_visible()
    expect(text_field(dialog, "Host")).to_have_attribute("aria-invalid", "true")
    # A value only the server refuses: its 422 shows under the field it names.
    dialog.get_by_role("radio", name=re.compile("^S3")).check()
    expect(text_field(dialog, "Name")).to_have_value("No host")  # the name survives the change of type
    text_field(dialog, "Bucket").fill(BUCKET)
    text_field(dialog, "Endpoint URL").fill("ftp://127.0.0.1")
    dialog.get_by_role("button", name="Add endpoint").click()
    expect(dialog.get_by_text("Must be an http:// or https:// URL.")).to_be_visible()
    expect(text_field(dialog, "Endpoint URL")).to_have_attribute("aria-invalid", "true")
    expect(dialog.get_by_role("alert")).to_contain_text("see the marked fields")
    # A taken name (409) shows under the name.
    text_field(dialog, "Endpoint URL").fill(world.s3_url)
    text_field(dialog, "Name").fill("Photos S3")
    dialog.get_by_role("button", name="Add endpoint").click()
    expect(dialog.get_by_text("An endpoint named 'Photos S3' already exists.")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()

    # Delete, after confirming.
    page.get_by_role("button", name="Actions for Photos S3").click()
    page.get_by_role("menuitem", name="Delete").click()
    confirm = page.get_by_role("dialog", name="Delete “Photos S3”?")
    confirm.get_by_role("button", name="Delete").click()
    expect(confirm).to_be_hidden()
    expect(row(page, "Photos S3")).to_have_count(0)


def open_bucket(page: Page) -> Locator:
    """Open the seeded bucket from the list; its Files panel."""
    page.goto("/endpoints")
    page.get_by_role("link", name="Seeded bucket").click()
    expect(page.get_by_role("heading", name="Seeded bucket", level=1)).to_be_visible()
    return page.get_by_role("region", name="Files")


def test_browse_the_bucket_with_metadata_and_a_presigned_link(admin: Page, world: World) -> None:
    page = admin
    files = open_bucket(page)
    expect(files.get_by_role("button", name="Open folder docs")).to_be_visible()
    expect(files.get_by_role("button", name="Open folder logs")).to_be_visible()

    # 120 objects in one prefix: two pages, paged on the server.
    files.get_by_role("button", name="Open folder logs").click()
    crumbs = files.get_by_role("navigation", name="Folder path")
    expect(crumbs).to_contain_text("logs")
    pages = files.get_by_role("navigation", name="Pages of this folder")
    expect(pages).to_contain_text("1–100 of more than 100")
    expect(button(files, "file-099.txt")).to_be_visible()
    expect(button(files, "file-100.txt")).to_have_count(0)
    pages.get_by_role("button", name="Next").click()
    expect(pages).to_contain_text("101–120 of 120")
    expect(button(files, "file-119.txt")).to_be_visible()
    expect(button(files, "file-000.txt")).to_have_count(0)
    expect(pages.get_by_role("button", name="Next")).to_be_disabled()
    expect(page).to_have_url(re.compile(r"path=logs&page=2"))

    # Back to the root by the breadcrumb, into docs.
    crumbs.get_by_role("button", name="e2e-bucket").click()
    files.get_by_role("button", name="Open folder docs").click()
    expect(crumbs).to_contain_text("docs")

    # A file's metadata: size, ETag, content type.
    button(files, "readme.txt").click()
    panel = page.get_by_role("region", name="readme.txt")
    expect(fact(panel, "Size")).to_have_text(f"880 B ({len(README):,} bytes)")
    expect(fact(panel, "ETag")).to_have_text(hashlib.md5(README).hexdigest())  # S3's ETag of a one-part upload
    expect(fact(panel, "Content type")).to_have_text("text/plain")
    expect(fact(panel, "Storage class")).to_have_text("STANDARD")

    # A folder's summary.
    files.get_by_role("button", name="Details of sub").click()
    folder = page.get_by_role("region", name="sub")
    expect(fact(folder, "Files")).to_have_text("2")
    expect(fact(folder, "Total size")).to_have_text(f"4.9 KiB ({5000 + 8:,} bytes)")

    # A presigned link with a chosen expiry, copied, downloaded with a plain HTTP client.
    files.get_by_role("button", name="Details of readme.txt").click()
    panel = page.get_by_role("region", name="readme.txt")
    panel.get_by_role("combobox", name="Valid for").click()
    pick_option(page, "15 minutes")
    panel.get_by_role("button", name="Create link").click()
    link = panel.get_by_role("textbox", name="Link")
    expect(link).to_have_value(
        re.compile(r"^" + re.escape(world.s3_url) + r"/e2e-bucket/docs/readme\.txt\?.*X-Amz-Expires=900")
    )
    url = link.input_value()
    panel.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("Link copied to the clipboard.")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == url
    downloaded = httpx.get(url, timeout=10)
    assert downloaded.status_code == 200
    assert downloaded.content == README


def test_analyze_a_folder(admin: Page, world: World) -> None:
    page = admin
    page.goto(f"/endpoints/{world.bucket_id}?path=docs")
    files = page.get_by_role("region", name="Files")
    expect(button(files, "readme.txt")).to_be_visible()
    files.get_by_role("button", name="Analyze this folder").click()
    dialog = page.get_by_role("dialog", name="Analysis of /docs")
    expect(dialog.get_by_role("group", name="Files", exact=True)).to_contain_text("3")
    expect(dialog.get_by_role("group", name="Total size")).to_contain_text("5.8 KiB")
    expect(dialog.get_by_role("application", name="Files by size")).to_be_visible()  # the lazy recharts chunk
    largest = dialog.get_by_role("table", name="Largest files")
    expect(largest.get_by_role("row").nth(1)).to_contain_text("docs/sub/data.bin")
    expect(dialog.get_by_role("table", name="By extension")).to_contain_text("txt")
    expect(dialog.get_by_role("table", name="By top folder")).to_contain_text("sub/")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "endpoint-analysis-1440-light.png")
    no_axe_violations(page, "analysis dialog")
    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_be_hidden()

    # From a folder's details too, and "Cancel" closes a running analysis.
    files.get_by_role("button", name="Details of sub").click()
    page.get_by_role("region", name="sub").get_by_role("button", name="Analyze folder").click()
    dialog = page.get_by_role("dialog", name="Analysis of /docs/sub")
    expect(dialog.get_by_role("group", name="Files", exact=True)).to_contain_text("2")
    dialog.get_by_role("button", name="Close").click()


def test_a_viewer_sees_no_control_it_cannot_use(browser: Browser, world: World) -> None:
    context = new_context(browser, world)
    page = context.new_page()
    try:
        sign_in(page, world, *VIEWER)
        page.goto("/endpoints")
        expect(row(page, "Seeded bucket")).to_contain_text("S3")
        expect(page.get_by_role("button", name="Add endpoint")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Actions for"))).to_have_count(0)
        files = open_bucket(page)
        for name in ("Test connection", "Edit", "Delete", "Analyze this folder"):
            expect(page.get_by_role("button", name=name, exact=True)).to_have_count(0)
        files.get_by_role("button", name="Open folder docs").click()
        button(files, "readme.txt").click()
        panel = page.get_by_role("region", name="readme.txt")
        expect(fact(panel, "Content type")).to_have_text("text/plain")
        expect(panel.get_by_role("button", name="Create link")).to_have_count(0)
        files.get_by_role("button", name="Details of sub").click()
        folder = page.get_by_role("region", name="sub")
        expect(fact(folder, "Files")).to_have_text("2")
        expect(folder.get_by_role("button", name="Analyze folder")).to_have_count(0)
        # The API refuses what the page hides (the page is not the only guard).
        token = page.context.request.post(
            f"{world.url}/api/v1/auth/login", data={"username": VIEWER[0], "password": VIEWER[1]}
        ).json()["access_token"]
        refused = httpx.post(
            f"{world.url}/api/v1/endpoints/{world.bucket_id}/test",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        )
        assert refused.status_code == 403
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_and_accessibility(browser: Browser, world: World, width: int, scheme: str) -> None:
    context = new_context(browser, world, width, scheme)
    page = context.new_page()
    SCREENSHOTS.mkdir(exist_ok=True)
    try:
        sign_in(page, world)
        page.goto("/endpoints")
        expect(row(page, "Seeded bucket")).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"endpoints-list-{width}-{scheme}.png", full_page=True)
        no_axe_violations(page, f"endpoints list at {width} px, {scheme}")

        dialog = add_dialog(page, "S3")
        expect(text_field(dialog, "Bucket")).to_be_visible()
        dialog.get_by_role("button", name="Add endpoint").click()  # show the per-field errors too
        expect(dialog.get_by_text("Bucket is required.")).to_be_visible()
        page.screenshot(path=SCREENSHOTS / f"endpoint-form-{width}-{scheme}.png")
        no_axe_violations(page, f"endpoint form at {width} px, {scheme}")
        dialog.get_by_role("button", name="Cancel").click()

        page.goto(f"/endpoints/{world.bucket_id}?path=docs")
        files = page.get_by_role("region", name="Files")
        button(files, "readme.txt").click()
        expect(fact(page.get_by_role("region", name="readme.txt"), "Content type")).to_have_text("text/plain")
        page.evaluate("window.scrollTo(0, 0)")  # a phone scrolls the details into view; the shot starts at the top
        page.screenshot(path=SCREENSHOTS / f"endpoint-browser-{width}-{scheme}.png", full_page=True)
        no_axe_violations(page, f"endpoint browser at {width} px, {scheme}")
    finally:
        context.close()
