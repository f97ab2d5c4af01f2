"""SessionProcess: the logged-in session every browser process shares, made on the engine's page."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Any, cast

import pytest
from playwright.sync_api import Page

from connectors.web_browser import RobotBrowser
from processes.kit.browser import SessionProcess
from robot.process import ApplicationException


class FakeSession:
    def __init__(self, page: Page, events: list[str]) -> None:
        self.page, self.events = page, events

    def login(self) -> None:
        self.events.append("login")

    def logout(self) -> None:
        self.events.append("logout")


def no_login_page() -> AbstractContextManager[Page]:
    raise AssertionError("the fake session types no password")


def test_the_session_is_made_on_the_page_logged_in_out_and_forgotten_when_stopped() -> None:
    events: list[str] = []
    page = cast(Page, object())
    process = SessionProcess[FakeSession](RobotBrowser(), lambda p, _login: FakeSession(p, events))
    with pytest.raises(ApplicationException, match="not open"):
        _ = process.session

    process.open_session(page, no_login_page)
    assert process.session.page is page and events == ["login"]
    process.close_session()
    assert events == ["login", "logout"]

    process.stop()  # the browser was never started: stopping is still safe
    with pytest.raises(ApplicationException, match="not open"):
        _ = process.session
    process.close_session()  # nothing open: nothing to log out of
    assert events == ["login", "logout"]


def test_a_process_names_its_system_when_no_session_is_open() -> None:
    class Fagsystem(SessionProcess[Any]):
        system_name = "fagsystemet"

    with pytest.raises(ApplicationException, match="fagsystemet"):
        _ = Fagsystem(RobotBrowser(), lambda p, _login: FakeSession(p, [])).session
