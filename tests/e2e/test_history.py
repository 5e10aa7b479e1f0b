"""History: real runs (completed, failed, completed_with_differences) listed, filtered, sorted and
paged by the server; a run's detail, its reconciliation dialog and the CSV/JSON report exports."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
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

VIEWER = ("vera", "Viewer-pass-2026!")
QUICK_RUNS = 30  # with the failed and the differing run: 32 runs, two pages of 25
WIDTHS = {1440: 900, 390: 844}
SCHEMES = ("light", "dark")


@dataclass
class History:
    """The served F2L and the runs seeded in it."""

    server: Served
    differences: dict[str, Any]
    failed: dict[str, Any]
    sessions: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def total(self) -> int:
        return QUICK_RUNS + 2


def endpoint(api: httpx.Client, name: str, path: str) -> str:
    response = api.post("/endpoints", json={"name": name, "endpoint_type": "local", "local_path": path})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def session(api: httpx.Client, name: str, source: str, destination: str, **options: Any) -> str:
    body = {"name": name, "source_endpoint_id": source, "destination_endpoint_id": destination, **options}
    response = api.post("/sessions", json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Iterator[History]:
    """An F2L with a run that ended `completed_with_differences` (found by its own reconciliation),
    a failed run and 30 quick runs of an empty session; plus a viewer."""
    server = serve(tmp_path_factory.mktemp("f2l-history"))
    try:
        files = server.root / "files"
        field, archive, empty, mirror, gone = (files / n for n in ("field", "archive", "empty", "mirror", "gone"))
        for folder in (field, archive, empty, mirror, gone):
            folder.mkdir()
        # Compared by size only, verified by checksum: the run leaves `same.txt` alone (same size),
        # cannot replace the folder `clash.txt` with a file, and keeps the destination's own
        # `stray.txt`; the check after the run then finds every kind of difference but size.
        (field / "new.txt").write_text("a new file\n")
        (field / "same.txt").write_text("AAAA")
        (archive / "same.txt").write_text("BBBB")
        (archive / "stray.txt").write_text("only on the destination")
        (field / "clash.txt").write_text("a file here, a folder there")
        (archive / "clash.txt").mkdir()
        (archive / "clash.txt" / "inner.txt").write_text("x")
        with server.api() as api:
            assert api.post("/auth/setup", json={"username": "admin", "password": PASSWORD}).status_code == 201
            sign_in_api(api)
            user = api.post("/users", json={"username": VIEWER[0], "password": VIEWER[1], "role": "viewer"})
            assert user.status_code == 201, user.text
            ids = {
                name: endpoint(api, name, str(path))
                for name, path in (
                    ("Field laptop", field),
                    ("Archive", archive),
                    ("Empty", empty),
                    ("Mirror", mirror),
                    ("Gone", gone),
                )
            }
            sessions = {
                "Field photos": session(
                    api,
                    "Field photos",
                    ids["Field laptop"],
                    ids["Archive"],
                    compare_mode="size",
                    verify_checksums=True,
                ),
                "Nightly check": session(api, "Nightly check", ids["Empty"], ids["Mirror"]),
                "Gone share": session(api, "Gone share", ids["Gone"], ids["Mirror"], destination_path="gone"),
            }
            for _ in range(QUICK_RUNS):
                assert run_session(api, sessions["Nightly check"])["status"] == "completed"
            gone.rmdir()  # its source folder vanished: the run fails
            failed = run_session(api, sessions["Gone share"])
            assert failed["status"] == "failed", failed
            differences = run_session(api, sessions["Field photos"])
            assert differences["status"] == "completed_with_differences", differences
        yield History(server, differences, failed, sessions)
    finally:
        server.stop()


def sign_in(page: Page, base: str, user: tuple[str, str] = ("admin", PASSWORD)) -> None:
    """Sign the page's context in through the API; the page resumes it from the refresh cookie."""
    response = page.context.request.post(
        f"{base}/api/v1/auth/login", data={"username": user[0], "password": user[1]}
    )
    assert response.ok, response.text()


def grid(page: Page) -> Locator:
    return page.get_by_role("grid", name="Runs")


def data_rows(page: Page) -> Locator:
    return grid(page).locator(".MuiDataGrid-row")


def query_of(page: Page) -> dict[str, str]:
    return dict(re.findall(r"([^?&=]+)=([^&]*)", page.url.split("?", 1)[1] if "?" in page.url else ""))


