"""Keeping the applicant informed: each step on the status page, e-mail only for news, a booking link for meetings."""

from __future__ import annotations

from typing import Any

from connectors.case_system.models import CaseView, HistoryEntry, ProposalEntry
from processes.forsorjningsstod.applicant import ApplicantContact
from processes.forsorjningsstod.duplicates import decided_in
from robot.process import Notice


class FakeStatus:
    def __init__(self) -> None:
        self.published: list[tuple[str, str, dict[str, Any]]] = []

    def publish(self, reference: str, step: str, **details: Any) -> None:
        self.published.append((reference, step, {k: v for k, v in details.items() if v is not None}))


class FakeMail:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str, str]] = []

    def send(self, to: str, reference: str, step: str) -> None:
        self.sent.append((to, reference, step))


class FakeBooking:
    def link(self, reference: str) -> str:
        return f"http://booking.invalid/boka/{reference}"


def contact() -> tuple[ApplicantContact, FakeStatus, FakeMail]:
    status, mail = FakeStatus(), FakeMail()
    return ApplicantContact(status=status, mail=mail, booking=FakeBooking()), status, mail  # type: ignore[arg-type]


def test_each_step_is_published_in_the_eservices_words() -> None:
    applicant, status, _ = contact()
    steps: list[tuple[str, dict[str, Any]]] = [
        ("received", {}),
        ("in_progress", {}),
        ("proposed", {"amount": 100}),
        ("manual", {"booking_url": "http://booking.invalid/boka/x"}),
        ("decided", {"outcome": "approved", "amount": 12684}),
    ]
    for step, details in steps:
        applicant.notify(Notice("ES-1", step, "eservice", {}, details))
    assert [(step, details) for _, step, details in status.published] == [
        ("mottagen", {}),
        ("under_behandling", {}),
        ("forslag_hos_handlaggare", {}),
        ("hos_handlaggare", {}),
        ("mote", {"booking_url": "http://booking.invalid/boka/x"}),
        ("beviljad", {"amount": 12684}),
    ]
    applicant.notify(Notice("ES-2", "decided", "eservice", {}, {"outcome": "rejected", "amount": 0}))
    assert status.published[-1][1] == "avslagen"


def test_mail_goes_only_to_an_applicant_who_gave_an_address() -> None:
    applicant, _, mail = contact()
    applicant.notify(Notice("ES-1", "decided", "mail", {"email": "a@example.org"}, {}))
    applicant.notify(Notice("ES-2", "decided", "mail", {}, {}))
    assert mail.sent == [("a@example.org", "ES-1", "decided")]


def test_a_meeting_is_offered_only_when_the_reasons_call_for_one() -> None:
    applicant, _, _ = contact()
    assert (
        applicant.meeting_link("ES-1", {"andring.hushall", "kostnad.ovrig"})
        == "http://booking.invalid/boka/ES-1"
    )
    assert applicant.meeting_link("ES-1", {"kostnad.ovrig"}) is None


def case(**changes: Any) -> CaseView:
    base = {
        "case_number": "1",
        "identity_number": "19850312-9802",
        "applicant_name": "A",
        "status": "open",
        "consecutive_months_on_support": 1,
        "jobbstimulans_months_used": 0,
        "labour_market_plan": True,
        "url": "/arende/1",
    }
    return CaseView(**(base | changes))


def test_a_confirmed_proposal_or_a_decision_in_the_history_is_the_caseworkers_decision() -> None:
    waiting = ProposalEntry(
        reference="ES-1", month="2021-12", decision="bevilja", amount=500, status="awaiting"
    )
    assert decided_in(case(proposals=[waiting]), "ES-1", "2021-12") is None
    confirmed = waiting.model_copy(
        update={"status": "confirmed", "handled_by": "handlaggare1", "handled_at": "2021-12-03 10:15:00"}
    )
    found = decided_in(case(proposals=[confirmed]), "ES-1", "2021-12")
    assert found is not None and (found.outcome, found.amount, found.by) == ("approved", 500, "handlaggare1")
    assert found.at is not None and found.at.hour == 9  # 10:15 Swedish winter time is 09:15 UTC
    rejected = waiting.model_copy(update={"status": "rejected"})
    assert decided_in(case(proposals=[rejected]), "ES-1", "2021-12") is None, (
        "a rejected proposal is not a decision"
    )
    history = [HistoryEntry(month="2021-12", decision="avsla", amount=0)]
    assert decided_in(case(history=history), "ES-9", "2021-12") is not None
