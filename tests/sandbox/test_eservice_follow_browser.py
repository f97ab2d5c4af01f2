"""'Följ ditt ärende' and the booking page in real Chromium: keyboard only, and axe-core without serious problems.

The applicant logs in, reads the timeline, follows the booking link and books a time, all with the
keyboard. Every wait is for a state on the page, never for a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from connectors.browser import launch_chromium
from sandbox import booking, eservice
from sandbox.server import ServedApp

pytestmark = pytest.mark.browser
IDENTITY = "19850312-2395"
REFERENCE = "ES-FB-0001"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()


@pytest.fixture
def systems(tmp_path: Path) -> Iterator[tuple[str, str]]:
    db = tmp_path / "eservice.sqlite"
    eservice.seed(db, [{"reference": REFERENCE, "applicant": {"identity_number": IDENTITY}}])
    with (
        ServedApp(eservice.create_app(db)) as eservice_app,
        ServedApp(
            booking.create_app(tmp_path / "booking.sqlite", first_day=dt.date(2021, 12, 6), days=1)
        ) as booking_app,
    ):
        yield eservice_app.url, booking_app.url


def blocking(page: Page) -> list[dict[str, Any]]:
    violations = Axe().run(page).response["violations"]
    return [
        {"id": v["id"], "impact": v["impact"]} for v in violations if v["impact"] in ("serious", "critical")
    ]


def test_log_in_read_the_timeline_and_book_with_the_keyboard(systems: tuple[str, str], page: Page) -> None:
    eservice_url, booking_url = systems
    link = httpx.post(booking_url + "/api/links", json={"reference": REFERENCE}).json()["url"]
    for body in (
        {"step": "mottagen"},
        {"step": "hos_handlaggare"},
        {"step": "mote", "details": {"booking_url": link}},
    ):
        httpx.post(f"{eservice_url}/api/applications/{REFERENCE}/events", json=body).raise_for_status()

    page.goto(eservice_url + "/folj")
    expect(page.get_by_role("heading", level=1)).to_have_text("Följ ditt ärende")
    assert blocking(page) == []
    page.keyboard.press("Tab")
    expect(page.get_by_label("Referensnummer")).to_be_focused()
    page.keyboard.type(REFERENCE)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Personnummer")).to_be_focused()
    page.keyboard.type(IDENTITY.replace("-", "1"))  # a wrong number first
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Vi hittar ingen ansökan")
    assert blocking(page) == []
    page.get_by_label("Personnummer").focus()
    page.keyboard.type(IDENTITY)
    page.keyboard.press("Enter")
    expect(page.locator("#current")).to_contain_text("Vi vill träffa dig")
    expect(page.locator("#timeline > li")).to_have_count(4)
    assert blocking(page) == []

    page.locator("#booking_link").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Boka en tid för möte")
    assert blocking(page) == []
    page.keyboard.press("Tab")
    expect(page.locator("#time_1")).to_be_focused()
    page.keyboard.press("ArrowDown")  # the second time, chosen by the arrow key
    expect(page.locator("#time_2")).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Boka tiden")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#booked")).to_have_text("måndag 6 december 2021 kl. 10.30–11.15")
    assert blocking(page) == []
    booked = httpx.get(f"{booking_url}/api/links/{REFERENCE}").json()["booked"]
    assert booked == {"starts_at": "2021-12-06T10:30", "minutes": 45}


def test_the_decision_page_has_no_serious_accessibility_problems(
    systems: tuple[str, str], page: Page
) -> None:
    eservice_url, _ = systems
    body = {"step": "beviljad", "details": {"amount": 12684}}
    httpx.post(f"{eservice_url}/api/applications/{REFERENCE}/events", json=body).raise_for_status()
    page.goto(eservice_url + "/folj")
    page.get_by_label("Referensnummer").fill(REFERENCE)
    page.get_by_label("Personnummer").fill(IDENTITY)
    page.get_by_role("button", name="Logga in").click()
    expect(page.locator("#decision")).to_have_text("Du får försörjningsstöd med 12\u00a0684\u00a0kr.")
    assert blocking(page) == []
    page.get_by_role("button", name="Logga ut").click()
    expect(page.get_by_label("Referensnummer")).to_be_visible()
