"""``ForsorjningsstodProcess.handle()`` with fake systems: no browser, no server, a second per run.

Copy this file when you add a process. The pattern: fake each system the process talks to (here the
e-service, the income register and the case-system session, given to the process through its
``session_factory``), start the process as the engine does, hand it a work item, and check both the
``ItemResult`` and what was written into the fake case system.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from connectors.case_system import (
    CaseSystemRefused,
    CaseView,
    HistoryEntry,
    ProposalDraft,
    ProposalEntry,
    SavedProposal,
)
from connectors.case_system.models import JournalEntry
from connectors.income_register import RegisterAnswer, read_answer
from processes.forsorjningsstod.params import parameters_for
from processes.forsorjningsstod.process import ForsorjningsstodProcess
from robot.process import BusinessException, ItemResult, RelatedItem, WorkContext, WorkItemView

PROJECT = Path(__file__).resolve().parents[3]
EXAMPLE = json.loads((PROJECT / "examples/calculate/family.json").read_text("utf-8"))  # bevilja 12 684 kr
MONTH, REFERENCE = "2021-12", EXAMPLE["application"]["reference"]


# --- fakes ------------------------------------------------------------------------------------------
class FakeBrowser:
    """Stands in for connectors.web_browser.RobotBrowser: nothing is started."""

    description = "no browser (a stand-in)"

    def start(self) -> object:
        return object()  # the "page" the session factory receives

    @contextmanager
    def login_page(self) -> Iterator[None]:
        yield None

    def begin_item(self, attempt: int) -> None:
        return None

    def capture(self, directory: Path) -> list[Path]:
        return []

    def stop(self) -> None:
        return None


class FakeRegister:
    def __init__(self) -> None:
        self.cases: list[str] = []  # the case each question was asked for

    def fetch(self, identity_number: str, first: str, last: str, case: str) -> RegisterAnswer:
        self.cases.append(case)
        person = (
            "applicant"
            if identity_number == EXAMPLE["application"]["applicant"]["identity_number"]
            else "co_applicant"
        )
        return read_answer(EXAMPLE["register"][person], first, last)


@dataclass
class FakeCaseSystem:
    """The case system as the process sees it: one case, and a record of every write."""

    case: CaseView
    refuse_proposal: str | None = None  # the case system's words when it refuses the proposal form
    refuse_notes: str | None = None
    refuse_tasks: str | None = None
    saved: dict[str, SavedProposal] = field(default_factory=dict)  # by link
    notes: list[tuple[str, str, str | None]] = field(default_factory=list)  # reference, note, task

    def login(self) -> None: ...

    def logout(self) -> None: ...

    def open_case(self, identity_number: str) -> CaseView:
        return self.case

    def read_proposal(self, link: str) -> SavedProposal:
        return self.saved[link]

    def write_proposal(self, case: CaseView, draft: ProposalDraft) -> SavedProposal:
        if self.refuse_proposal:
            raise CaseSystemRefused("refused", self.refuse_proposal, 422)
        saved = SavedProposal(case_number=case.case_number, status="awaiting", **draft.model_dump())
        self.saved[f"/forslag/{len(self.saved) + 1}"] = saved
        return saved

    def write_manual(self, case: CaseView, reference: str, note: str, task: str | None = None) -> CaseView:
        if self.refuse_notes or (task is not None and self.refuse_tasks):
            raise CaseSystemRefused("refused", self.refuse_notes or self.refuse_tasks or "", 422)
        assert case.note_limit is None or len(note) <= case.note_limit, "a note must always fit"
        self.notes.append((reference, note, task))
        return case


def case_view(**changes: Any) -> CaseView:
    return CaseView(
        **{**EXAMPLE["case"], "url": "/arende/1", "note_limit": 4000, "task_limit": 500, **changes}
    )


def proposal_entry(reference: str, status: str = "awaiting", **changes: Any) -> ProposalEntry:
    values: dict[str, Any] = {
        "reference": reference,
        "month": MONTH,
        "decision": "bevilja",
        "amount": 12684,
        "status": status,
        "created_at": "2021-12-01 08:00:00",
        "created_by": "robot",
        "link": "/forslag/1",
    }
    return ProposalEntry(**{**values, **changes})


def item(payload: dict[str, Any] | None = None, related: tuple[RelatedItem, ...] = ()) -> WorkItemView:
    payload = payload or copy.deepcopy(EXAMPLE["application"])
    return WorkItemView(
        id=1,
        process="forsorjningsstod",
        reference=payload["reference"],
        payload=payload,
        attempts=1,
        subject=payload["applicant"]["identity_number"],
        period=payload["month"],
        related=related,
    )


@pytest.fixture
def ctx(tmp_path: Path) -> WorkContext:
    return WorkContext(run_id="test", attempt=1, evidence_dir=tmp_path, heartbeat=lambda: None)


def started(cases: FakeCaseSystem) -> ForsorjningsstodProcess:
    """The process as the engine starts it, with fake systems in place of the real ones."""
    process = ForsorjningsstodProcess(
        eservice=None,  # type: ignore[arg-type]  # intake is not exercised here
        form="forsorjningsstod",
        register=FakeRegister(),  # type: ignore[arg-type]
        browser=FakeBrowser(),  # type: ignore[arg-type]
        case_system_url="http://case-system.invalid",
        username="robot",
        password="not-used",
        timeout_ms=1000,
        parameters=parameters_for(
            PROJECT / "config/municipalities/exempelkommun.yaml", allow_unverified=True
        ),
        session_factory=lambda page, login_page: cases,
    )
    process.start()
    return process


# --- proposed ---------------------------------------------------------------------------------------
def test_a_clear_application_is_proposed_and_read_back(ctx: WorkContext) -> None:
    cases = FakeCaseSystem(case_view())
    process = started(cases)
    result = process.handle(item(), ctx)
    assert (result.state, result.amount) == ("proposed", 12684)
    register: FakeRegister = process.register  # type: ignore[assignment]
    assert register.cases == [cases.case.case_number] * 2  # each adult asked about, for the case
    [saved] = cases.saved.values()
    assert (saved.reference, saved.period, saved.decision, saved.amount) == (
        REFERENCE,
        MONTH,
        "bevilja",
        12684,
    )
    assert cases.notes == []


def test_the_items_own_earlier_save_is_read_back_not_written_again(ctx: WorkContext) -> None:
    first = FakeCaseSystem(case_view())
    started(first).handle(item(), ctx)
    again = FakeCaseSystem(case_view(proposals=[proposal_entry(REFERENCE)]), saved=dict(first.saved))
    result = started(again).handle(item(), ctx)
    assert result.state == "proposed" and len(again.saved) == 1 and again.notes == []


# --- manual -----------------------------------------------------------------------------------------
def test_an_unclear_application_gets_one_note_and_task_with_the_amount_as_support(ctx: WorkContext) -> None:
    payload = copy.deepcopy(EXAMPLE["application"])
    payload["has_assets"] = True
    cases = FakeCaseSystem(case_view())
    result = started(cases).handle(item(payload), ctx)
    assert result.state == "manual" and cases.saved == {}
    [(reference, note, task)] = cases.notes
    assert reference == REFERENCE and "Beräknat belopp (till handläggarens stöd): 12 684 kr" in note
    assert task is not None and "tillgångar" in task.lower()
    assert result.decision["supporting_amount"] == 12684


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        (
            proposal_entry(
                "ES-000123", "confirmed", handled_by="handlaggare1", handled_at="2021-12-03 10:15:00"
            ),
            "Det finns redan ett förslag/beslut för 2021-12 (ES-000123, fastställt av handlaggare1 den 2021-12-03)",
        ),
        (
            proposal_entry(
                "ES-000123", "rejected", handled_by="handlaggare2", handled_at="2021-12-04 09:00:00"
            ),
            "(ES-000123, förslaget avslaget av handlaggare2 den 2021-12-04)",
        ),
        (
            proposal_entry("ES-000123"),
            "(ES-000123, förslag som väntar på handläggare, skapat 2021-12-01 av robot)",
        ),
    ],
)
def test_a_month_with_a_proposal_under_another_reference_goes_to_a_caseworker(
    ctx: WorkContext, entry: ProposalEntry, words: str
) -> None:
    cases = FakeCaseSystem(case_view(proposals=[entry]))
    result = started(cases).handle(item(), ctx)
    assert result.state == "manual" and cases.saved == {}
    assert any(words in reason for reason in result.reasons), result.reasons
    [(_reference, note, _task)] = cases.notes
    assert "ES-000123" in note


def test_a_decision_in_the_history_for_the_month_goes_to_a_caseworker(ctx: WorkContext) -> None:
    decided = HistoryEntry(month=MONTH, decision="bevilja", amount=12000)
    result = started(FakeCaseSystem(case_view(history=[decided]))).handle(item(), ctx)
    assert result.state == "manual"
    assert result.reasons == [
        "Det finns redan ett beslut för 2021-12 i aktens beräkningshistorik (bevilja 12 000 kr)."
    ]


def test_an_earlier_application_for_the_same_month_goes_to_a_caseworker(ctx: WorkContext) -> None:
    earlier = (
        RelatedItem("ES-000124", "proposed", "2021-11-25T09:00:00"),
        RelatedItem("ES-000125", "quarantined", "2021-11-25T09:05:00"),  # invalid input: ignored
    )
    cases = FakeCaseSystem(case_view())
    result = started(cases).handle(item(related=earlier), ctx)
    assert result.state == "manual" and cases.saved == {}
    assert result.reasons == ["Ansökan ES-000124 för samma månad har redan tagits emot (förslag skrivet)."]
    only_quarantined = started(FakeCaseSystem(case_view())).handle(item(related=earlier[1:]), ctx)
    assert only_quarantined.state == "proposed"


def test_a_note_longer_than_the_case_system_takes_is_shortened_keeping_every_reason(ctx: WorkContext) -> None:
    payload = copy.deepcopy(EXAMPLE["application"])
    payload["costs"]["other"] = [
        {"description": f"Kostnad {n} " + "x" * 150, "amount": 100 + n} for n in range(20)
    ]
    cases = FakeCaseSystem(case_view(note_limit=2000))
    result = started(cases).handle(item(payload), ctx)
    [(_reference, note, task)] = cases.notes
    assert len(note) <= 2000 and "Kostnad 19" in note and "rapport" in note
    assert task is not None and len(task) <= 500
    assert len(result.decision["note"]) > 2000, "the full explanation stays on the work item"


# --- a refusal is a business outcome ------------------------------------------------------------------
def test_a_refused_proposal_ends_manual_with_the_case_systems_words(ctx: WorkContext) -> None:
    cases = FakeCaseSystem(case_view(), refuse_proposal="Rad 1: benämningen är för lång (högst 200 tecken).")
    result = started(cases).handle(item(), ctx)
    assert result.state == "manual" and result.decision["supporting_amount"] == 12684
    assert "Rad 1: benämningen är för lång (högst 200 tecken)." in result.reasons[0]
    assert len(cases.notes) == 1


def test_a_refused_note_is_a_business_exception_and_recording_it_never_fails(ctx: WorkContext) -> None:
    payload = copy.deepcopy(EXAMPLE["application"])
    payload["has_assets"] = True
    cases = FakeCaseSystem(case_view(), refuse_notes="Anteckningen är för lång (högst 4000 tecken).")
    process = started(cases)
    with pytest.raises(BusinessException) as business:
        process.handle(item(payload), ctx)
    assert "Anteckningen är för lång" in business.value.reasons[0]
    process.record_manual(item(payload), business.value.reasons, ctx)  # refused again: logged, not raised
    assert cases.notes == []


def test_when_the_task_is_refused_a_short_note_still_reaches_the_caseworker(ctx: WorkContext) -> None:
    payload = copy.deepcopy(EXAMPLE["application"])
    payload["has_assets"] = True
    cases = FakeCaseSystem(case_view(), refuse_tasks="Uppgiften kunde inte skapas.")
    process = started(cases)
    with pytest.raises(BusinessException) as business:
        process.handle(item(payload), ctx)
    process.record_manual(item(payload), business.value.reasons, ctx)
    [(reference, note, task)] = cases.notes
    assert reference == REFERENCE and task is None and "robotens rapport" in note


# --- reconcile ----------------------------------------------------------------------------------------
def test_reconcile_finds_the_saved_proposal_or_note(ctx: WorkContext) -> None:
    assert started(FakeCaseSystem(case_view())).reconcile(item(), ctx) is None
    first = FakeCaseSystem(case_view())
    started(first).handle(item(), ctx)
    saved = FakeCaseSystem(case_view(proposals=[proposal_entry(REFERENCE)]), saved=dict(first.saved))
    found = started(saved).reconcile(item(), ctx)
    assert isinstance(found, ItemResult) and (found.state, found.amount) == ("proposed", 12684)
    note = JournalEntry(reference=REFERENCE, text="Ansökan …:\n  - Sökanden har tillgångar.")
    manual = started(FakeCaseSystem(case_view(journal=[note]))).reconcile(item(), ctx)
    assert manual is not None and (manual.state, manual.reasons) == ("manual", ["Sökanden har tillgångar."])
