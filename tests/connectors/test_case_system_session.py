"""The case system connector against the served stand-in, in real headless Chromium."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect
from structlog.testing import capture_logs

from connectors.case_system import (
    CalculationRow,
    CaseNotFound,
    CaseSystemError,
    CaseSystemRefused,
    CaseSystemSession,
    LoginFailed,
    ProposalMismatch,
    capture_evidence,
)
from connectors.case_system.browsing import Browsing
from sandbox.case_system.db import STATUS_CONFIRMED, review_proposal
from sandbox.case_system.forms import Limits

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
    assert case.case_number == seeded.case_number and case.url == "/arende/1"
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
    assert [(h.month, h.decision, h.amount) for h in case.history] == [("2021-11", "bevilja", Decimal(15120))]
    assert case.proposals == [] and case.journal == [] and case.tasks == []
    assert (case.note_limit, case.task_limit) == (Limits().note, Limits().task)


def test_open_case_protected_closed_and_without_history(session, cases) -> None:
    session.login()
    protected = session.open_case(cases[2].identity_number)
    assert protected.protected_identity and protected.status == "closed" and not protected.labour_market_plan
    bare = session.open_case(cases[1].identity_number.replace("-", ""))
    assert bare.previous is None and bare.members == [] and bare.history == []


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
    saved = session.write_proposal(session.open_case(person), wanted)
    assert saved.differences(wanted) == [] and saved.status == "awaiting"
    found = session.find_proposal(person, "ES-000123")
    assert found is not None
    assert (found.amount, found.decision, found.period) == (10320, "bevilja", "2021-12")
    assert [r.amount for r in found.rows] == [r.amount for r in wanted.rows]
    assert found.note == wanted.note
    again = session.write_proposal(session.open_case(person), wanted)  # a retry never saves twice
    assert again == found
    [stored] = case_system.db.proposals(identity_number=person)
    assert stored["reference"] == "ES-000123" and stored["amount"] == Decimal(10320)
    assert [r["amount"] for r in stored["rows"]] == [r.amount for r in wanted.rows]
    assert stored["period"] == ("2021-12-01", "2021-12-31")
    assert stored["status_text"] == "Förslag – väntar på handläggare" and stored["created_by"] == "robot"


def test_the_case_lists_every_proposal_with_its_status_and_who_handled_it(
    session, case_system, cases, draft
) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_proposal(session.open_case(person), draft("ES-000001"))
    session.write_proposal(session.open_case(person), draft("ES-000002", period="2022-01"))
    [first, _second] = case_system.db.proposals()
    assert review_proposal(
        case_system.db.db_path, first["id"], STATUS_CONFIRMED, "handlaggare1", "2021-12-03 10:15:00"
    )
    case = session.open_case(person)
    assert [(p.reference, p.month, p.status, p.handled_by, p.handled_at) for p in case.proposals] == [
        ("ES-000001", "2021-12", "confirmed", "handlaggare1", "2021-12-03 10:15:00"),
        ("ES-000002", "2022-01", "awaiting", None, None),
    ]
    assert [p.reference for p in case.proposals_for("2021-12")] == ["ES-000001"]
    assert case.note("ES-000001") is None, "a proposal's own note is not a journal note of its own"


def test_different_proposal_under_same_reference_is_a_mismatch(session, case_system, cases, draft) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_proposal(session.open_case(person), draft())
    with pytest.raises(ProposalMismatch) as mismatch:
        session.write_proposal(session.open_case(person), draft(amount=999))
    assert any("amount" in d for d in mismatch.value.differences)
    assert len(case_system.db.proposals()) == 1


def test_too_many_rows_is_refused_before_saving(session, case_system, cases, draft) -> None:
    session.login()
    rows = [
        CalculationRow(kind="kostnad", code="ovrig_kostnad", label=f"Kostnad {i}", amount=1)
        for i in range(31)
    ]
    with pytest.raises(CaseSystemRefused, match="för hand") as refused:
        session.write_proposal(session.open_case(cases[0].identity_number), draft(rows=rows))
    assert "30" in refused.value.reason
    assert case_system.db.proposals() == []


def test_a_note_longer_than_the_form_takes_is_refused_before_saving(
    session, case_system, cases, draft
) -> None:
    session.login()
    with pytest.raises(CaseSystemRefused) as refused:
        session.write_proposal(session.open_case(cases[0].identity_number), draft(note="x" * 4001))
    assert "Journalanteckning" in refused.value.reason and "högst 4000" in refused.value.reason
    assert case_system.db.proposals() == []


def test_a_field_the_server_refuses_is_a_refusal_with_its_own_words(
    session, case_system, cases, draft
) -> None:
    session.login()
    rows = [CalculationRow(kind="norm", code="riksnorm", label="L" * 201, amount=Decimal(4000))]
    with pytest.raises(CaseSystemRefused) as refused:
        session.write_proposal(session.open_case(cases[0].identity_number), draft(rows=rows))
    assert refused.value.status_code == 422
    assert refused.value.reason == "Rad 1: benämningen är för lång (högst 200 tecken)."
    assert case_system.db.proposals() == []


def test_a_value_missing_from_a_list_is_a_refusal(session, case_system, cases, draft) -> None:
    session.login()
    odd = draft().model_copy(update={"decision": "delvis"})  # not a value the rules ever give
    with pytest.raises(CaseSystemRefused, match="delvis") as refused:
        session.write_proposal(session.open_case(cases[0].identity_number), odd)
    assert "Beslut" in refused.value.reason
    assert case_system.db.proposals() == []


def test_journal_note_and_task_round_trip_once(session, case_system, cases) -> None:
    session.login()
    person = cases[0].identity_number
    text = "Manuell handläggning: hyran överstiger taket.\n<b>Kontrollera</b> & ring sökande."
    assert session.find_journal_note(person, "ES-000200") is None
    after = session.write_manual(session.open_case(person), "ES-000200", text, "Hyran överstiger taket.")
    assert after.note("ES-000200") == text
    task = after.task("ES-000200")
    assert task is not None and (task.text, task.status) == ("Hyran överstiger taket.", "open")
    assert session.find_journal_note(person, "ES-000200") == text
    session.write_journal_note(person, "ES-000200", text, "Hyran överstiger taket.")  # a retry adds nothing
    [note] = case_system.db.journal_notes(reference="ES-000200")
    assert note["text"] == text and note["author"] == "robot"
    [stored] = case_system.db.tasks()
    assert (stored["reference"], stored["status"], stored["created_by"]) == ("ES-000200", "oppen", "robot")


def test_a_missing_task_is_added_without_a_second_note(session, case_system, cases) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_journal_note(person, "ES-000201", "Anteckning utan uppgift.")
    session.write_journal_note(person, "ES-000201", "Anteckning utan uppgift.", "Uppgift i efterhand.")
    assert len(case_system.db.journal_notes(reference="ES-000201")) == 1
    assert [t["text"] for t in case_system.db.tasks()] == ["Uppgift i efterhand."]


def test_a_journal_note_longer_than_the_page_takes_is_refused(session, case_system, cases) -> None:
    session.login()
    with pytest.raises(CaseSystemRefused, match="högst 4000"):
        session.write_journal_note(cases[0].identity_number, "ES-000202", "x" * 4001)
    assert case_system.db.journal_notes() == []


def test_script_in_names_and_text_stays_text(session, case_system, cases, draft) -> None:
    session.login()
    person = cases[1].identity_number
    case = session.open_case(person)
    assert case.applicant_name == cases[1].name
    evil = "<img src=x onerror=alert(1)>"
    rows = [CalculationRow(kind="norm", code="riksnorm", label=evil, amount=Decimal(4000))]
    saved = session.write_proposal(case, draft(rows=rows, note=f"<script>alert(2)</script>{evil}"))
    assert saved.rows[0].label == evil and saved.note.startswith("<script>")
    assert session.dismissed_dialogs == 0  # nothing executed
    assert case_system.db.proposals()[0]["rows"][0]["label"] == evil


def test_caseworker_confirms_and_robot_cannot(session, case_system, cases, draft, new_page) -> None:
    session.login()
    person = cases[0].identity_number
    session.write_proposal(session.open_case(person), draft())
    robot_page = session.page
    robot_page.goto(case_system.url + "/handlaggare")
    robot_page.locator("input[value='Fastställ']").first.click()
    expect(robot_page.locator("#felmsg")).to_contain_text("Behörighet saknas")
    assert case_system.db.proposals()[0]["status"] == "forslag"

    caseworker: Page = new_page()
    caseworker.goto(case_system.url + "/login")
    caseworker.fill("input[name=anv]", "handlaggare1")
    caseworker.fill("input[name=losen]", "hl1-pw")
    caseworker.click("input[name=btnLogin]")
    caseworker.goto(case_system.url + "/handlaggare")
    caseworker.locator("tr", has_text="ES-000123").locator("input[value='Fastställ']").click()
    expect(caseworker.locator("#klarmsg")).to_have_text("Förslaget är fastställt.")
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
        session.write_proposal(session.open_case(person), draft())
        session.write_journal_note(person, "ES-000123", "Anteckning", "Uppgift")
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


def test_a_click_on_something_the_page_lacks_fails_at_once_saying_the_page_may_have_changed(
    new_page: Callable[[], Page],
) -> None:
    page = new_page()
    page.set_content("<form><input type='button' name='btnAnnat' value='Annat'></form>")
    with pytest.raises(CaseSystemError, match='has no input\\[name="btnSpara"\\]; has the page changed'):
        Browsing._submit(page, 'input[name="btnSpara"]')
