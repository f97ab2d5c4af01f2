"""Fixtures for the case system connector tests: one headless Chromium per module, a served case system."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from connectors.browser import launch_chromium
from connectors.case_system import CalculationRow, CaseSystemSession, ProposalDraft
from sandbox.case_system import CaseSystemDatabase, create_app, seed
from sandbox.faults import FaultSettings
from sandbox.scenario import CaseSeed, MemberSeed
from sandbox.server import ServedApp
from tests.case_system_fixtures import CHILD, USERS, make_identity
from tests.case_system_fixtures import make_case as shared_case

ADULT = MemberSeed("Dan Vuxsson", "2001-09-30", "vuxen")


def make_case(number: int, name: str = "Anna Testsson", **overrides: object) -> CaseSeed:
    """A shared test case with an adult child too, and öre in the previous month's rent."""
    overrides.setdefault("household", [CHILD, ADULT])
    return shared_case(number, name, rent=Decimal("6500.50"), **overrides)


CASES = [
    make_case(1),
    make_case(2, name="<script>alert('x')</script> Eriksson", household=[], previous=None),
    make_case(3, name="Eva Skyddad", protected_identity=True, status="closed", labour_market_plan=False),
]


def make_draft(reference: str = "ES-000123", **overrides: object) -> ProposalDraft:
    values: dict[str, object] = {
        "reference": reference,
        "period": "2021-12",
        "decision": "bevilja",
        "amount": 10320,
        "rows": [
            CalculationRow(kind="norm", code="riksnorm", label="Riksnorm hushåll", amount=Decimal("9870")),
            CalculationRow(kind="kostnad", code="boende", label="Hyra", amount=Decimal("6500.50")),
            CalculationRow(kind="kostnad", code="hushallsel", label="Hushållsel", amount=Decimal("300")),
            CalculationRow(kind="inkomst", code="lon", label="Lön", amount=Decimal("5000")),
            CalculationRow(kind="inkomst", code="barnbidrag", label="Barnbidrag", amount=Decimal("1250")),
        ],
        "note": "Förslag från robot.\nInkomster kontrollerade mot register.",
    }
    values.update(overrides)
    return ProposalDraft(**values)


@dataclass
class CaseSystem:
    """A served case system with its database, for one test."""

    app: FastAPI
    url: str
    db: CaseSystemDatabase

    def set_faults(self, **faults: object) -> None:
        self.app.state.faults = FaultSettings(**faults)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def case_system(tmp_path: Path) -> Iterator[CaseSystem]:
    db_path = tmp_path / "case_system.sqlite"
    seed(db_path, CASES)
    app = create_app(db_path, users=USERS)
    with ServedApp(app) as served:
        yield CaseSystem(app, served.url, CaseSystemDatabase(db_path))


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """``new_page()`` opens a page in a fresh browser context (its own cookies); all closed after the test."""
    contexts = []

    def factory() -> Page:
        context = browser.new_context()
        contexts.append(context)
        return context.new_page()

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def session(case_system: CaseSystem, new_page: Callable[[], Page]) -> CaseSystemSession:
    return CaseSystemSession(new_page(), case_system.url, "robot", USERS["robot"], timeout_ms=5000)


@pytest.fixture
def draft() -> Callable[..., ProposalDraft]:
    """``draft(reference="ES-000123", **overrides)``: a proposal to write."""
    return make_draft


@pytest.fixture
def identity() -> Callable[[str, int], str]:
    """``identity(birth, serial)``: a valid synthetic identity number."""
    return make_identity


@pytest.fixture
def cases() -> list[CaseSeed]:
    """The seeded cases: 0 ordinary, 1 with <script> in the name and no history, 2 protected and closed."""
    return CASES
