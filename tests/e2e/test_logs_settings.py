"""The Logs page (live stream, pause, filters, export) and the Settings page (users, run settings, and
the refusal of everyone but admins), walked in the browser against a real `f2l serve`."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
    run_session,
    serve,
    sign_in_api,
)

pytestmark = E2E_WITH_AXE

WIDTHS = {1440: 900, 390: 844}
SCHEMES = ("light", "dark")
VIEWER, OPERATOR = "vera", "otto"
OTHER_PASSWORD = "E2e-other-pass-2026!"


class World:
    """The served F2L of this module and what was seeded in it."""

    def __init__(self, server: Served, sessions: dict[str, str]) -> None:
        self.server = server
        self.sessions = sessions

    @property
    def url(self) -> str:
        return self.server.url

    @contextmanager
    def api(self) -> Iterator[httpx.Client]:
        """A client signed in as the admin."""
        with self.server.api() as client:
            sign_in_api(client)
            yield client


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """An F2L with an admin, a viewer, an operator and two local sessions: one that works, one that fails."""
    server = serve(tmp_path_factory.mktemp("f2l-logs-settings"))
    try:
        files = server.root / "files"
        source, target, gone = files / "source", files / "target", files / "gone"
        for folder in (source / "docs", target, gone):
            folder.mkdir(parents=True)
        for n in range(3):
            (source / "docs" / f"note-{n}.txt").write_text(f"note {n}\n" * 100)
        with server.api() as api:
            assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
            sign_in_api(api)
            for name, role in ((VIEWER, "viewer"), (OPERATOR, "operator")):
                created = api.post("/users", json={"username": name, "password": OTHER_PASSWORD, "role": role})
                assert created.status_code == 201, created.text
            endpoints = {}
            for name, path in (("Notes", source), ("Archive disk", target), ("Lost share", gone)):
                response = api.post(
                    "/endpoints", json={"name": name, "endpoint_type": "local", "local_path": str(path)}
                )
                assert response.status_code == 201, response.text
                endpoints[name] = response.json()["id"]
            sessions = {}
            for name, src, dest in (
                ("Notes backup", "Notes", "/notes"),
                ("Lost share copy", "Lost share", "/lost"),
            ):
                response = api.post(
                    "/sessions",
                    json={
                        "name": name,
                        "source_endpoint_id": endpoints[src],
                        "destination_endpoint_id": endpoints["Archive disk"],
                        "destination_path": dest,
                    },
                )
                assert response.status_code == 201, response.text
                sessions[name] = response.json()["id"]
        gone.rmdir()  # its source folder vanished: every run of "Lost share copy" fails
        yield World(server, sessions)
    finally:
        server.stop()


def new_context(browser: Browser, world: World, width: int = 1440, scheme: str = "light") -> BrowserContext:
    return browser.new_context(
        base_url=world.url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
        accept_downloads=True,
    )


def sign_in_as(page: Page, world: World, username: str, password: str) -> None:
    """Sign the page's context in through the API (the refresh cookie resumes the sign-in in the app)."""
    response = page.context.request.post(
        f"{world.url}/api/v1/auth/login", data={"username": username, "password": password}
    )
    assert response.ok, response.text()


@pytest.fixture
def admin_page(browser: Browser, world: World) -> Iterator[Page]:
    context = new_context(browser, world)
    page = context.new_page()
    sign_in_as(page, world, "admin", PASSWORD)
    try:
        yield page
    finally:
        context.close()


def log_lines(page: Page) -> Locator:
    return page.get_by_role("list", name="Log lines").get_by_role("listitem")


def held_count(page: Page) -> int:
    """The number the pause banner says it holds."""
    text = page.get_by_text(re.compile(r"new lines? held while paused")).inner_text()
    found = re.search(r"(\d[\d,]*) new line", text)
    assert found, text
    return int(found.group(1).replace(",", ""))


def toast(page: Page, text: str) -> None:
    """Expect the toast saying `text`, then close it (the next one waits its turn behind it)."""
    shown = page.get_by_role("alert").filter(has_text=text)
    expect(shown).to_be_visible()
    shown.get_by_role("button", name="Close").click()
    expect(shown).to_be_hidden()


def login_status(world: World, username: str, password: str) -> int:
    with world.server.api() as api:
        return api.post("/auth/login", json={"username": username, "password": password}).status_code


