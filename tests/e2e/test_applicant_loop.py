"""The applicant and the caseworker in the loop, in real Chromium from the citizen form to the decision.

Two applicants fill in the e-service's citizen form. The robot's pass writes a proposal for the first
and hands the second to a caseworker. A caseworker confirms the proposal in the case system; the
next pass reads the decision back. The first applicant's "Följ ditt ärende" page then shows every
step and the decision with its amount, and the SMTP stand-in holds exactly one e-mail for them,
saying only that there is news; the second case is in the caseworkers' "Att göra" list with its
reasons, and its applicant can book a meeting when the reasons call for one.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, sync_playwright
from pydantic import SecretStr

from connectors.browser import launch_chromium
from robot.app.embedded import point_at
from robot.app.runtime import run_all_once
from robot.queue.db import make_engine
from robot.queue.store import WorkQueue
from robot.settings.secrets import SecretStore
from sandbox import case_system, income_register
from sandbox.runner import Sandbox
from sandbox.synthetic import generate
from tests.e2e.harness import PASSWORD, e2e_settings

pytestmark = [pytest.mark.browser, pytest.mark.slow]

SEED, COUNT, MONTH = 4242, 25, "2021-12"
EMAIL = "sokande.exempel@example.org"


def simple(application: Any) -> bool:
    """A single applicant without household members or other costs: easy to type into the form."""
    payload = application.payload
    return (
        isinstance(payload, dict)
        and payload.get("co_applicant") is None
        and not payload.get("household_members")
        and not payload["costs"].get("other")
        and len(payload.get("incomes", [])) <= 3
    )


def fill_citizen_form(page: Page, url: str, payload: dict[str, Any], email: str | None) -> str:
    """Type the application into the citizen form, send it, and return the reference on the receipt."""
    page.goto(url + "/")
    page.fill('input[name="name"]', payload["applicant"]["name"])
    page.fill('input[name="identity_number"]', payload["applicant"]["identity_number"])
    page.fill('input[name="month"]', payload["month"])
    for name, amount in payload["costs"].items():
        if name != "other" and amount:
            page.fill(f'input[name="{name}"]', str(amount))
    for index, income in enumerate(payload.get("incomes", [])):
        page.fill(f'input[name="income_{index}_person"]', "Sökande")
        page.select_option(f'select[name="income_{index}_type"]', income["type"])
        page.fill(f'input[name="income_{index}_amount"]', str(income["amount"]))
    if payload.get("has_changed"):
        page.check('input[name="has_changed"][value="ja"]')
        page.fill('textarea[name="change_description"]', payload.get("change_description") or "Ändring")
    if payload.get("has_assets"):
        page.check('input[name="has_assets"][value="ja"]')
    if email:
        page.fill('input[name="email"]', email)
    page.click('button[type="submit"]')
    reference = page.locator("#reference").inner_text().strip()
    assert reference.startswith("ES-")
    return reference


def robot_pass(settings: Any) -> list[Any]:
    """One pass of the robot in a thread of its own (Playwright's sync API wants one instance per thread;
    the test's own browser, the applicant's and the caseworker's, lives in this one)."""
    result: list[Any] = []
    worker = threading.Thread(target=lambda: result.extend(run_all_once(settings)))
    worker.start()
    worker.join(timeout=600)
    assert not worker.is_alive(), "the robot's pass did not end"
    return result


@pytest.fixture
def browser_page() -> Iterator[Page]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        yield page
        browser.close()


def test_from_the_citizen_form_to_the_decision_and_one_email(tmp_path: Path, browser_page: Page) -> None:
    scenario = generate(SEED, COUNT, MONTH)
    clear = next(
        a
        for a in scenario.applications
        if a.expected.outcome == "proposed" and a.expected.decision == "bevilja" and simple(a)
    )
    unclear = next(a for a in scenario.applications if a.expected.outcome == "manual" and simple(a))
    settings = e2e_settings(tmp_path)
    settings = settings.with_secrets(
        SecretStore(
            overrides={**settings.secrets.overrides, "mail_message_id_key": SecretStr("e2e-message-ids")}
        )
    )
    with Sandbox(settings.sandbox.data_dir, robot_password=PASSWORD) as sandbox:
        income_register.seed(sandbox.register_db, scenario.payments, scenario.gaps)
        case_system.seed(sandbox.case_system_db, scenario.cases)
        page = browser_page
        first = fill_citizen_form(page, sandbox.eservice_url, clear.payload, EMAIL)
        second = fill_citizen_form(page, sandbox.eservice_url, unclear.payload, "annan.sokande@example.org")
        pointed = point_at(settings, sandbox.urls)

        (pass_one,) = robot_pass(pointed)
        queue = WorkQueue(make_engine(settings.database.url), "forsorjningsstod")
        assert queue.get(first) is not None and queue.get(first).state == "proposed"  # type: ignore[union-attr]
        handed_over = queue.get(second)
        assert handed_over is not None and handed_over.state == "manual"

        # A caseworker confirms the robot's proposal in the case system.
        page.goto(sandbox.case_system_url + "/login")
        page.fill('input[name="anv"]', "handlaggare1")
        page.fill('input[name="losen"]', sandbox.users["handlaggare1"])
        page.click('input[name="btnLogin"]')
        page.goto(sandbox.case_system_url + "/handlaggare")
        page.locator("tr", has_text=first).locator('input[value="Fastställ"]').click()
        page.wait_for_selector("text=Förslaget är fastställt.")

        # ... and the second case is in the work list with its reasons.
        page.goto(sandbox.case_system_url + "/attgora")
        task = page.locator("tr[valign=top]", has_text=second).inner_text()
        assert handed_over.reasons[0][:40] in task

        (pass_two,) = robot_pass(pointed)
        assert pass_two.summary.counts["decided"] == 1
        decided = queue.get(first)
        assert decided is not None and decided.decided_outcome == "approved"
        assert decided.decided_by == "handlaggare1" and decided.decided_amount == decided.amount

        # The applicant follows the case: every step, and the decision with its amount.
        page.goto(sandbox.eservice_url + "/folj")
        page.fill('input[name="reference"]', first)
        page.fill('input[name="identity_number"]', clear.payload["applicant"]["identity_number"])
        page.click('button[type="submit"]')
        timeline = page.locator("#timeline").inner_text()
        for words in (
            "Ansökan är mottagen",
            "Ansökan behandlas",
            "Förslag till beslut är klart",
            "du får försörjningsstöd",
        ):
            assert words in timeline, timeline
        assert f"{decided.amount:,}".replace(",", " ") in timeline.replace("\xa0", " ")

        mails = [mail for mail in sandbox.mails() if EMAIL in mail.rcpt_tos]
        assert len(mails) == 1, [m.subject for m in mails]
        body = mails[0].text
        assert "/folj" in body
        identity = clear.payload["applicant"]["identity_number"]
        assert identity not in body and identity.replace("-", "") not in body
        assert str(decided.amount) not in body
        del pass_one
