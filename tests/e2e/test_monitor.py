"""The execution monitor and the multi-session board, walked in the browser against a real `f2l serve`.

Runs are made slow enough to watch with many small files and a session bandwidth limit of
200 KiB/s: "Slow copy" takes about ten seconds, "Long copy" about a minute (it is cancelled).
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
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
    run_session,
    serve,
    sign_in_api,
)

pytestmark = E2E_WITH_AXE

SLOW_FILES = 64  # 32 KiB each: 2 MiB at 200 KiB/s, about 10 s
LONG_FILES = 300  # 40 KiB each: 11.7 MiB at 200 KiB/s, about a minute
VIEWER = "watcher"
WIDTHS = {1440: 900, 390: 844}
SCHEMES = ("light", "dark")
RUN_END_S = 90


@dataclass
class Seeded:
    server: Served
    sessions: dict[str, str]
    """Session name → id."""
    finished_run: str
    """A completed run of "Quick copy"."""


def make_files(folder: Any, count: int, size: int) -> None:
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"file-{n:04d}.bin").write_bytes(bytes([n % 251]) * size)


def wait_ended(api: httpx.Client, execution_id: str) -> dict[str, Any]:
    """Poll the API until the run ended (setup and cleanup only: the UI is what the tests watch)."""
    deadline = time.monotonic() + RUN_END_S
    while time.monotonic() < deadline:
        run: dict[str, Any] = api.get(f"/executions/{execution_id}").json()
        if run["status"] not in ("queued", "running"):
            return run
        time.sleep(0.2)
    pytest.fail(f"run {execution_id} did not end in {RUN_END_S} s")


def start_run(api: httpx.Client, session_id: str) -> str:
    response = api.post(f"/sessions/{session_id}/start", json={})
    assert response.status_code == 202, response.text
    execution_id: str = response.json()["execution_id"]
    return execution_id


def forget_long_copy(seeded: Seeded) -> None:
    """Empty "Long copy"'s destination, so its next run has the whole minute of work again."""
    shutil.rmtree(seeded.server.root / "files" / "target" / "long", ignore_errors=True)


def cancel_and_wait(api: httpx.Client, execution_id: str) -> None:
    response = api.post(f"/executions/{execution_id}/cancel")
    assert response.status_code in (200, 409), response.text  # 409: it already ended
    wait_ended(api, execution_id)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    """F2L with an admin, a viewer, local endpoints and four sessions (two throttled, one scheduled)."""
    server = serve(tmp_path_factory.mktemp("f2l-monitor"))
    try:
        files = server.root / "files"
        make_files(files / "slow", SLOW_FILES, 32 * 1024)
        make_files(files / "long", LONG_FILES, 40 * 1024)
        make_files(files / "quick", 5, 10_000)
        (files / "target").mkdir()
        with server.api() as api:
            assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
            sign_in_api(api)
            viewer = api.post("/users", json={"username": VIEWER, "password": PASSWORD, "role": "viewer"})
            assert viewer.status_code == 201, viewer.text
            endpoints = {}
            for name, folder in (
                ("Slow disk", "slow"),
                ("Long disk", "long"),
                ("Quick disk", "quick"),
                ("Vault", "target"),
            ):
                response = api.post(
                    "/endpoints", json={"name": name, "endpoint_type": "local", "local_path": str(files / folder)}
                )
                assert response.status_code == 201, response.text
                endpoints[name] = response.json()["id"]
            sessions = {}
            plans: list[tuple[str, str, dict[str, Any]]] = [
                ("Slow copy", "Slow disk", {"bandwidth_limit": "200K"}),
                ("Long copy", "Long disk", {"bandwidth_limit": "200K"}),
                ("Quick copy", "Quick disk", {}),
                (
                    "Nightly",
                    "Quick disk",
                    {"schedule_enabled": True, "schedule_interval": 1, "schedule_unit": "days"},
                ),
            ]
            for name, source, extra in plans:
                body = {
                    "name": name,
                    "source_endpoint_id": endpoints[source],
                    "destination_endpoint_id": endpoints["Vault"],
                    "destination_path": "/" + name.split()[0].lower(),
                    **extra,
                }
                response = api.post("/sessions", json=body)
                assert response.status_code == 201, response.text
                sessions[name] = response.json()["id"]
            assert (
                sessions and api.get(f"/sessions/{sessions['Long copy']}").json()["bandwidth_limit"] == 200 * 1024
            )
            finished = run_session(api, sessions["Quick copy"])
            assert finished["status"] == "completed", finished
        yield Seeded(server, sessions, finished["id"])
    finally:
        server.stop()


