"""The case system connector against the served stand-in, in real headless Chromium."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page
from structlog.testing import capture_logs

from connectors.case_system import (
    CalculationRow,
    CaseNotFound,
    CaseSystemError,
    CaseSystemSession,
    LoginFailed,
    ProposalMismatch,
    capture_evidence,
)

pytestmark = pytest.mark.browser


def test_login_and_wrong_password(session, case_system, new_page) -> None:
    session.login()
    assert session.page.url.endswith("/sok")
    wrong = CaseSystemSession(new_page(), case_system.url, "robot", "not-the-password", timeout_ms=5000)
    with pytest.raises(LoginFailed) as refused:
        wrong.login()
    assert "not-the-password" not in str(refused.value)


def test_open_case_reads_case_and_previous_calculation(session, cases) -> None:
    session.login()
    seeded = cases[0]
    case = session.open_case(seeded.identity_number)
    assert case.case_number == seeded.case_number
    assert case.identity_number == seeded.identity_number and case.applicant_name == seeded.name
    assert case.co_applicant_identity_number == seeded.co_applicant_identity_number
    assert case.co_applicant_name == "Bo Testsson"
    assert [(m.name, m.birth_date, m.relation) for m in case.members] == [
        ("Cia Testsson", date(2016, 4, 2), "barn"),
        ("Dan Vuxsson", date(2001, 9, 30), "vuxen"),
    ]
    assert (case.status, case.protected_identity, case.labour_market_plan) == ("open", False, True)
    assert (case.consecutive_months_on_support, case.jobbstimulans_months_used) == (7, 2)
    assert case.previous is not None
    assert case.previous.month == "2021-11" and case.previous.decision == "bevilja"
    assert case.previous.amount == Decimal(15120)
    assert [(r.kind, r.code, r.label, r.amount) for r in case.previous.rows] == [
        (r.kind, r.code, r.label, r.amount) for r in seeded.previous.rows
    ]
    assert case.proposal_references == []


def test_open_case_protected_closed_and_without_history(session, cases) -> None:
    session.login()
    protected = session.open_case(cases[2].identity_number)
    assert protected.protected_identity and protected.status == "closed" and not protected.labour_market_plan
    bare = session.open_case(cases[1].identity_number.replace("-", ""))
    assert bare.previous is None and bare.members == []


def test_unknown_person_raises_case_not_found_without_the_number(session, identity) -> None:
    session.login()
    unknown = identity("19700101", 999)
    with pytest.raises(CaseNotFound) as missing:
        session.open_case(unknown)
    assert unknown not in str(missing.value) and "19700101-****" in str(missing.value)


def test_write_then_find_proposal_once(session, case_system, cases, draft) -> None:
    session.login()
    person = cases[0].identity_number
    assert session.find_proposal(person, "ES-000123") is None
    wanted = draft()
    saved = session.write_proposal(person, wanted)
    assert saved.differences(wanted) == [] and saved.status == "awaiting"
    found = session.find_proposal(person, "ES-000123")
    assert found is not None
    assert (found.amount, found.decision, found.period) == (10320, "bevilja", "2021-12")
    assert [r.amount for r in found.rows] == [r.amount for r in wanted.rows]
    assert found.note == wanted.note
    again = session.write_proposal(person, wanted)  # a retry never saves twice
    assert again == found
    [stored] = case_system.db.proposals(identity_number=person)
    assert stored["reference"] == "ES-000123" and stored["amount"] == Decimal(10320)
    assert [r["amount"] for r in stored["rows"]] == [r.amount for r in wanted.rows]
    assert stored["period"] == ("2021-12-01", "2021-12-31")
    assert stored["status_text"] == "Förslag – väntar på handläggare" and stored["created_by"] == "robot"


def test_different_proposal_under_same_reference_is_a_mismatch(session, case_system, cases, draft) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_proposal(person, draft())
    with pytest.raises(ProposalMismatch) as mismatch:
        session.write_proposal(person, draft(amount=999))
    assert any("amount" in d for d in mismatch.value.differences)
    assert len(case_system.db.proposals()) == 1


def test_too_many_rows_is_refused_before_saving(session, case_system, cases, draft) -> None:
    session.login()
    rows = [
        CalculationRow(kind="kostnad", code="ovrig_kostnad", label=f"Kostnad {i}", amount=1)
        for i in range(31)
    ]
    with pytest.raises(CaseSystemError, match="enter it by hand"):
        session.write_proposal(cases[0].identity_number, draft(rows=rows))
    assert case_system.db.proposals() == []


def test_journal_note_round_trip(session, case_system, cases) -> None:
    session.login()
    person = cases[0].identity_number
    text = "Manuell handläggning: hyran överstiger taket.\n<b>Kontrollera</b> & ring sökande."
    assert session.find_journal_note(person, "ES-000200") is None
    session.write_journal_note(person, "ES-000200", text)
    assert session.find_journal_note(person, "ES-000200") == text
    session.write_journal_note(person, "ES-000200", text)  # a retry adds no second note
    [note] = case_system.db.journal_notes(reference="ES-000200")
    assert note["text"] == text and note["author"] == "robot"


def test_script_in_names_and_text_stays_text(session, case_system, cases, draft) -> None:
    session.login()
    person = cases[1].identity_number
    assert session.open_case(person).applicant_name == cases[1].name
    evil = "<img src=x onerror=alert(1)>"
    rows = [CalculationRow(kind="norm", code="riksnorm", label=evil, amount=Decimal(4000))]
    saved = session.write_proposal(person, draft(rows=rows, note=f"<script>alert(2)</script>{evil}"))
    assert saved.rows[0].label == evil and saved.note.startswith("<script>")
    assert session.dismissed_dialogs == 0  # nothing executed
    assert case_system.db.proposals()[0]["rows"][0]["label"] == evil


def test_caseworker_confirms_and_robot_cannot(session, case_system, cases, draft, new_page) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_proposal(person, draft())
    robot_page = session.page
    robot_page.goto(case_system.url + "/handlaggare")
    robot_page.locator("input[value='Fastställ']").first.click()
    assert "Behörighet saknas" in robot_page.content()
    assert case_system.db.proposals()[0]["status"] == "forslag"

    caseworker: Page = new_page()
    caseworker.goto(case_system.url + "/login")
    caseworker.fill("input[name=anv]", "handlaggare1")
    caseworker.fill("input[name=losen]", "hl1-pw")
    caseworker.click("input[name=btnLogin]")
    caseworker.goto(case_system.url + "/handlaggare")
    caseworker.locator("tr", has_text="ES-000123").locator("input[value='Fastställ']").click()
    assert "Förslaget är fastställt" in caseworker.content()
    [stored] = case_system.db.proposals()
    assert (
        stored["status"] == "faststalld"
        and stored["confirmed_by"] == "handlaggare1"
        and stored["confirmed_at"]
    )
    found = session.find_proposal(person, "ES-000123")
    assert found is not None and found.status == "confirmed" and found.handled_by == "handlaggare1"


def test_logs_and_errors_mask_identity_numbers(session, cases, draft) -> None:
    person = cases[0].identity_number
    with capture_logs() as logs:
        session.login()
        session.write_proposal(person, draft())
        session.write_journal_note(person, "ES-000123", "Anteckning")
    text = repr(logs)
    assert person not in text and person[:8] + "-****" in text
    assert "robot-pw" not in text and "robot-pw" not in repr(session)


def test_capture_evidence_saves_screenshot_and_html(session, cases, tmp_path) -> None:
    session.login()
    session.open_case(cases[0].identity_number)
    files = capture_evidence(session.page, tmp_path / "evidence", "item-1")
    names = sorted(p.name for p in files)
    assert names == ["item-1-kalkylram.html", "item-1.html", "item-1.png"]
    assert (tmp_path / "evidence" / "item-1.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Aktnummer:" in (tmp_path / "evidence" / "item-1.html").read_text(encoding="utf-8")
    assert "formid" in (tmp_path / "evidence" / "item-1-kalkylram.html").read_text(encoding="utf-8")
