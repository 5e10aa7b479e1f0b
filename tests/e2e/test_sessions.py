"""The Sessions pages in a real browser, walked as a user: the wizard with its folder picker and
live count, the preview, starting a run, a one-minute schedule paused and resumed, what a viewer
may not do, and screenshots with axe at 1440 and 390 px, light and dark.

One F2L (module scope) with a local endpoint and an S3 endpoint on a moto server; the API only
seeds what is not the point of a test (endpoints, users, a run for the screenshots)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    run_session,
    serve,
    sign_in_api,
)

pytestmark = E2E_WITH_AXE

WIDTHS = {1440: 900, 390: 844}
SCHEMES = ("light", "dark")
VIEWER = ("watcher", "Viewer-pass-2026!")
SCHEDULE_WAIT_MS = 130_000
"""How long a scheduled run may take to show: up to 60 s to fire, the scheduler's 5 s tick, the run,
and the page's refresh (live events at once; its 30 s safety refetch without them)."""


class World:
    """The served F2L and what the tests share: endpoint ids, the local root, an S3 client."""

    def __init__(self, served: Served, s3: Any, ids: dict[str, str]) -> None:
        self.served = served
        self.s3 = s3
        self.ids = ids
        self.local = served.root / "files" / "local"

    @contextmanager
    def api(self) -> Iterator[httpx.Client]:
        """An API client signed in as the admin."""
        with self.served.api() as client:
            sign_in_api(client)
            yield client

    def bucket_keys(self, bucket: str) -> set[str]:
        listing = self.s3.list_objects_v2(Bucket=bucket)
        return {item["Key"] for item in listing.get("Contents", [])}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory, s3_url: str) -> Iterator[World]:
    served = serve(tmp_path_factory.mktemp("f2l-sessions"))
    s3 = boto3.client(
        "s3",
        endpoint_url=s3_url,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    try:
        (served.root / "files" / "local").mkdir()
        with served.api() as api:
            assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
            sign_in_api(api)
            user = {"username": VIEWER[0], "password": VIEWER[1], "role": "viewer"}
            assert api.post("/users", json=user).status_code == 201
            ids = {}
            local = {
                "name": "Local files",
                "endpoint_type": "local",
                "local_path": str(served.root / "files" / "local"),
            }
            response = api.post("/endpoints", json=local)
            assert response.status_code == 201, response.text
            ids["local"] = response.json()["id"]
            for name, bucket in (("Exports bucket", "exports"), ("Photos bucket", "photos")):
                s3.create_bucket(Bucket=bucket)
                endpoint = {
                    "name": name,
                    "endpoint_type": "s3",
                    "s3_bucket": bucket,
                    "s3_region": "us-east-1",
                    "s3_access_key": "testing",
                    "s3_secret_key": "testing",
                    "s3_endpoint_url": s3_url,
                    "s3_path_style": True,
                }
                response = api.post("/endpoints", json=endpoint)
                assert response.status_code == 201, response.text
                ids[bucket] = response.json()["id"]
        yield World(served, s3, ids)
    finally:
        served.stop()


def new_page(
    browser: Browser, world: World, width: int = 1440, scheme: str = "light"
) -> tuple[BrowserContext, Page]:
    context = browser.new_context(
        base_url=world.served.url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
    )
    return context, context.new_page()


def sign_in(page: Page, world: World, user: tuple[str, str] = ("admin", PASSWORD)) -> None:
    """Sign the page's context in through the API (the refresh cookie is shared with the page)."""
    response = page.context.request.post(
        f"{world.served.url}/api/v1/auth/login", data={"username": user[0], "password": user[1]}
    )
    assert response.ok, response.text()


def capture(page: Page, name: str, width: int, scheme: str, problems: list[str]) -> None:
    """Screenshot the page from its top, collect its axe violations; the page never scrolls sideways."""
    page.evaluate("window.scrollTo(0, 0)")
    wide = page.evaluate("document.documentElement.scrollWidth")
    if wide > width:
        problems.append(f"{name} at {width} px, {scheme}: the page is {wide} px wide")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
    problems.extend(f"{name} at {width} px, {scheme}: {line}" for line in axe_violations(page))


@pytest.fixture
def problems() -> Iterator[list[str]]:
    found: list[str] = []
    yield found
    assert not found, "accessibility violations:\n" + "\n".join(found)


def card(page: Page, name: str) -> Locator:
    return page.get_by_role("article", name=name)


def button(page: Page | Locator, name: str) -> Locator:
    return page.get_by_role("button", name=name, exact=True)


def fact(scope: Page | Locator, term: str) -> Locator:
    """The value (`dd`) of a summary's term."""
    return scope.locator(f"dt:text-is('{term}') + dd")


def wait_for_run_end(world: World, execution_id: str) -> dict[str, Any]:
    with world.api() as api:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            execution: dict[str, Any] = api.get(f"/executions/{execution_id}").json()
            if execution["status"] not in ("queued", "running"):
                return execution
            time.sleep(0.3)
    pytest.fail(f"run {execution_id} did not end in 60 s")


def runs_of(world: World, session_id: str) -> list[dict[str, Any]]:
    with world.api() as api:
        page: dict[str, Any] = api.get("/executions", params={"session_id": session_id, "limit": 100}).json()
        runs: list[dict[str, Any]] = page["data"]
        return runs


def session_named(world: World, name: str) -> dict[str, Any]:
    with world.api() as api:
        found: list[dict[str, Any]] = api.get("/sessions", params={"search": name}).json()["data"]
    assert len(found) == 1, found
    return found[0]


def choose_folder(page: Page, side: str, *path: str) -> None:
    """Pick a folder of the side's endpoint through the folder picker dialog."""
    page.get_by_role("button", name=f"Browse {side} folders").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    for name in path:
        dialog.get_by_role("list", name="Folders here").get_by_role("button", name=name, exact=True).click()
        expect(dialog.get_by_role("navigation", name="Folder path")).to_contain_text(name)
    button(dialog, "Use this folder").click()
    expect(dialog).to_be_hidden()


def fill_first_step(page: Page, name: str, source: str, destination: str) -> None:
    page.get_by_label("Session name").fill(name)
    page.get_by_label("Source endpoint").select_option(label=source)
    page.get_by_label("Destination endpoint").select_option(label=destination)


def seed_bucket(world: World, bucket: str, files: dict[str, bytes]) -> None:
    for key, body in files.items():
        world.s3.put_object(Bucket=bucket, Key=key, Body=body)


# (B) ---------------------------------------------------------------------------------------------

DOWNLOAD_FILES = [
    "a/1.csv",
    "a/1.json",
    "a/1.txt",
    "a/deep/2.csv",
    "a/deep/2.txt",
    "b/3.csv",
    "b/x/y/4.json",
    "b/5.txt",
    "c/6.csv",
    "c/7.json",
    "c/a/9.csv",  # a folder named "a" at depth: the folder filter matches any folder on the path
    "ab/10.csv",  # "ab" is not "a" (exact names)
    "top.csv",  # in no folder
]
DOWNLOAD_EXPECTED = {"a/1.csv", "a/1.json", "a/deep/2.csv", "b/3.csv", "b/x/y/4.json", "c/a/9.csv"}


def test_download_two_folders_by_exact_name_and_two_patterns(browser: Browser, world: World) -> None:
    seed_bucket(world, "exports", dict.fromkeys(DOWNLOAD_FILES, b"x" * 100))
    target = world.local / "download"
    target.mkdir()
    context, page = new_page(browser, world)
    try:
        sign_in(page, world)
        page.goto("/sessions")
        page.get_by_role("link", name="New session").click()
        expect(page.get_by_role("heading", name="New session")).to_be_visible()

        # 1: endpoints and folders, the destination picked in the folder picker.
        fill_first_step(page, "Exports a and b", "Exports bucket (s3)", "Local files (local)")
        choose_folder(page, "destination", "download")
        expect(page.get_by_label("Destination folder", exact=True)).to_have_value("download")
        button(page, "Next").click()

        # 2: one way, source to destination (the default); its own speed: 0 transfers is refused
        # under the field and the step stays; 4 transfers and 5 MiB/s pass.
        expect(page.get_by_role("radio", name=re.compile(r"^Source → destination"))).to_be_checked()
        page.get_by_label("Transfers at once").fill("0")
        button(page, "Next").click()
        expect(page.get_by_text("A whole number from 1 to 256, or nothing.")).to_be_visible()
        expect(page.get_by_label("Transfers at once")).to_have_attribute("aria-invalid", "true")
        page.get_by_label("Transfers at once").fill("4")
        page.get_by_label("Bandwidth limit", exact=True).fill("5")
        expect(page.get_by_label("Bandwidth limit: unit")).to_have_value("MiB/s")
        button(page, "Next").click()

        # 3: two folders by exact name, two patterns; the live count says what will come.
        status = page.get_by_role("status").filter(has_text=re.compile("match|Counting|count"))
        expect(status).to_contain_text("13 files (1.3 KiB) match of 13 scanned")
        for folder in ("a", "b"):
            page.get_by_label("Folder names", exact=True).fill(folder)
            page.get_by_label("Folder names", exact=True).press("Enter")
        expect(page.get_by_role("radio", name="Is the name")).to_be_checked()
        for pattern in ("*.csv", "*.json"):
            page.get_by_label("Include patterns", exact=True).fill(pattern)
            button(page, "Add include pattern").click()
        expect(status).to_contain_text("6 files (600 B) match of 13 scanned")
        sample = page.get_by_role("list", name="Sample of matched paths").get_by_role("listitem")
        expect(sample).to_have_count(6)
        assert set(sample.all_inner_texts()) == DOWNLOAD_EXPECTED
        button(page, "Next").click()

        # 4: no schedule; 5: the review says it all in words.
        expect(page.get_by_role("radio", name="Off: only when started by hand")).to_be_checked()
        button(page, "Next").click()
        review = page.get_by_role("main").locator("dl")
        expect(review).to_contain_text("Exports bucket:/")
        expect(review).to_contain_text("Local files:/download")
        expect(review).to_contain_text("folders: a, b · *.csv, *.json")
        expect(review).to_contain_text("Manual: runs only when started")
        expect(review).to_contain_text("4 transfers at once, at most 5.0 MiB/s")
        button(page, "Save and preview").click()

        # The session's page: its speed, the preview's totals and plan.
        expect(page.get_by_role("heading", name="Exports a and b", level=1)).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text("4 transfers at once, at most 5.0 MiB/s")
        stored = session_named(world, "Exports a and b")
        assert (stored["transfers"], stored["checkers"], stored["bandwidth_limit"]) == (4, None, 5 * 2**20)
        expect(page.get_by_test_id("preview-totals")).to_have_text("6 files (600 B) will be copied.")
        plan = page.get_by_role("grid", name="Planned operations")
        expect(plan.get_by_role("row").filter(has=page.get_by_role("gridcell"))).to_have_count(6)
        expect(plan).to_contain_text("b/x/y/4.json")
        assert not any(target.iterdir()), "a preview changes nothing"

        # Start it; the run's page opens; the local folder then holds exactly the six files.
        button(page, "Start").click()
        dialog = page.get_by_role("dialog", name="Start Exports a and b")
        expect(dialog.get_by_role("checkbox", name=re.compile("^Dry run"))).not_to_be_checked()
        button(dialog, "Start run").click()
        expect(page).to_have_url(re.compile(r"/executions/[0-9a-f-]{36}$"))
        execution_id = page.url.rsplit("/", 1)[-1]
        assert wait_for_run_end(world, execution_id)["status"] == "completed"
        copied = {str(path.relative_to(target)) for path in target.rglob("*") if path.is_file()}
        assert copied == DOWNLOAD_EXPECTED

        # Its history shows the run; the row opens it.
        page.goto(f"/sessions/{session_named(world, 'Exports a and b')['id']}")
        history = page.get_by_role("grid", name="Run history")
        expect(history.get_by_role("link")).to_have_count(1)
        expect(history).to_contain_text("Completed")
        expect(history).to_contain_text("6 / 6")
        history.get_by_role("link").click()
        expect(page).to_have_url(re.compile(f"/executions/{execution_id}$"))
    finally:
        context.close()


# (C) ---------------------------------------------------------------------------------------------


def test_a_viewer_sees_no_control(browser: Browser, world: World) -> None:
    with world.api() as api:
        body = {
            "name": "Watched session",
            "source_endpoint_id": world.ids["local"],
            "destination_endpoint_id": world.ids["photos"],
            "schedule_enabled": True,
            "schedule_interval": 6,
            "schedule_unit": "hours",
        }
        response = api.post("/sessions", json=body)
        assert response.status_code == 201, response.text
        session_id = response.json()["id"]
    context, page = new_page(browser, world)
    try:
        sign_in(page, world, VIEWER)
        page.goto("/sessions")
        watched = card(page, "Watched session")
        expect(watched).to_contain_text("every 6 hours")
        expect(watched).to_contain_text("in 6 hours")
        expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
        main = page.get_by_role("main")
        for name in ("New session", "Start", "Edit", "Pause schedule", "Resume schedule", "Delete"):
            expect(main.get_by_role("button", name=name, exact=True)).to_have_count(0)
            expect(main.get_by_role("link", name=name, exact=True)).to_have_count(0)
        expect(watched.get_by_role("button")).to_have_count(0)
        # What a viewer may do: read, and preview the plan (it changes nothing).
        watched.get_by_role("link", name="Preview").click()
        expect(page.get_by_test_id("preview-totals")).to_contain_text("will be copied")

        page.goto(f"/sessions/{session_id}")
        expect(page.get_by_role("heading", name="Watched session", level=1)).to_be_visible()
        expect(fact(page, "Schedule")).to_have_text("every 6 hours")
        for name in ("Start", "Edit", "Pause schedule", "Delete"):
            expect(main.get_by_role("button", name=name, exact=True)).to_have_count(0)
            expect(main.get_by_role("link", name=name, exact=True)).to_have_count(0)

        page.goto(f"/sessions/{session_id}/edit")
        expect(page.get_by_text("Only operators and administrators create and edit sessions.")).to_be_visible()
        expect(page.get_by_label("Session name")).to_have_count(0)
    finally:
        context.close()


def test_an_invalid_cron_shows_the_api_refusal_on_the_schedule_step(browser: Browser, world: World) -> None:
    (world.local / "cron-in").mkdir(exist_ok=True)
    context, page = new_page(browser, world)
    try:
        sign_in(page, world)
        page.goto("/sessions/new")
        fill_first_step(page, "Bad cron", "Local files (local)", "Photos bucket (s3)")
        page.get_by_label("Source folder", exact=True).fill("cron-in")
        for _ in range(3):
            button(page, "Next").click()
        page.get_by_role("radio", name="A cron expression").check()
        cron = page.get_by_label("Cron expression", exact=True)
        cron.fill("0 * * * *")
        expect(page.get_by_text("Runs at minute 0 of every hour (times in UTC).")).to_be_visible()
        cron.fill("61 * * * *")
        button(page, "Next").click()
        button(page, "Save").click()
        # Back on the schedule step, the API's own words on the field.
        expect(page.get_by_role("heading", name="Schedule", level=2)).to_be_visible()
        expect(page.get_by_text("The service refused the session")).to_be_visible()
        cron = page.get_by_label("Cron expression", exact=True)
        expect(cron).to_have_attribute("aria-invalid", "true")
        expect(
            page.get_by_text("'61 * * * *' is not a valid 5-field cron expression.", exact=True)
        ).to_be_visible()
        expect(page).to_have_url(re.compile(r"/sessions/new$"))
        with world.api() as api:
            assert api.get("/sessions", params={"search": "Bad cron"}).json()["data"] == []
        # Fixed, it saves.
        cron.fill("0 * * * *")
        button(page, "Next").click()
        button(page, "Save").click()
        expect(page.get_by_role("heading", name="Bad cron", level=1)).to_be_visible()
        expect(fact(page, "Schedule")).to_have_text("at minute 0 of every hour (cron 0 * * * *, UTC)")
    finally:
        context.close()


# (D) ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pictured(world: World) -> str:
    """A session with filters, a schedule, a finished run and a plan: what the screenshots show."""
    seed_bucket(
        world,
        "photos",
        {f"{album}/img-{n}.jpg": b"j" * (40_000 * n) for album in ("2025", "2026") for n in (1, 2, 3)},
    )
    (world.local / "photos").mkdir(exist_ok=True)
    with world.api() as api:
        body = {
            "name": "Photos to disk",
            "source_endpoint_id": world.ids["photos"],
            "destination_endpoint_id": world.ids["local"],
            "destination_path": "photos",
            "folder_filter_enabled": True,
            "folder_names": ["2026"],
            "file_pattern_enabled": True,
            "file_patterns": ["*.jpg"],
            "exclude_patterns": ["*.tmp"],
            "schedule_enabled": True,
            "schedule_cron": "30 2 * * *",
        }
        response = api.post("/sessions", json=body)
        assert response.status_code == 201, response.text
        session_id: str = response.json()["id"]
        assert run_session(api, session_id)["status"] == "completed"
        api.patch(f"/sessions/{session_id}", json={"folder_names": ["2025", "2026"]}).raise_for_status()
    return session_id


def test_screenshots_of_every_sessions_page(
    browser: Browser, world: World, pictured: str, problems: list[str]
) -> None:
    for width in WIDTHS:
        for scheme in SCHEMES:
            context, page = new_page(browser, world, width, scheme)
            try:
                sign_in(page, world)
                page.goto("/sessions")
                expect(card(page, "Photos to disk")).to_contain_text("at 02:30 every day")
                expect(card(page, "Photos to disk")).to_contain_text("Completed")
                capture(page, "sessions-list", width, scheme, problems)

                page.goto(f"/sessions/{pictured}?preview=1")
                expect(page.get_by_test_id("preview-totals")).to_have_text(
                    "3 files (234.4 KiB) will be copied; 3 unchanged."
                )
                expect(page.get_by_role("grid", name="Run history").get_by_role("link")).to_have_count(1)
                capture(page, "session-detail", width, scheme, problems)

                page.goto(f"/sessions/{pictured}/edit")
                steps = ["Source and destination", "How files move", "Filters", "Schedule", "Review"]
                for number, step in enumerate(steps, 1):
                    page.get_by_role("group", name="Steps").get_by_role("tab", name=re.compile(step)).click()
                    if step == "Filters":
                        expect(page.get_by_role("status").filter(has_text="match")).to_contain_text(
                            "6 files (468.8 KiB) match of 6 scanned"
                        )
                    if step == "Schedule":
                        expect(page.get_by_text("Runs at 02:30 every day (times in UTC).")).to_be_visible()
                    if width == 1440 and scheme == "light":
                        expect(page.get_by_role("heading", name=step, level=2)).to_be_visible()
                        capture(page, f"session-wizard-step{number}", width, scheme, problems)
                    elif step == "Filters":
                        capture(page, "session-wizard", width, scheme, problems)
            finally:
                context.close()


# (A) ---------------------------------------------------------------------------------------------


@pytest.mark.timeout(480)  # two scheduled runs a minute apart, and 75 s of proving a pause holds
def test_a_bidirectional_session_on_a_one_minute_schedule(browser: Browser, world: World) -> None:
    """Created in the wizard, it fires by itself; paused, it stays quiet; resumed, it fires again."""
    two_way = world.local / "two-way"
    two_way.mkdir()
    (two_way / "from-disk.txt").write_text("local side")
    world.s3.put_object(Bucket="photos", Key="two-way/from-bucket.txt", Body=b"s3 side")
    timings: dict[str, float] = {}
    context, page = new_page(browser, world)
    try:
        sign_in(page, world)
        page.goto("/sessions/new")
        fill_first_step(page, "Two-way every minute", "Local files (local)", "Photos bucket (s3)")
        choose_folder(page, "source", "two-way")
        page.get_by_label("Destination folder", exact=True).fill("two-way")
        button(page, "Next").click()
        page.get_by_role("radio", name=re.compile("^Bidirectional")).check()
        button(page, "Next").click()
        button(page, "Next").click()
        page.get_by_role("radio", name="Every few minutes, hours or days").check()
        page.get_by_label("Every", exact=True).fill("1")
        page.get_by_label("Unit").select_option("minutes")
        expect(page.get_by_text("Runs every minute, counted from each save or resume.")).to_be_visible()
        button(page, "Next").click()
        expect(page.get_by_text("Runs every minute.")).to_be_visible()
        button(page, "Save").click()
        saved = time.monotonic()

        expect(page.get_by_role("heading", name="Two-way every minute", level=1)).to_be_visible()
        summary = page.get_by_role("region", name="Summary")
        expect(fact(summary, "Direction")).to_have_text("Bidirectional")
        expect(fact(summary, "Schedule")).to_have_text("every minute")
        expect(fact(summary, "Next run")).to_have_text(re.compile("^(in 1 minute|just now)$"))
        session_id = page.url.rsplit("/", 1)[-1]

        # It fires on its own; the history shows the run (started by the schedule).
        history = page.get_by_role("grid", name="Run history")
        expect(history.get_by_role("link")).to_have_count(1, timeout=SCHEDULE_WAIT_MS)
        timings["first scheduled run shown after save (s)"] = round(time.monotonic() - saved, 1)
        expect(history).to_contain_text("Schedule")
        expect(history).to_contain_text("Completed", timeout=60_000)
        assert (two_way / "from-bucket.txt").read_text() == "s3 side"
        assert "two-way/from-disk.txt" in world.bucket_keys("photos")

        # Pause: the page and the card say so, and nothing fires for more than 70 s.
        button(page, "Pause schedule").click()
        expect(page.get_by_text("Schedule paused", exact=True).first).to_be_visible()
        expect(fact(summary, "Next run")).to_have_text("paused")
        expect(button(page, "Resume schedule")).to_be_visible()
        paused_runs = len(runs_of(world, session_id))
        paused_at = time.monotonic()
        # Proving that nothing happens takes waiting: check the API and the page every 10 s.
        while time.monotonic() - paused_at < 75:
            page.wait_for_timeout(10_000)
            assert len(runs_of(world, session_id)) == paused_runs, "a paused schedule fired"
        expect(history.get_by_role("link")).to_have_count(paused_runs)
        page.goto("/sessions")
        expect(card(page, "Two-way every minute").get_by_text("Schedule paused")).to_be_visible()
        expect(fact(card(page, "Two-way every minute"), "Next run")).to_have_text("paused")

        # Resume (from the card): it fires again; the history shows each run.
        button(card(page, "Two-way every minute"), "Resume schedule").click()
        expect(card(page, "Two-way every minute").get_by_text("Schedule paused")).to_have_count(0)
        resumed = time.monotonic()
        card(page, "Two-way every minute").get_by_role("link", name="Two-way every minute").click()
        history = page.get_by_role("grid", name="Run history")
        expect(history.get_by_role("link")).to_have_count(paused_runs + 1, timeout=SCHEDULE_WAIT_MS)
        timings["next scheduled run shown after resume (s)"] = round(time.monotonic() - resumed, 1)
        expect(history.get_by_text("Completed")).to_have_count(paused_runs + 1, timeout=60_000)
        expect(history.get_by_text("Schedule", exact=True)).to_have_count(paused_runs + 1)
        runs = runs_of(world, session_id)
        assert len(runs) == paused_runs + 1
        assert {run["trigger"] for run in runs} == {"schedule"}
        assert {run["status"] for run in runs} == {"completed"}
    finally:
        context.close()
        with world.api() as api:  # leave no schedule running behind
            for found in api.get("/sessions", params={"search": "Two-way"}).json()["data"]:
                if not found["schedule_paused"]:
                    api.post(f"/sessions/{found['id']}/schedule/pause")
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / "sessions-schedule-timings.txt").write_text(
            "".join(f"{name}: {value}\n" for name, value in timings.items())
        )
        print(timings)