@pytest.fixture
def admin_api(seeded: Seeded) -> Iterator[httpx.Client]:
    with seeded.server.api() as api:
        sign_in_api(api)
        yield api


def new_context(browser: Browser, seeded: Seeded, width: int = 1440, scheme: str = "light") -> BrowserContext:
    return browser.new_context(
        base_url=seeded.server.url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
    )


def sign_in_as(page: Page, seeded: Seeded, username: str = "admin") -> None:
    response = page.context.request.post(
        f"{seeded.server.url}/api/v1/auth/login", data={"username": username, "password": PASSWORD}
    )
    assert response.ok, response.text()


@pytest.fixture
def admin_page(browser: Browser, seeded: Seeded) -> Iterator[Page]:
    context = new_context(browser, seeded)
    page = context.new_page()
    sign_in_as(page, seeded)
    try:
        yield page
    finally:
        context.close()


def board_card(page: Page, name: str) -> Locator:
    return page.get_by_role("article", name=name, exact=True)


def summary_figure(page: Page, label: str) -> Locator:
    """The value (`dd`) beside `label` (`dt`) in the final summary."""
    summary = page.get_by_label("Final summary")
    return summary.locator("div").filter(has=page.get_by_text(label, exact=True)).locator("dd")


WATCH_FILES = """total => {
  window.__files = [];
  const pattern = new RegExp(`^(\\\\d+) / ${total} files$`);
  const read = () => {
    for (const element of document.querySelectorAll("main p")) {
      const match = pattern.exec(element.textContent || "");
      const value = match ? Number(match[1]) : null;
      if (value !== null && window.__files.at(-1) !== value) window.__files.push(value);
    }
  };
  read();
  new MutationObserver(read).observe(document.body, { subtree: true, childList: true, characterData: true });
}"""
"""Records each value the monitor's "x / y files" counter shows, in order, without polling."""


