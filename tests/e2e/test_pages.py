"""Every built page at 1440 and 390 px, light and dark: a screenshot each, no serious axe violation,
and the keyboard reaches every control."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from f2l.api.static_site import STATIC_DIR
from tests.e2e.support import E2E_WITH_AXE, PASSWORD, SCREENSHOTS, Served, axe_violations, sign_in_context

pytestmark = E2E_WITH_AXE

WIDTHS = {1440: 900, 390: 844}
SCHEMES = ("light", "dark")
SHELL_PAGES = [
    ("overview", "/", "Overview"),
    ("endpoints", "/endpoints", "Endpoints"),
    ("sessions", "/sessions", "Sessions"),
    ("board", "/board", "Board"),
    ("history", "/history", "History"),
    ("logs", "/logs", "Logs"),
    ("settings", "/settings", "Settings"),
    ("not-found", "/no-such-page", "No page here"),
]


def new_context(browser: Browser, base_url: str, width: int, scheme: str) -> BrowserContext:
    return browser.new_context(
        base_url=base_url,
        viewport={"width": width, "height": WIDTHS[width]},
        color_scheme=scheme,  # type: ignore[arg-type]
        reduced_motion="reduce",
    )


def capture(page: Page, name: str, width: int, scheme: str, problems: list[str]) -> None:
    """Screenshot the page as shown and collect its serious/critical axe violations."""
    SCREENSHOTS.mkdir(exist_ok=True)
    # "pages-…": the page modules write their own "<page>-…" shots with richer data.
    page.screenshot(path=SCREENSHOTS / f"pages-{name}-{width}-{scheme}.png", full_page=True)
    problems.extend(f"{name} at {width} px, {scheme}: {line}" for line in axe_violations(page))


@pytest.fixture
def problems() -> Iterator[list[str]]:
    found: list[str] = []
    yield found
    assert not found, "accessibility violations:\n" + "\n".join(found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", list(WIDTHS))
def test_every_page(browser: Browser, base_url: str, width: int, scheme: str, problems: list[str]) -> None:
    context = new_context(browser, base_url, width, scheme)
    page = context.new_page()
    try:
        page.goto("/login")
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
        capture(page, "sign-in", width, scheme, problems)
        sign_in_context(page, base_url)
        for name, path, heading in SHELL_PAGES:
            page.goto(path)
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
            if name == "overview":
                expect(page.get_by_role("application", name="Runs per day")).to_be_visible()
                expect(page.get_by_role("table", name="Recent runs")).to_be_visible()
            capture(page, name, width, scheme, problems)
        if width < 900:  # the sidebar is a drawer on a phone
            page.goto("/")
            page.get_by_role("button", name="Open the navigation").click()
            expect(page.get_by_role("dialog").get_by_role("link", name="History")).to_be_visible()
            capture(page, "navigation-open", width, scheme, problems)
    finally:
        context.close()


def test_first_run_page(browser: Browser, fresh: Served, problems: list[str]) -> None:
    for width in WIDTHS:
        for scheme in SCHEMES:
            context = new_context(browser, fresh.url, width, scheme)
            page = context.new_page()
            page.goto("/")
            expect(page.get_by_role("heading", name="Welcome to F2L")).to_be_visible()
            capture(page, "first-run", width, scheme, problems)
            context.close()


def test_the_keyboard_reaches_every_control(page: Page, base_url: str) -> None:
    sign_in_context(page, base_url)
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    reached: list[str] = []
    for _ in range(20):
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate(
                "(() => { const e = document.activeElement;"
                " return (e.getAttribute('aria-label') || e.innerText || e.tagName).trim().split('\\n')[0]; })()"
            )
        )
    assert reached[0] == "Skip to content"
    for name in ("F2L", "Account: admin", "Overview", "Endpoints", "History", "Settings"):
        assert name in reached, (name, reached)
    assert any(label.startswith("Theme: ") for label in reached), reached
    page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # "Skip to content" moves focus to the page
    expect(page.locator("main")).to_be_focused()


def test_the_phone_navigation_works_by_keyboard(browser: Browser, base_url: str) -> None:
    context = new_context(browser, base_url, 390, "light")
    page = context.new_page()
    try:
        sign_in_context(page, base_url)
        page.goto("/")
        page.get_by_role("button", name="Open the navigation").focus()
        page.keyboard.press("Enter")
        drawer = page.get_by_role("dialog")
        expect(drawer).to_be_visible()
        drawer.get_by_role("link", name=re.compile("^Sessions")).focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", name="Sessions")).to_be_visible()
        expect(drawer).to_be_hidden()
        page.get_by_role("button", name="Open the navigation").click()
        page.keyboard.press("Escape")
        expect(page.get_by_role("dialog")).to_be_hidden()
    finally:
        context.close()


def test_sign_in_form_errors_are_announced(page: Page) -> None:
    page.goto("/login")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Enter your user name.")).to_be_visible()
    expect(page.get_by_label("User name")).to_have_attribute("aria-invalid", "true")
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


FIRST_PAGE_BUDGET = 350 * 1024
"""Issue 10's budget: JavaScript shipped (gzip) before the first page renders."""