def test_the_folder_picker_walks_down_and_back_up(browser: Browser, world: World) -> None:
    (world.local / "deep" / "er" / "est").mkdir(parents=True)
    (world.local / "deep" / "note.txt").write_text("x")
    context, page = new_page(browser, world, 390)
    try:
        sign_in(page, world)
        page.goto("/sessions/new")
        page.get_by_label("Source endpoint").select_option(label="Local files (local)")
        page.get_by_role("button", name="Browse source folders").click()
        dialog = page.get_by_role("dialog", name="Choose a folder of Local files")
        folders = dialog.get_by_role("list", name="Folders here")
        folders.get_by_role("button", name="deep", exact=True).click()
        expect(dialog).to_contain_text("1 file here.")
        folders.get_by_role("button", name="er", exact=True).click()
        crumbs = dialog.get_by_role("navigation", name="Folder path")
        expect(crumbs).to_contain_text("Local files")
        crumbs.get_by_role("button", name="deep").click()  # back up one level
        expect(folders.get_by_role("button", name="er", exact=True)).to_be_visible()
        button(dialog, "Use this folder").click()
        expect(page.get_by_label("Source folder", exact=True)).to_have_value("deep")
    finally:
        context.close()


def test_preview_pages_come_from_one_plan_until_planned_again(browser: Browser, world: World) -> None:
    source = world.local / "many"
    source.mkdir()
    for index in range(60):
        (source / f"f{index:02d}.txt").write_bytes(b"x" * 10)
    with world.api() as api:
        body = {
            "name": "Sixty files",
            "source_endpoint_id": world.ids["local"],
            "source_path": "many",
            "destination_endpoint_id": world.ids["local"],
            "destination_path": "many-copy",
        }
        response = api.post("/sessions", json=body)
        assert response.status_code == 201, response.text
        session_id = response.json()["id"]
    context, page = new_page(browser, world)
    try:
        sign_in(page, world)
        page.goto(f"/sessions/{session_id}?preview=1")
        totals = page.get_by_test_id("preview-totals")
        expect(totals).to_have_text("60 files (600 B) will be copied.")
        expect(page.get_by_text(re.compile(r"^Planned .+; every page shows this plan\.$"))).to_be_visible()

        # A file appears; the next page still belongs to the plan above it (60 files, 10 on page 2).
        (source / "late.txt").write_bytes(b"late")
        plan = page.get_by_role("grid", name="Planned operations")
        page.get_by_role("region", name="Preview").get_by_role("button", name="Go to next page").click()
        expect(plan.get_by_role("row").filter(has=page.get_by_role("gridcell"))).to_have_count(10)
        expect(plan).to_contain_text("f59.txt")
        expect(plan).not_to_contain_text("late.txt")
        expect(totals).to_have_text("60 files (600 B) will be copied.")

        # Preview again: a new plan sees it.
        button(page, "Preview again").click()
        expect(totals).to_have_text("61 files (604 B) will be copied.")
    finally:
        context.close()