def test_start_from_the_board_and_watch_it_complete_live(admin_page: Page, seeded: Seeded) -> None:
    page = admin_page
    page.goto("/board")
    expect(page.get_by_role("heading", name="Board", exact=True)).to_be_visible()
    card = board_card(page, "Slow copy")
    expect(card).to_contain_text("Slow disk:/ → Vault:/slow")
    expect(card.get_by_text("Idle")).to_be_visible()
    expect(card).to_contain_text("No run yet")
    card.get_by_role("button", name="Start Slow copy").click()
    expect(page.get_by_text("Slow copy started.")).to_be_visible()
    card.get_by_role("link", name="Watch run of Slow copy").click()

    expect(page.get_by_role("heading", name="Run of Slow copy")).to_be_visible()
    expect(page.get_by_role("link", name="Slow copy", exact=True)).to_have_attribute(
        "href", f"/sessions/{seeded.sessions['Slow copy']}"
    )
    page.evaluate(WATCH_FILES, SLOW_FILES)
    # The counter moves on its own, from live progress events: at least two increases seen.
    page.wait_for_function("window.__files.filter(n => n > 0).length >= 3", timeout=30_000)
    seen: list[int] = page.evaluate("window.__files")
    assert seen == sorted(seen), seen
    expect(page.get_by_role("progressbar", name=re.compile(r"^\d+% done$"))).to_be_visible()
    expect(page.get_by_label("Progress figures")).to_contain_text("/s")  # a speed is shown

    log = page.get_by_role("log", name="Log of this run")
    expect(log).to_contain_text("run started (manual): Slow copy")
    # Completion: the status, the final log line (arrived live: the page was opened mid-run) and the summary.
    expect(page.locator("main").get_by_text("Completed", exact=True)).to_be_visible(timeout=60_000)
    expect(log).to_contain_text("run completed")
    expect(summary_figure(page, "Files transferred")).to_have_text(str(SLOW_FILES))
    expect(summary_figure(page, "Files failed")).to_have_text("0")
    expect(summary_figure(page, "Bytes transferred")).to_have_text("2.0 MiB")
    expect(page.get_by_text(f"In sync: {SLOW_FILES} files match on both sides.")).to_be_visible()
    expect(page.get_by_role("link", name="Reconciliation")).to_have_attribute(
        "href", re.compile(r"^/history\?execution=[0-9a-f-]{36}&reconciliation=open$")
    )
    expect(page.get_by_text("No file failed.")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^Cancel run"))).to_have_count(0)
    assert len(list((seeded.server.root / "files" / "target" / "slow").glob("*.bin"))) == SLOW_FILES

    page.get_by_role("link", name="Board").first.click()
    card = board_card(page, "Slow copy")
    expect(card.get_by_text("Completed")).to_be_visible()
    expect(card.get_by_text("Idle")).to_be_visible()


def test_cancel_a_running_run_from_the_monitor(admin_page: Page, seeded: Seeded, admin_api: httpx.Client) -> None:
    page = admin_page
    forget_long_copy(seeded)
    page.goto("/board")
    card = board_card(page, "Long copy")
    card.get_by_role("button", name="Start Long copy").click()
    expect(card.get_by_text("Running")).to_be_visible()
    expect(card.get_by_role("progressbar", name=re.compile(r"^Long copy: \d+% done$"))).to_be_visible()
    card.get_by_role("link", name="Watch run of Long copy").click()
    expect(page.get_by_role("heading", name="Run of Long copy")).to_be_visible()
    execution_id = page.url.rsplit("/", 1)[-1]
    expect(page.get_by_text(re.compile(r"^[1-9]\d* / \d+ files$"))).to_be_visible(timeout=30_000)

    page.get_by_role("button", name="Cancel run of Long copy").click()
    dialog = page.get_by_role("dialog", name="Cancel this run of Long copy?")
    dialog.get_by_role("button", name="Keep running").click()  # changing one's mind changes nothing
    expect(dialog).to_be_hidden()
    assert admin_api.get(f"/executions/{execution_id}").json()["status"] == "running"
    page.get_by_role("button", name="Cancel run of Long copy").click()
    dialog.get_by_role("button", name="Cancel run").click()
    expect(page.locator("main").get_by_text("Cancelled", exact=True)).to_be_visible(timeout=30_000)
    expect(page.get_by_label("Final summary")).to_be_visible()
    expect(page.get_by_role("log", name="Log of this run")).to_contain_text("run cancelled")
    # Who asked for the run and who stopped it, in the run's own log.
    expect(page.get_by_role("log", name="Log of this run")).to_contain_text("cancel requested by 'admin'")
    expect(page.get_by_role("log", name="Log of this run")).to_contain_text("run requested by 'admin'")
    assert admin_api.get(f"/executions/{execution_id}").json()["status"] == "cancelled"

    page.get_by_role("link", name="Board").first.click()
    card = board_card(page, "Long copy")
    expect(card.get_by_text("Cancelled")).to_be_visible()
    expect(card.get_by_text("Idle")).to_be_visible()
    expect(card.get_by_role("button", name="Start Long copy")).to_be_visible()


def test_pause_resume_and_filters_on_the_board(admin_page: Page) -> None:
    page = admin_page
    page.goto("/board")
    nightly = board_card(page, "Nightly")
    expect(nightly).to_contain_text("Next run tomorrow (every day)")
    nightly.get_by_role("button", name="Pause schedule of Nightly").click()
    expect(nightly.get_by_text("Paused", exact=True)).to_be_visible()
    expect(nightly).to_contain_text("Schedule paused (every day)")
    page.get_by_role("button", name="Paused (1)").click()
    expect(page).to_have_url(re.compile(r"/board\?show=paused$"))
    expect(page.get_by_role("article")).to_have_count(1)
    page.get_by_role("button", name=re.compile(r"^Running \(")).click()
    expect(page.get_by_text("No session is running.")).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^All \(")).click()
    expect(page.get_by_role("article")).to_have_count(4)
    nightly.get_by_role("button", name="Resume schedule of Nightly").click()
    expect(nightly.get_by_role("button", name="Pause schedule of Nightly")).to_be_visible()
    expect(nightly).to_contain_text("Next run tomorrow")


def test_a_viewer_cannot_start_or_edit_anything(browser: Browser, seeded: Seeded, admin_api: httpx.Client) -> None:
    forget_long_copy(seeded)
    execution_id = start_run(admin_api, seeded.sessions["Long copy"])
    context = new_context(browser, seeded)
    page = context.new_page()
    controls = re.compile(r"^(Start|Pause|Resume|Cancel|New session)\b")  # "Paused (0)" is a filter chip
    try:
        sign_in_as(page, seeded, VIEWER)
        page.goto("/board")
        card = board_card(page, "Long copy")
        expect(card.get_by_text("Running")).to_be_visible()
        expect(board_card(page, "Nightly")).to_contain_text("Next run")
        expect(page.locator("main").get_by_role("button", name=controls)).to_have_count(0)
        expect(page.locator("main").get_by_role("link", name=controls)).to_have_count(0)
        card.get_by_role("link", name="Watch run of Long copy").click()
        expect(page.get_by_role("heading", name="Run of Long copy")).to_be_visible()
        expect(page.get_by_text(re.compile(r"^\d+ / \d+ files$"))).to_be_visible()
        expect(page.locator("main").get_by_role("button", name=controls)).to_have_count(0)

        # The server says no too: the viewer's own start is refused.
        login = page.context.request.post(
            f"{seeded.server.url}/api/v1/auth/login", data={"username": VIEWER, "password": PASSWORD}
        )
        token = login.json()["access_token"]
        refused = httpx.post(
            f"{seeded.server.url}/api/v1/sessions/{seeded.sessions['Quick copy']}/start",
            json={},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert refused.status_code == 403, refused.text
    finally:
        context.close()
        cancel_and_wait(admin_api, execution_id)


def capture(page: Page, name: str, width: int, scheme: str, problems: list[str]) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
    problems.extend(f"{name} at {width} px, {scheme}: {line}" for line in axe_violations(page))


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_and_accessibility(
    browser: Browser, seeded: Seeded, admin_api: httpx.Client, width: int, scheme: str
) -> None:
    """The board and the monitor (running and finished) at 1440 and 390 px, light and dark; no axe violation."""
    problems: list[str] = []
    forget_long_copy(seeded)
    execution_id = start_run(admin_api, seeded.sessions["Long copy"])
    context = new_context(browser, seeded, width, scheme)
    page = context.new_page()
    try:
        sign_in_as(page, seeded)
        page.goto("/board")
        expect(board_card(page, "Long copy").get_by_text(re.compile(r"^\d+ / \d+ files"))).to_be_visible(
            timeout=30_000
        )
        capture(page, "board-live", width, scheme, problems)
        page.goto(f"/executions/{execution_id}")
        expect(page.get_by_role("heading", name="Run of Long copy")).to_be_visible()
        expect(page.get_by_role("list", name="Files being transferred now")).to_be_visible()
        expect(page.get_by_label("Progress figures")).to_contain_text("Transferring")  # a live event arrived
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            "the page scrolls sideways"
        )
        capture(page, "execution-running", width, scheme, problems)
        page.goto(f"/executions/{seeded.finished_run}")
        expect(page.get_by_role("heading", name="Run of Quick copy")).to_be_visible()
        expect(page.get_by_text("In sync: 5 files match on both sides.")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
            "the page scrolls sideways"
        )
        capture(page, "execution-finished", width, scheme, problems)
    finally:
        context.close()
        cancel_and_wait(admin_api, execution_id)
    assert not problems, "accessibility violations:\n" + "\n".join(problems)
