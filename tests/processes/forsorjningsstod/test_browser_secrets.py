"""The robot's browser keeps the password and the session cookie out of traces and evidence, also on re-login."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from connectors.case_system import CaseSystemSession
from connectors.web_browser import RobotBrowser
from sandbox.runner import Sandbox

pytestmark = pytest.mark.browser

PASSWORD = "Pw-that-must-never-leak-42!"


def files_containing(paths: list[Path], secret: str) -> list[str]:
    hits = []
    variants = [secret.encode(), secret.replace("!", "%21").encode()]
    for path in paths:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                hits += [
                    f"{path.name}:{name}"
                    for name in archive.namelist()
                    if any(v in archive.read(name) for v in variants)
                ]
        elif any(v in path.read_bytes() for v in variants):
            hits.append(path.name)
    return hits


def test_password_is_in_no_trace_screenshot_or_html_even_after_a_relogin(tmp_path: Path) -> None:
    with Sandbox(tmp_path / "sandbox", robot_password=PASSWORD) as sandbox:
        browser = RobotBrowser(headless=True, trace="always")
        try:
            page = browser.start()
            browser.begin_item(attempt=1)
            session = CaseSystemSession(
                page, sandbox.case_system_url, "robot", PASSWORD, login_page=browser.login_page
            )
            session.login()
            page.goto(sandbox.case_system_url + "/handlaggare")
            sandbox.case_system_app.state.sessions.expire_all()
            with pytest.raises(Exception):  # noqa: B017 - any "not found" is fine; the re-login is what matters
                session.open_case("19850312-9812")
            assert session.relogins >= 1
            cookies = [c["value"] for c in page.context.cookies() if c["name"] == "CSSESSIONID"]
            files = browser.capture(tmp_path / "evidence")
        finally:
            browser.stop()
    assert any(path.suffix == ".zip" for path in files), "a trace was captured"
    assert files_containing(files, PASSWORD) == []
    assert cookies and all(files_containing(files, cookie) == [] for cookie in cookies), (
        "no live session cookie"
    )