def start_run(world: World, session: str) -> dict[str, Any]:
    with world.api() as api:
        return run_session(api, world.sessions[session])


# -- (a) the log stream --------------------------------------------------------------------------


def test_lines_arrive_live_pause_holds_them_and_filters_narrow(admin_page: Page, world: World) -> None:
    page = admin_page
    page.goto("/logs")
    expect(page.get_by_role("heading", name="Logs", exact=True)).to_be_visible()
    expect(page.get_by_text("Newest first; new lines appear as they are written.")).to_be_visible()

    # A run started elsewhere: its lines appear without a reload.
    first = start_run(world, "Notes backup")
    assert first["status"] == "completed"
    expect(log_lines(page).filter(has_text="run started (manual): Notes backup")).to_have_count(1)
    expect(log_lines(page).filter(has_text="run completed")).to_have_count(1)
    newest = log_lines(page).first
    expect(newest.get_by_role("link", name="Notes backup")).to_have_attribute(
        "href", f"/sessions/{world.sessions['Notes backup']}"
    )
    expect(newest.get_by_role("link", name=re.compile(r"^Run "))).to_have_attribute(
        "href", f"/executions/{first['id']}"
    )

    # Paused: the next run's lines are held and counted, not shown…
    shown = log_lines(page).count()
    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume").first).to_have_attribute("aria-pressed", "true")
    start_run(world, "Lost share copy")
    # run requested by 'admin' (the API's audit line), run started, run failed
    expect(page.get_by_text(re.compile(r"^3 new lines held while paused\.$"))).to_be_visible()
    held = held_count(page)
    expect(log_lines(page)).to_have_count(shown)
    expect(log_lines(page).filter(has_text="run failed")).to_have_count(0)
    # …until Resume.
    page.get_by_role("alert").get_by_role("button", name="Resume").click()
    expect(log_lines(page)).to_have_count(shown + held)
    expect(log_lines(page).filter(has_text="run failed")).to_have_count(1)
    expect(page.get_by_role("button", name="Pause")).to_have_attribute("aria-pressed", "false")

    # Level: errors only (in the URL), and live lines are filtered the same way.
    page.get_by_role("combobox", name="Level").click()
    pick_option(page, "Errors only")
    expect(page).to_have_url(re.compile(r"[?&]level=error"))
    expect(log_lines(page)).to_have_count(1)
    expect(log_lines(page).first).to_contain_text("run failed")
    start_run(world, "Notes backup")  # info lines only: none may appear
    start_run(world, "Lost share copy")  # an error line: it appears live
    expect(log_lines(page)).to_have_count(2)
    expect(log_lines(page).filter(has_text="Info")).to_have_count(0)

    # Session: the lines of "Notes backup" only.
    page.get_by_role("combobox", name="Level").click()
    pick_option(page, "All levels")
    expect(page).not_to_have_url(re.compile(r"level="))
    session = page.get_by_role("combobox", name="Session")
    session.click()
    session.fill("Notes")
    pick_option(page, "Notes backup")
    expect(page).to_have_url(re.compile(rf"session_id={world.sessions['Notes backup']}"))
    # "session 'Notes backup' created by 'admin'", then two runs: requested by 'admin' + started + completed each
    expect(log_lines(page)).to_have_count(7)
    expect(log_lines(page).filter(has_text="Lost share copy")).to_have_count(0)

    # Search: case does not matter.
    page.get_by_label("Search messages").fill("COMPLETED")
    expect(page).to_have_url(re.compile(r"search=COMPLETED"))
    expect(log_lines(page)).to_have_count(2)
    for text in log_lines(page).all_inner_texts():
        assert "run completed" in text

    # The export holds exactly what the filters keep.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
        page.get_by_role("menuitem", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "f2l-logs.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    assert len(rows) == 2, rows
    for row in rows:
        assert row["session_id"] == world.sessions["Notes backup"]
        assert "completed" in row["message"].lower()

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
        page.get_by_role("menuitem", name="JSON").click()
    exported = download_info.value
    assert exported.suggested_filename == "f2l-logs.json"
    document = Path(exported.path()).read_text()
    assert '"truncated": false' in document and document.count('"run completed"') == 2

    # A reload keeps the filters (they live in the URL).
    page.reload()
    expect(page.get_by_label("Search messages")).to_have_value("COMPLETED")
    expect(log_lines(page)).to_have_count(2)
    page.get_by_role("button", name="Clear filters").click()
    expect(page).not_to_have_url(re.compile(r"search=|session_id="))
    expect(log_lines(page)).to_have_count(shown + held + 6)


def test_a_wrong_time_range_shows_the_api_refusal(admin_page: Page) -> None:
    admin_page.goto("/logs?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z")
    expect(
        admin_page.get_by_text("The log lines could not be loaded: Until: must be later than since.")
    ).to_be_visible()


# -- (b) settings as an admin --------------------------------------------------------------------


def test_admin_manages_users_and_run_settings(admin_page: Page, world: World) -> None:
    page = admin_page
    page.goto("/settings")
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    users = page.get_by_role("table", name="Users")
    expect(users.get_by_role("row", name=re.compile("admin"))).to_contain_text("you")

    # Add an operator.
    page.get_by_role("button", name="Add user").click()
    dialog = page.get_by_role("dialog", name="Add a user")
    dialog.get_by_label("User name").fill("olivia")
    dialog.get_by_label("Password").fill(OTHER_PASSWORD)
    dialog.get_by_role("combobox", name="Role").click()
    pick_option(page, "Operator")
    dialog.get_by_role("button", name="Add user").click()
    expect(dialog).to_be_hidden()
    toast(page, "olivia can now sign in as operator.")
    role = users.get_by_role("combobox", name="Role of olivia")
    expect(role).to_have_text("Operator")

    # The same name again: the API's refusal, under the name.
    page.get_by_role("button", name="Add user").click()
    dialog.get_by_label("User name").fill("olivia")
    dialog.get_by_label("Password").fill(OTHER_PASSWORD)
    dialog.get_by_role("button", name="Add user").click()
    expect(dialog.get_by_text("'olivia' is taken.")).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()

    # Operator → viewer.
    role.click()
    pick_option(page, "Viewer")
    toast(page, "olivia is now viewer.")
    expect(role).to_have_text("Viewer")

    # Turn olivia off: she can no longer sign in; on again: she can.
    can_sign_in = users.get_by_role("switch", name="olivia can sign in")
    can_sign_in.uncheck()
    toast(page, "olivia can no longer sign in.")
    assert login_status(world, "olivia", OTHER_PASSWORD) == 401
    can_sign_in.check()
    toast(page, "olivia can sign in again.")

    # A new password for olivia: a weak one is refused in the API's words, a good one works.
    users.get_by_role("button", name="Actions for olivia").click()
    page.get_by_role("menuitem", name="Reset password").click()
    reset = page.get_by_role("dialog", name="Reset the password of olivia")
    reset.get_by_label(re.compile(r"^New password")).fill("short")
    reset.get_by_label("Repeat the new password").fill("short")
    reset.get_by_role("button", name="Set password").click()
    expect(reset.get_by_text(re.compile(r"^Password must be at least \d+ characters long\.$"))).to_be_visible()
    new_password = "E2e-reset-pass-2026!"
    reset.get_by_label(re.compile(r"^New password")).fill(new_password)
    reset.get_by_label("Repeat the new password").fill(new_password)
    reset.get_by_role("button", name="Set password").click()
    toast(page, "The password of olivia was changed.")
    assert login_status(world, "olivia", new_password) == 200
    assert login_status(world, "olivia", OTHER_PASSWORD) == 401

    # Deleting yourself: the API refuses, in its words.
    users.get_by_role("button", name="Actions for admin").click()
    page.get_by_role("menuitem", name="Delete").click()
    confirm = page.get_by_role("dialog", name="Delete admin?")
    confirm.get_by_role("button", name="Delete").click()
    expect(confirm.get_by_role("alert")).to_have_text("You cannot delete your own account.")
    confirm.get_by_role("button", name="Cancel").click()

    # Concurrency and retention: saved, and still there after a reload.
    concurrency = page.get_by_label("Maximum concurrent runs")
    retention = page.get_by_label("Keep log lines for")
    concurrency.fill("6")
    retention.fill("30")
    page.get_by_role("button", name="Save settings").click()
    toast(page, "Settings saved.")
    page.reload()
    expect(page.get_by_label("Maximum concurrent runs")).to_have_value("6")
    expect(page.get_by_label("Keep log lines for")).to_have_value("30")
    expect(page.get_by_role("table", name="Users").get_by_role("combobox", name="Role of olivia")).to_have_text(
        "Viewer"
    )
    with world.api() as api:
        saved = api.get("/settings").json()
        assert (saved["max_concurrent_executions"], saved["log_retention_days"]) == (6, 30)
        olivia = next(user for user in api.get("/users").json()["data"] if user["username"] == "olivia")
        assert olivia["role"] == "viewer"

    # An out-of-range value: the API's words under the field, nothing saved.
    concurrency = page.get_by_label("Maximum concurrent runs")
    concurrency.fill("0")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Input should be greater than or equal to 1.")).to_be_visible()
    expect(concurrency).to_have_attribute("aria-invalid", "true")
    with world.api() as api:
        assert api.get("/settings").json()["max_concurrent_executions"] == 6


# -- (c) everyone else: no control, and the API refuses ------------------------------------------


@pytest.mark.parametrize("username", [VIEWER, OPERATOR])
def test_non_admins_see_no_setting_control(browser: Browser, world: World, username: str) -> None:
    context = new_context(browser, world)
    page = context.new_page()
    try:
        sign_in_as(page, world, username, OTHER_PASSWORD)
        page.goto("/settings")
        main = page.get_by_role("main")
        expect(main.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
        expect(main.get_by_text("Only administrators can change settings.")).to_be_visible()
        expect(main.get_by_role("button")).to_have_count(0)
        expect(main.locator("input, select, textarea, [role=combobox], [role=switch]")).to_have_count(0)
        expect(main.get_by_role("table")).to_have_count(0)
        # The nav entry is still there.
        expect(page.get_by_role("navigation", name="Pages").get_by_role("link", name="Settings")).to_be_visible()
    finally:
        context.close()
    with httpx.Client(base_url=f"{world.url}/api/v1", timeout=30) as api:
        token = api.post("/auth/login", json={"username": username, "password": OTHER_PASSWORD}).json()[
            "access_token"
        ]
        refused = api.patch(
            "/settings", json={"max_concurrent_executions": 2}, headers={"Authorization": f"Bearer {token}"}
        )
    assert refused.status_code == 403, refused.text
    assert "admin" in refused.json()["detail"]


# -- (d) how the pages look ----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_and_accessibility(browser: Browser, world: World, width: int, scheme: str) -> None:
    start_run(world, "Notes backup")  # lines to show
    context = new_context(browser, world, width, scheme)
    page = context.new_page()
    problems: list[str] = []

    def capture(name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
        problems.extend(f"{name} at {width} px, {scheme}: {line}" for line in axe_violations(page))
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            f"{name} scrolls sideways"
        )

    try:
        sign_in_as(page, world, "admin", PASSWORD)
        page.goto("/logs")
        expect(log_lines(page).first).to_be_visible()
        level = page.get_by_role("combobox", name="Level")
        if width < 900:  # the filters fold away on a phone
            expect(level).to_be_hidden()
            capture("logs")
            page.get_by_role("button", name=re.compile("^Filters")).click()
            expect(level).to_be_visible()
            capture("logs-filters")
        else:
            expect(level).to_be_visible()
            capture("logs")
        page.get_by_role("button", name="Pause").click()
        start_run(world, "Notes backup")
        expect(page.get_by_text(re.compile(r"new lines? held while paused"))).to_be_visible()
        capture("logs-paused")

        page.goto("/settings")
        expect(page.get_by_label("Maximum concurrent runs")).to_be_visible()
        expect(page.get_by_role("table", name="Users")).to_be_visible()
        capture("settings")
        page.get_by_role("button", name="Add user").click()
        expect(page.get_by_role("dialog", name="Add a user")).to_be_visible()
        capture("settings-add-user")
    finally:
        context.close()

    context = new_context(browser, world, width, scheme)
    page = context.new_page()
    try:
        sign_in_as(page, world, VIEWER, OTHER_PASSWORD)
        page.goto("/settings")
        expect(page.get_by_text("Only administrators can change settings.")).to_be_visible()
        capture("settings-viewer")
    finally:
        context.close()
    assert not problems, "accessibility violations:\n" + "\n".join(problems)
