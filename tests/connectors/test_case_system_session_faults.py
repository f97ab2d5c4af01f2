"""The case system connector under injected faults, in real headless Chromium."""

from __future__ import annotations

import pytest
from playwright.sync_api import Route

from connectors.case_system import CaseSystemSession, CaseSystemUnavailable
from sandbox.case_system import create_app, seed
from sandbox.faults import FaultSettings
from sandbox.server import ServedApp
from tests.case_system_fixtures import USERS

pytestmark = pytest.mark.browser


def test_session_expired_at_save_logs_in_again_and_saves_once(session, case_system, cases, draft) -> None:
    session.login()
    expired: list[str] = []

    def expire_then_continue(route: Route) -> None:
        if route.request.method == "POST" and not expired:
            case_system.app.state.sessions.expire_all()  # the session ends exactly when the robot saves
            expired.append(route.request.url)
        route.continue_()

    session.page.route("**/arende/*/kalkyl", expire_then_continue)
    saved = session.write_proposal(session.open_case(cases[0].identity_number), draft())
    assert expired and session.relogins == 1
    assert saved.reference == "ES-000123"
    assert len(case_system.db.proposals()) == 1


def test_session_expiry_fault_is_handled_transparently(tmp_path, cases, new_page) -> None:
    now = [1000.0]  # the case system's clock, moved by the test instead of waiting
    db_path = tmp_path / "clocked.sqlite"
    seed(db_path, cases)
    app = create_app(db_path, FaultSettings(session_expiry_seconds=60), users=USERS, clock=lambda: now[0])
    with ServedApp(app) as served:
        session = CaseSystemSession(new_page(), served.url, "robot", USERS["robot"], timeout_ms=5000)
        session.login()
        now[0] += 61  # the session is over a minute old: the next page is the login page
        assert session.open_case(cases[0].identity_number).case_number == cases[0].case_number
        assert session.relogins == 1


def test_unexpected_dialogs_are_dismissed(session, case_system, cases, draft) -> None:
    case_system.set_faults(dialog_rate=1.0)
    session.login()
    saved = session.write_proposal(session.open_case(cases[0].identity_number), draft())
    assert saved.amount == 10320
    assert session.dismissed_dialogs >= 5
    assert len(case_system.db.proposals()) == 1


def test_maintenance_page_raises_unavailable(session, case_system, cases) -> None:
    case_system.set_faults(maintenance=True)
    with pytest.raises(CaseSystemUnavailable, match="maintenance"):
        session.login()
    case_system.set_faults()
    session.login()
    case_system.set_faults(maintenance_rate=1.0)
    with pytest.raises(CaseSystemUnavailable, match="maintenance"):
        session.open_case(cases[0].identity_number)


def test_injected_500_on_save_stores_nothing(session, case_system, cases, draft) -> None:
    session.login()
    case_system.set_faults(post_error_rate=1.0)
    case = session.open_case(cases[0].identity_number)
    with pytest.raises(CaseSystemUnavailable, match="server error"):
        session.write_proposal(case, draft())
    with pytest.raises(CaseSystemUnavailable, match="server error"):
        session.write_manual(case, "ES-000300", "Anteckning", "Uppgift")
    assert case_system.db.proposals() == [] and case_system.db.journal_notes() == []
    assert case_system.db.tasks() == []
    case_system.set_faults()
    session.write_proposal(case, draft())  # the case page is read again: the page on screen changed
    session.write_manual(case, "ES-000300", "Anteckning", "Uppgift")
    assert len(case_system.db.proposals()) == 1 and len(case_system.db.tasks()) == 1


def test_session_expired_at_the_journal_post_logs_in_again_and_saves_once(
    session, case_system, cases
) -> None:
    session.login()
    case = session.open_case(cases[0].identity_number)
    case_system.app.state.sessions.expire_all()  # the session ends between reading the case and writing
    session.write_manual(case, "ES-000301", "Anteckning", "Uppgift")
    assert session.relogins == 1
    assert len(case_system.db.journal_notes(reference="ES-000301")) == 1
    assert len(case_system.db.tasks()) == 1


def test_server_error_on_page_raises_unavailable(session, case_system, cases) -> None:
    session.login()
    case_system.set_faults(error_rate=1.0)
    with pytest.raises(CaseSystemUnavailable, match="server error"):
        session.open_case(cases[0].identity_number)


def test_slow_page_times_out_as_unavailable(case_system, cases, new_page) -> None:
    slow = CaseSystemSession(new_page(), case_system.url, "robot", "robot-pw", timeout_ms=5000)
    slow.login()  # at the normal timeout: only the page below is meant to be slow, whatever the machine's load
    slow.page.set_default_timeout(400)
    slow.page.set_default_navigation_timeout(400)
    case_system.set_faults(latency_ms=1000)  # the server waits 1 s before answering: never within 400 ms
    with pytest.raises(CaseSystemUnavailable, match="in time") as timed_out:
        slow.open_case(cases[0].identity_number)
    assert cases[0].identity_number not in str(timed_out.value)