def test_a_run_with_differences_stands_out_opens_and_exports(page: Page, history: History) -> None:
    run_id = history.differences["id"]
    sign_in(page, history.url)
    page.goto(f"{history.url}/history")
    expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
    expect(page.get_by_text(f"{history.total} runs")).to_be_visible()

    # Newest first: the differing run leads, highlighted, with a warning chip that carries an icon.
    first = data_rows(page).first
    expect(first).to_contain_text("Field photos")
    expect(first).to_contain_text("Differences")
    expect(first).to_have_class(re.compile("f2l-run-differences"))
    expect(first.locator(".MuiChip-colorWarning .MuiChip-icon")).to_be_visible()
    expect(data_rows(page).nth(1)).not_to_have_class(re.compile("f2l-run-differences"))
    highlighted = first.evaluate("row => getComputedStyle(row).boxShadow")
    assert "inset" in highlighted, highlighted

    # Filter by that status: only this run is left.
    page.get_by_role("combobox", name="Status").click()
    pick_option(page, "Differences")
    expect(page).to_have_url(re.compile(r"[?&]status=completed_with_differences"))
    expect(page.get_by_text("1 run matches the filters", exact=False)).to_be_visible()
    expect(data_rows(page)).to_have_count(1)

    # Open it: the detail says what the run did and what the check found.
    data_rows(page).first.click()
    expect(page).to_have_url(re.compile(f"execution={run_id}"))
    drawer = page.get_by_role("dialog", name="Run of Field photos")
    expect(drawer).to_be_visible()
    expect(drawer.get_by_text("4 differences")).to_be_visible()
    expect(drawer.get_by_text("1 file matches on both sides", exact=False)).to_be_visible()
    expect(drawer.get_by_text("1 of 2 copied")).to_be_visible()
    errors = drawer.get_by_role("list", name="Errors")
    expect(errors).to_contain_text("copy clash.txt")
    expect(errors).to_contain_text("a directory exists under this name")
    expect(drawer.get_by_role("link", name="Open run")).to_have_attribute("href", f"/executions/{run_id}")

    # The reconciliation: tab counts, the differing files on each tab, an empty tab that says so.
    drawer.get_by_role("button", name="Reconciliation").click()
    dialog = page.get_by_role("dialog", name="Reconciliation · Field photos")
    expect(dialog).to_be_visible()
    expect(page).to_have_url(re.compile("reconciliation=missing"))
    tabs = dialog.get_by_role("tab")
    expect(tabs).to_have_text(["Missing (1)", "Extra (2)", "Size (0)", "Checksum (1)"])
    expect(dialog.get_by_role("list", name="Missing files").get_by_role("listitem")).to_have_text(["clash.txt"])
    dialog.get_by_role("tab", name="Extra (2)").click()
    expect(dialog.get_by_role("list", name="Extra files").get_by_role("listitem")).to_have_text(
        ["clash.txt/inner.txt", "stray.txt"]
    )
    dialog.get_by_role("tab", name="Size (0)").click()
    expect(dialog.get_by_text("No size difference.")).to_be_visible()
    dialog.get_by_role("tab", name="Checksum (1)").click()
    expect(page).to_have_url(re.compile("reconciliation=checksum"))
    expect(dialog.get_by_role("list", name="Checksum files").get_by_role("listitem")).to_have_text(["same.txt"])

    # Exports: the authenticated download saves what the check found, one row per path and kind.
    with page.expect_download() as csv_download:
        dialog.get_by_role("button", name="Export CSV").click()
    assert csv_download.value.suggested_filename == f"f2l-reconciliation-{run_id}.csv"
    rows = list(csv.DictReader(io.StringIO(csv_download.value.path().read_text())))
    assert {(row["difference"], row["path"]) for row in rows} == {
        ("missing", "clash.txt"),
        ("extra", "clash.txt/inner.txt"),
        ("extra", "stray.txt"),
        ("checksum_mismatch", "same.txt"),
    }
    with page.expect_download() as json_download:
        dialog.get_by_role("button", name="Export JSON").click()
    assert json_download.value.suggested_filename == f"f2l-reconciliation-{run_id}.json"
    check = json.loads(json_download.value.path().read_text())
    assert check["in_sync"] is False and check["execution_id"] == run_id
    assert check["extra"] == ["clash.txt/inner.txt", "stray.txt"]
    assert check["checksum_mismatch"] == ["same.txt"]

    # The URL is the state: a reload shows the same dialog and tab; Back closes it.
    page.reload()
    expect(page.get_by_role("dialog", name="Reconciliation · Field photos")).to_be_visible()
    expect(page.get_by_role("tab", name="Checksum (1)")).to_have_attribute("aria-selected", "true")
    page.get_by_role("button", name="Close", exact=True).click()
    expect(page).not_to_have_url(re.compile("reconciliation="))
    expect(page.get_by_role("dialog", name="Run of Field photos")).to_be_visible()
    page.go_back()
    expect(page).to_have_url(re.compile("reconciliation=checksum"))
    expect(page.get_by_role("dialog", name=re.compile("^Reconciliation"))).to_be_visible()


