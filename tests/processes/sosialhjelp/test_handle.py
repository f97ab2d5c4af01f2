"""The sosialhjelp process's handle(), reconcile, follow-up and status events through fake systems, no browser.

The soknader come from the inbox stand-in's generator; its independent oracle says what a correct
robot proposes, so the amounts here are not the rules checking themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from connectors.case_system import CaseNotFound
from connectors.case_system.models import CaseView, ProposalDraft, ProposalEntry, SavedProposal
from connectors.web_browser import RobotBrowser
from processes.sosialhjelp.factory import parameters_for
from processes.sosialhjelp.process import SosialhjelpProcess, intake_record
from robot.process import BusinessException, Notice, RelatedItem, WorkContext, WorkItemView
from sandbox.digisos.synthetic import DigisosApplication, generate

SCENARIO = generate(7, 60)


class FakeCaseSystem:
    """The case system as the process sees it: cases by identity number, proposals and notes by reference."""

    def __init__(self) -> None:
        self.cases: dict[str, CaseView] = {}
        self.saved: dict[str, SavedProposal] = {}
        self.manual: list[tuple[str, str, str | None]] = []

    def login(self) -> None: ...

    def logout(self) -> None: ...

    def add_case(self, identity: str, **changes: Any) -> None:
        base = {
            "case_number": f"2022-{len(self.cases):04d}",
            "identity_number": identity,
            "applicant_name": "Test",
            "status": "open",
            "consecutive_months_on_support": 0,
            "jobbstimulans_months_used": 0,
            "labour_market_plan": True,
            "url": f"/arende/{len(self.cases)}",
            "note_limit": 4000,
            "task_limit": 1000,
        }
        self.cases[identity] = CaseView(**(base | changes))

    def open_case(self, identity_number: str) -> CaseView:
        if identity_number not in self.cases:
            raise CaseNotFound("no case")
        return self.cases[identity_number]

    def read_proposal(self, link: str) -> SavedProposal:
        return self.saved[link]

    def write_proposal(self, case: CaseView, draft: ProposalDraft) -> SavedProposal:
        saved = SavedProposal(status="awaiting", case_number=case.case_number, **draft.model_dump())
        self.saved[draft.reference] = saved
        entry = ProposalEntry(
            reference=draft.reference,
            month=draft.period,
            decision=draft.decision,
            amount=draft.amount,
            status="awaiting",
            link=draft.reference,
        )
        self.cases[case.identity_number] = case.model_copy(update={"proposals": [*case.proposals, entry]})
        return saved

    def write_manual(self, case: CaseView, reference: str, note: str, task: str | None = None) -> CaseView:
        self.manual.append((reference, note, task))
        return case


class FakeInbox:
    def __init__(self) -> None:
        self.published: list[tuple[str, list[Any]]] = []

    def publish_missing(self, reference: str, events: list[Any]) -> None:
        self.published.append((reference, events))


def make(cases: FakeCaseSystem, inbox: FakeInbox | None = None) -> SosialhjelpProcess:
    def factory(page: Page, login_page: Callable[[], AbstractContextManager[Page]]) -> FakeCaseSystem:
        return cases

    process = SosialhjelpProcess(
        inbox=inbox or FakeInbox(),  # type: ignore[arg-type]
        browser=RobotBrowser(),
        case_system_url="http://case.invalid",
        username="robot",
        password="x",
        timeout_ms=1000,
        parameters=parameters_for(True),
        session_factory=factory,
    )
    process.open_session(None, None)  # type: ignore[arg-type]
    return process


def view(application: DigisosApplication, related: tuple[RelatedItem, ...] = ()) -> WorkItemView:
    record = intake_record(application.fiks_digisos_id, application.submitted_at, application.payload)
    assert record.errors == [], record.errors
    return WorkItemView(
        1, "sosialhjelp", record.reference, record.payload, 1, record.subject, record.period, related
    )


def context(tmp_path: Path) -> WorkContext:
    return WorkContext(run_id="t", attempt=1, evidence_dir=tmp_path, heartbeat=lambda: None)


def clear_ones() -> list[DigisosApplication]:
    found = [a for a in SCENARIO.applications if a.expected.outcome == "proposed"]
    assert len(found) >= 5
    return found


def with_case(application: DigisosApplication) -> tuple[FakeCaseSystem, WorkItemView]:
    cases = FakeCaseSystem()
    item = view(application)
    assert item.subject is not None
    cases.add_case(item.subject)
    return cases, item


def test_clear_soknader_are_proposed_with_the_oracles_amount(tmp_path: Path) -> None:
    for application in clear_ones():
        cases, item = with_case(application)
        result = make(cases).handle(item, context(tmp_path))
        assert result.state == "proposed", application.expected.why
        expected = application.expected.amount if application.expected.decision == "innvilge" else 0
        assert result.amount == expected, application.expected.why
        assert cases.saved[item.reference].amount == expected
        assert item.reference in cases.saved[item.reference].note


def test_a_proposal_for_the_month_already_there_sends_it_to_a_caseworker(tmp_path: Path) -> None:
    cases, item = with_case(clear_ones()[0])
    assert item.subject is not None and item.period is not None
    confirmed = ProposalEntry(
        reference="OTHER-1",
        month=item.period,
        decision="bevilja",
        amount=900,
        status="confirmed",
        handled_by="saksbehandler1",
    )
    cases.cases[item.subject] = cases.cases[item.subject].model_copy(update={"proposals": [confirmed]})
    result = make(cases).handle(item, context(tmp_path))
    assert result.state == "manual" and "OTHER-1" in result.reasons[0] and "vedtatt" in result.reasons[0]
    assert cases.saved == {} and cases.manual[0][0] == item.reference


def test_an_earlier_application_for_the_same_month_sends_it_to_a_caseworker(tmp_path: Path) -> None:
    cases, _ = with_case(clear_ones()[1])
    earlier = (RelatedItem(reference="EARLIER-1", state="proposed", received_at="2022-01-01T00:00:00"),)
    result = make(cases).handle(view(clear_ones()[1], earlier), context(tmp_path))
    assert result.state == "manual" and any("EARLIER-1" in reason for reason in result.reasons)


def test_no_case_is_a_business_outcome(tmp_path: Path) -> None:
    with pytest.raises(BusinessException) as raised:
        make(FakeCaseSystem()).handle(view(clear_ones()[0]), context(tmp_path))
    assert "ingen sak" in raised.value.reasons[0]


def test_reconcile_and_follow_up(tmp_path: Path) -> None:
    cases, item = with_case(clear_ones()[2])
    process = make(cases)
    assert process.reconcile(item, context(tmp_path)) is None
    process.handle(item, context(tmp_path))
    found = process.reconcile(item, context(tmp_path))
    assert found is not None and found.state == "proposed"
    assert process.follow_up(item) is None  # still waiting for a caseworker
    assert item.subject is not None
    case = cases.cases[item.subject]
    decided = [
        p.model_copy(
            update={
                "status": "confirmed",
                "handled_by": "saksbehandler1",
                "handled_at": "2022-03-02 10:00:00",
            }
        )
        for p in case.proposals
    ]
    cases.cases[item.subject] = case.model_copy(update={"proposals": decided})
    outcome = process.follow_up(item)
    assert outcome is not None and outcome.by == "saksbehandler1"
    assert outcome.outcome == ("approved" if decided[0].decision == "bevilja" else "rejected")


def test_each_step_becomes_digisos_events(tmp_path: Path) -> None:
    inbox = FakeInbox()
    process = make(FakeCaseSystem(), inbox)
    item = view(clear_ones()[0])
    steps = ["received", "in_progress", "proposed", "decided"]
    for step in steps:
        process.notify(
            Notice(item.reference, step, "digisos", item.payload, {"outcome": "approved", "amount": 1})
        )
    kinds = [[type(event).__name__ for event in events] for _, events in inbox.published]
    assert kinds == [["SoknadsStatus"], ["SoknadsStatus"], ["SaksStatus"], ["VedtakFattet", "SoknadsStatus"]]
    assert inbox.published[-1][1][1].status == "FERDIGBEHANDLET"


def test_invalid_soknader_are_quarantined_in_norwegian() -> None:
    bad = next(a for a in SCENARIO.applications if a.expected.outcome == "quarantined")
    record = intake_record(bad.fiks_digisos_id, bad.submitted_at, bad.payload)
    assert record.errors and record.subject is None


def test_the_scenario_covers_every_outcome() -> None:
    outcomes = {a.expected.outcome for a in itertools.islice(SCENARIO.applications, 60)}
    assert outcomes == {"proposed", "manual", "quarantined"}
