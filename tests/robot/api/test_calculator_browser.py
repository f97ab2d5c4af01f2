"""The public calculator in real Chromium: used with the keyboard only, and checked with axe-core.

No serious or critical axe violation is allowed on the empty form, the answer, or the error page.
Every wait is for a state on the page, never for a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from connectors.browser import launch_chromium
from robot.api import BackgroundApi
from robot.settings import Settings

pytestmark = pytest.mark.browser
BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def api(settings: Settings) -> Iterator[BackgroundApi]:
    with BackgroundApi(settings) as served:
        yield served


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def tab_to(page: Page, element_id: str, limit: int = 120) -> None:
    """Press Tab until the element with ``element_id`` has the focus (fails after ``limit`` presses)."""
    for _ in range(limit):
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} was not reached with the Tab key")


def test_the_empty_form_has_no_serious_accessibility_problems(api: BackgroundApi, page: Page) -> None:
    page.goto(api.url + "/forsorjningsstod/kalkylator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kan jag få försörjningsstöd?")
    assert blocking_violations(page) == []
    for label in ("Ålder i år, barn 1", "Hushållsel", "Belopp, inkomst 1", "Ja, med min sambo"):
        expect(page.get_by_label(label, exact=True)).to_have_count(1)


def test_a_citizen_can_do_it_all_with_the_keyboard(api: BackgroundApi, page: Page) -> None:
    page.goto(api.url + "/kalkylator")
    expect(page.locator("#month")).to_have_value(dt.date.today().strftime("%Y-%m"))  # today's month
    # A month whose amounts are all known (the native month picker's own keys are the browser's business).
    page.locator("#month").fill("2021-12")
    page.keyboard.press("Tab")
    tab_to(page, "cohab_none")
    page.keyboard.press("ArrowDown")  # radio group: the arrow moves to "sambo" and chooses it
    assert page.evaluate("document.activeElement.id") == "cohab_sambo"
    tab_to(page, "child_0_age")
    page.keyboard.type("4")
    tab_to(page, "child_0_lunch")
    page.keyboard.press("Space")
    tab_to(page, "rent")
    page.keyboard.type("7 200")
    tab_to(page, "income_0_type")
    page.keyboard.press("ArrowDown")  # the first type after "Välj": Lön
    tab_to(page, "income_0_amount")
    page.keyboard.type("6 582")
    button = page.get_by_role("button", name="Räkna")
    for _ in range(120):
        if page.evaluate("document.activeElement.tagName") == "BUTTON":
            break
        page.keyboard.press("Tab")
    expect(button).to_be_focused()
    page.keyboard.press("Enter")
    result = page.locator("#utfall")
    expect(result).to_contain_text("Preliminärt: du kan ha rätt till cirka")
    expect(page.locator("#svar")).to_contain_text("Riksnorm, sambor/makar")
    expect(page.locator("#svar")).to_contain_text("lunch i förskolan (Barn 1)")
    expect(page.get_by_label("Ålder i år, barn 1", exact=True)).to_have_value(
        "4"
    )  # the form keeps what was typed
    assert blocking_violations(page) == []


def test_a_month_without_its_amounts_says_so_in_a_sentence(api: BackgroundApi, page: Page) -> None:
    page.goto(api.url + "/kalkylator")
    page.locator("#month").fill("2026-12")
    page.get_by_label("Ja, med min sambo", exact=True).check()
    page.get_by_role("button", name="Räkna").click()
    expect(page.locator("#utfall")).to_have_text("Vi kan inte räkna ut något för december 2026.")
    expect(page.locator("#belopp-saknas")).to_contain_text(
        "Beräkningen har inte alla belopp som behövs för december 2026 (Riksnorm (sambor) för 2026 saknas"
    )
    expect(page.locator("#belopp-saknas")).to_contain_text("då räknar en handläggare på din ansökan.")
    assert blocking_violations(page) == []


def test_the_error_page_has_no_serious_accessibility_problems(api: BackgroundApi, page: Page) -> None:
    page.goto(api.url + "/kalkylator")
    page.get_by_label("Ålder i år, barn 1", exact=True).fill("femton")
    page.get_by_role("button", name="Räkna").click()
    expect(page.get_by_role("alert")).to_contain_text("Skriv åldern för barn 1 i hela år")
    assert blocking_violations(page) == []