def test_filters_sort_and_pages_live_in_the_url(page: Page, history: History) -> None:
    sign_in(page, history.url)
    page.goto(f"{history.url}/history")
    footer = page.locator(".MuiTablePagination-displayedRows")
    expect(footer).to_have_text(f"1–25 of {history.total}")  # the grid renders only the rows in view

    # Page forward: the server sends the rest; the URL says page 2; a reload keeps it; Back returns.
    page.get_by_role("button", name="Go to next page").click()
    expect(page).to_have_url(re.compile(r"[?&]page=2"))
    expect(footer).to_have_text(f"26–{history.total} of {history.total}")
    expect(data_rows(page)).to_have_count(history.total - 25)
    page.reload()
    expect(footer).to_have_text(f"26–{history.total} of {history.total}")
    page.go_back()
    expect(page).not_to_have_url(re.compile("page="))
    expect(footer).to_have_text(f"1–25 of {history.total}")

    # Sort by bytes moved (the API sorts): largest first puts the only run that copied bytes on top.
    page.get_by_role("columnheader", name="Bytes").click()
    expect(page).to_have_url(re.compile(r"sort=-bytes_transferred"))
    expect(page.get_by_role("columnheader", name="Bytes")).to_have_attribute("aria-sort", "descending")
    expect(data_rows(page).first).to_contain_text("Field photos")
    page.get_by_role("columnheader", name="Bytes").click()
    expect(page).to_have_url(re.compile(r"sort=bytes_transferred"))
    expect(data_rows(page).first).not_to_contain_text("Field photos")
    page.get_by_role("columnheader", name="Status").click()
    expect(page).to_have_url(re.compile(r"sort=-status"))
    expect(data_rows(page).first).to_contain_text("Failed")  # "failed" sorts last of the statuses here

    # Filter by session: searched on the server, chosen by name, kept in the URL and across a reload.
    page.get_by_role("combobox", name="Session").fill("Gone")
    pick_option(page, "Gone share")
    expect(page).to_have_url(re.compile(f"session={history.sessions['Gone share']}"))
    expect(data_rows(page)).to_have_count(1)
    expect(data_rows(page).first).to_contain_text("Failed")
    page.reload()
    expect(page.get_by_role("combobox", name="Session")).to_have_value("Gone share")
    expect(data_rows(page)).to_have_count(1)
    page.get_by_role("button", name="Clear filters").click()
    expect(page).not_to_have_url(re.compile("session="))
    expect(page.get_by_text(f"{history.total} runs")).to_be_visible()

    # Filter by date: every run is from today (the browser's day); none from tomorrow on.
    today, tomorrow = date.today(), date.today() + timedelta(days=1)
    page.get_by_label("From", exact=True).fill(tomorrow.isoformat())
    expect(page).to_have_url(re.compile(f"from={tomorrow.isoformat()}"))
    expect(page.get_by_text("No run matches these filters.")).to_be_visible()
    page.get_by_label("From", exact=True).fill(today.isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    expect(page).to_have_url(re.compile(f"from={today.isoformat()}&to={today.isoformat()}"))
    expect(page.get_by_text(f"{history.total} runs match the filters")).to_be_visible()
    assert query_of(page)["sort"] == "-status"  # the sort survived the filters
    page.get_by_label("To", exact=True).fill((today - timedelta(days=1)).isoformat())
    expect(page.get_by_text("After the To day.")).to_be_visible()
    expect(page.get_by_text("No run matches these filters.")).to_be_visible()


def test_a_viewer_reads_history_and_exports(page: Page, history: History) -> None:
    run_id = history.differences["id"]
    with history.server.api() as api:
        login = api.post("/auth/login", json={"username": VIEWER[0], "password": VIEWER[1]})
        api.headers["Authorization"] = f"Bearer {login.json()['access_token']}"
        # The API's rule: reading runs, reconciliations and reports needs the viewer role only.
        assert api.get(f"/executions/{run_id}/reconciliation").status_code == 200
        assert api.get(f"/executions/{run_id}/report", params={"format": "csv"}).status_code == 200
        assert api.post(f"/executions/{run_id}/cancel").status_code == 403
    sign_in(page, history.url, VIEWER)
    # The run monitor's link: the dialog opens at the first kind with differences.
    page.goto(f"{history.url}/history?page=2&execution={run_id}&reconciliation=open")  # not on page 2
    dialog = page.get_by_role("dialog", name="Reconciliation · Field photos")
    expect(dialog.get_by_role("tab", name="Missing (1)")).to_have_attribute("aria-selected", "true")
    dialog.get_by_role("tab", name="Extra (2)").click()
    expect(page).to_have_url(re.compile("reconciliation=extra"))
    with page.expect_download() as download:
        dialog.get_by_role("button", name="Export JSON").click()
    assert json.loads(download.value.path().read_text())["execution_id"] == run_id
    dialog.get_by_role("button", name="Close", exact=True).click()
    drawer = page.get_by_role("dialog", name="Run of Field photos")
    # The drawer offers the whole run report too: the run, its check and every file operation.
    with page.expect_download() as report_download:
        drawer.get_by_role("button", name="Run report JSON").click()
    assert report_download.value.suggested_filename == f"f2l-run-{run_id}.json"
    report = json.loads(report_download.value.path().read_text())
    assert report["execution"]["status"] == "completed_with_differences"
    assert sorted(op["path"] for op in report["operations"]) == ["clash.txt", "new.txt"]
    # Nothing here changes a run: the detail offers only reading.
    expect(drawer.get_by_role("button")).to_have_count(4)
    expect(drawer.get_by_role("button", name="Close the run's detail")).to_be_visible()
    expect(drawer.get_by_role("button", name="Reconciliation")).to_be_visible()
    expect(drawer.get_by_role("button", name="Run report CSV")).to_be_visible()


def test_a_failed_run_and_an_unknown_run(page: Page, history: History) -> None:
    sign_in(page, history.url)
    page.goto(f"{history.url}/history?execution={history.failed['id']}")
    drawer = page.get_by_role("dialog", name="Run of Gone share")
    expect(drawer.locator(".MuiChip-colorError")).to_have_text("Failed")
    expect(drawer.get_by_role("alert").first).to_contain_text(history.failed["error_message"])
    expect(drawer.get_by_text("No reconciliation")).to_be_visible()
    drawer.get_by_role("button", name="Reconciliation").click()
    dialog = page.get_by_role("dialog", name="Reconciliation · Gone share")
    expect(dialog.get_by_text("No reconciliation")).to_be_visible()
    expect(dialog.get_by_role("tab")).to_have_count(0)
    missing = "00000000-0000-4000-8000-000000000000"
    page.goto(f"{history.url}/history?execution={missing}")
    expect(page.get_by_text(re.compile(r"The run could not be loaded: .+"))).to_be_visible()


def test_the_keyboard_opens_a_run(page: Page, history: History) -> None:
    sign_in(page, history.url)
    page.goto(f"{history.url}/history")
    expect(data_rows(page).first).to_contain_text("Field photos")
    page.get_by_role("combobox", name="Status").focus()
    for _ in range(12):  # From and To (three stops each: month, day, year), then the grid's headers
        if page.evaluate("document.activeElement?.getAttribute('role')") == "columnheader":
            break
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement?.getAttribute('role')") == "columnheader"
    page.keyboard.press("ArrowRight")  # off the Session column: Enter there follows the session link
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog", name="Run of Field photos")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(page).not_to_have_url(re.compile("execution="))


def new_context(browser: Browser, base: str, width: int, scheme: str) -> BrowserContext:
    return browser.new_context(
        base_url=base,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
    )


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_screenshots_and_accessibility(browser: Browser, history: History, width: int, scheme: str) -> None:
    run_id = history.differences["id"]
    context = new_context(browser, history.url, width, scheme)
    page = context.new_page()
    problems: list[str] = []

    def capture(name: str) -> None:
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
        problems.extend(f"{name} at {width} px, {scheme}: {line}" for line in axe_violations(page))

    try:
        sign_in(page, history.url)
        page.goto(f"{history.url}/history")
        expect(page.locator(".MuiTablePagination-displayedRows")).to_have_text(f"1–25 of {history.total}")
        capture("history")
        data_rows(page).first.click()
        expect(page.get_by_role("dialog", name="Run of Field photos").get_by_text("4 differences")).to_be_visible()
        capture("history-detail")
        page.goto(f"{history.url}/history?execution={run_id}&reconciliation=extra")
        dialog = page.get_by_role("dialog", name="Reconciliation · Field photos")
        expect(dialog.get_by_text("stray.txt")).to_be_visible()
        capture("reconciliation")
    finally:
        context.close()
    assert not problems, "accessibility violations:\n" + "\n".join(problems)