FIRST_HEADING_AT = """
new MutationObserver((_, observer) => {
  if (document.querySelector("h1")) { window.__h1At = performance.now(); observer.disconnect(); }
}).observe(document, { subtree: true, childList: true });
"""
"""Records when the page's first heading appears: the page has rendered."""


def scripts_for(
    browser: Browser, base_url: str, path: str, signed_in: bool, ready: str
) -> dict[str, dict[str, int]]:
    """Scripts a cold browser downloads to show `path` (gzip bytes as transferred), split into those
    requested before the first heading appeared ("before") and after it ("after", e.g. the charts)."""
    context = new_context(browser, base_url, 1440, "light")
    context.add_init_script(FIRST_HEADING_AT)
    page = context.new_page()
    plain: list[str] = []  # scripts served without gzip (only tiny ones, which gzip would not shrink)
    page.on(
        "response",
        lambda response: (
            plain.append(response.url.rsplit("/", 1)[-1])
            if response.request.resource_type == "script" and response.headers.get("content-encoding") != "gzip"
            else None
        ),
    )
    try:
        if signed_in:
            sign_in_context(page, base_url)
        page.goto(path)
        expect(page.get_by_role("heading", name=ready, exact=True)).to_be_visible()
        page.wait_for_load_state("networkidle")
        rendered_at = page.evaluate("window.__h1At")
        entries = page.evaluate(
            "performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js'))"
            ".map(e => [e.name.split('/').pop(), e.startTime, e.encodedBodySize])"
        )
    finally:
        context.close()
    assert all((STATIC_DIR / "assets" / name).stat().st_size < 1024 for name in plain), plain
    split: dict[str, dict[str, int]] = {"before": {}, "after": {}}
    for name, started, size in entries:
        split["before" if started < rendered_at else "after"][name] = size
    return split


def test_the_first_page_loads_little(browser: Browser, base_url: str) -> None:
    """JavaScript (gzip, as transferred) of the sign-in page and of the overview opened cold,
    counting what was requested before the page's first heading appeared."""
    sign_in = scripts_for(browser, base_url, "/login", signed_in=False, ready="Sign in")
    overview = scripts_for(browser, base_url, "/", signed_in=True, ready="Overview")
    figures = {
        "sign_in_page_js_gzip_bytes": sum(sign_in["before"].values()),
        "overview_js_gzip_bytes": sum(overview["before"].values()),
        "overview_after_render_js_gzip_bytes": sum(overview["after"].values()),
        "sign_in_scripts": sorted(sign_in["before"].items(), key=lambda item: -item[1]),
        "overview_scripts": sorted(overview["before"].items(), key=lambda item: -item[1]),
        "overview_after_render": sorted(overview["after"].items(), key=lambda item: -item[1]),
    }
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "first-page-weight.json").write_text(json.dumps(figures, indent=2))
    assert figures["sign_in_page_js_gzip_bytes"] < FIRST_PAGE_BUDGET, figures
    # The overview's cards render before the charts' chunks (recharts) are even requested.
    assert figures["overview_js_gzip_bytes"] < FIRST_PAGE_BUDGET, figures
    assert any(name.startswith("RunsPerDayChart-") for name in overview["after"]), figures
