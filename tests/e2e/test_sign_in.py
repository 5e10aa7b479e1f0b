"""First run, sign-in, sign-out, wrong password, deep links, silent refresh and expired sign-ins."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Locator, Page, Route, expect

from tests.e2e.support import E2E, PASSWORD, Served, sign_in_context

pytestmark = E2E


def sign_in(page: Page, password: str = PASSWORD) -> None:
    page.get_by_label("User name").fill("admin")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def card(page: Page, label: str) -> Locator:
    return page.get_by_role("region", name=label, exact=True)


def test_first_run_creates_the_admin(page: Page, fresh: Served) -> None:
    page.goto(fresh.url)
    expect(page).to_have_url(f"{fresh.url}/setup")
    expect(page.get_by_role("heading", name="Welcome to F2L")).to_be_visible()
    page.get_by_label("Administrator user name").fill("admin")
    page.get_by_label(re.compile(r"^Password")).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD + "x")
    page.get_by_role("button", name="Create administrator and sign in").click()
    expect(page.get_by_text("The two passwords differ.")).to_be_visible()
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create administrator and sign in").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page).to_have_url(f"{fresh.url}/")
    expect(card(page, "Sessions")).to_contain_text("0")
    with fresh.api() as api:
        assert api.get("/auth/status").json() == {"setup_required": False}
    page.goto(f"{fresh.url}/setup")  # setup is closed now
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()


def test_sign_in_lands_on_the_overview_with_real_numbers(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))
    sign_in(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(card(page, "Sessions")).to_contain_text("2")
    expect(card(page, "Runs today")).to_contain_text("2")
    expect(card(page, "Active runs")).to_contain_text("0")
    expect(card(page, "Success rate")).to_contain_text("50%")
    expect(card(page, "Moved today")).to_contain_text("4.3 MiB")  # 4,500,000 bytes in 5 files
    expect(card(page, "Moved this week")).to_contain_text("4.3 MiB")
    expect(card(page, "Endpoints offline")).to_contain_text(re.compile(r"\d"))
    recent = page.get_by_role("table", name="Recent runs")
    expect(recent.get_by_role("row")).to_have_count(3)  # header + 2 runs
    expect(recent.get_by_role("row", name=re.compile("Docs backup"))).to_contain_text("Completed")
    expect(recent.get_by_role("row", name=re.compile("Old share copy"))).to_contain_text("Failed")
    chart = page.get_by_role("region", name="Runs per day")
    expect(chart.get_by_role("application", name="Runs per day")).to_be_visible()
    expect(chart.locator(".recharts-bar-rectangle path").first).to_be_visible()


def test_sign_out_returns_to_sign_in(page: Page, base_url: str) -> None:
    page.goto("/login")
    sign_in(page)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.get_by_role("button", name="Account: admin").click()
    page.get_by_role("menuitem", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login\?reason=signed_out$"))
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    refreshed = page.context.request.post(f"{base_url}/api/v1/auth/refresh")
    assert refreshed.status == 401  # the sign-in is revoked on the server, not only forgotten
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login$"))


def test_wrong_password_shows_the_error(page: Page) -> None:
    page.goto("/login")
    sign_in(page, password="not the password")
    expect(page.get_by_role("alert")).to_have_text("Wrong user name or password.")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_label("Password")).to_be_focused()
    expect(page.get_by_label("Password")).to_have_value("")


def test_deep_link_signs_in_then_returns(page: Page) -> None:
    page.goto("/history")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fhistory$"))
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/history$"))
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.get_by_role("grid")).to_be_visible()  # the page itself, with its runs


def test_an_expired_access_token_is_refreshed_silently(page: Page, base_url: str) -> None:
    rejected: list[str] = []

    def expire_once(route: Route) -> None:
        if not rejected:
            rejected.append(route.request.headers.get("authorization", ""))
            route.fulfill(status=401, json={"detail": "invalid token"})
        else:
            route.continue_()

    sign_in_context(page, base_url)
    page.route("**/api/v1/stats?*", expire_once)
    with page.expect_request("**/api/v1/auth/refresh") as refresh:
        page.goto("/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(card(page, "Sessions")).to_contain_text("2")
    assert rejected and rejected[0].startswith("Bearer ")
    assert refresh.value.method == "POST"
    expect(page).to_have_url(re.compile(r"/$"))


def test_an_expired_sign_in_returns_to_sign_in_then_back(page: Page, base_url: str) -> None:
    sign_in_context(page, base_url)
    page.goto("/logs")  # a page that fetches nothing: the overview's first fetch meets the end
    expect(page.get_by_role("heading", name="Logs")).to_be_visible()
    # The sign-in ends on the server side: every refresh is refused from now on.
    page.route("**/api/v1/auth/refresh", lambda route: route.fulfill(status=401, json={"detail": "revoked"}))
    page.route("**/api/v1/stats?*", lambda route: route.fulfill(status=401, json={"detail": "invalid token"}))
    page.get_by_role("navigation", name="Pages").get_by_role("link", name=re.compile("^Overview")).click()
    expect(page).to_have_url(re.compile(r"/login\?reason=expired$"))
    expect(page.get_by_text("Your sign-in has expired.")).to_be_visible()
    # Closed tab, come back later to a deep link: the same message, and back to the link after signing in.
    page.goto("/logs")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Flogs&reason=expired$"))
    expect(page.get_by_text("Your sign-in has expired.")).to_be_visible()
    page.unroute_all()
    sign_in(page)
    expect(page).to_have_url(re.compile(r"/logs$"))
    expect(page.get_by_role("heading", name="Logs")).to_be_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_theme_follows_the_system_and_can_be_chosen(page: Page, base_url: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    page.goto("/login")
    html = page.locator("html")
    expect(html).to_have_class(re.compile(rf"\b{scheme}\b"))
    toggle = page.get_by_role("button", name=re.compile("^Theme: follows the system"))
    toggle.click()
    expect(html).to_have_class(re.compile(r"\blight\b"))
    page.get_by_role("button", name=re.compile("^Theme: light")).click()
    expect(html).to_have_class(re.compile(r"\bdark\b"))
    page.reload()  # the choice is kept
    expect(html).to_have_class(re.compile(r"\bdark\b"))
    expect(page.get_by_role("button", name=re.compile("^Theme: dark"))).to_be_visible()
