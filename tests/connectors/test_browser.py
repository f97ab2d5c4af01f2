"""Which Chromium the robot launches: the configured one, Playwright's, the system's headless shell, then full."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Error

from connectors.browser import BUNDLED, BrowserChoice, browser_choices, launch_chosen

EVERYTHING = {"/usr/bin/chromium-headless-shell", "/usr/bin/chromium"}


def installed(paths: set[str]) -> Any:
    return lambda path: path if path in paths else None


def test_headless_prefers_playwright_then_the_system_headless_shell_then_full_chromium(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    choices = browser_choices(headless=True, which=installed(EVERYTHING))
    assert [c.executable for c in choices] == [None, "/usr/bin/chromium-headless-shell", "/usr/bin/chromium"]
    assert choices[0].kind == BUNDLED


def test_a_visible_browser_never_uses_the_headless_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    choices = browser_choices(headless=False, which=installed(EVERYTHING))
    assert [c.executable for c in choices] == [None, "/usr/bin/chromium"]


def test_without_a_system_browser_only_playwrights_own_is_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    assert browser_choices(headless=True, which=installed(set())) == [BrowserChoice(None, BUNDLED)]


def test_chromium_path_wins_over_every_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHROMIUM_PATH", "/opt/chrome/chrome")
    assert browser_choices(headless=True, which=installed(EVERYTHING)) == [
        BrowserChoice("/opt/chrome/chrome", "CHROMIUM_PATH")
    ]


class FakeChromium:
    """Starts only the executables it is given; records what was tried."""

    def __init__(self, startable: set[str | None]) -> None:
        self.startable = startable
        self.tried: list[str | None] = []

    def launch(self, headless: bool, executable_path: str | None, args: list[str]) -> str:
        self.tried.append(executable_path)
        if executable_path not in self.startable:
            raise Error(f"Executable doesn't exist at {executable_path}")
        return f"browser at {executable_path}"


class FakePlaywright:
    def __init__(self, chromium: FakeChromium) -> None:
        self.chromium = chromium


def test_launch_falls_back_in_order_and_says_which_started(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr("shutil.which", installed(EVERYTHING))
    chromium = FakeChromium(startable={"/usr/bin/chromium-headless-shell", "/usr/bin/chromium"})
    browser, choice = launch_chosen(FakePlaywright(chromium))  # type: ignore[arg-type]
    assert chromium.tried == [None, "/usr/bin/chromium-headless-shell"]
    assert browser == "browser at /usr/bin/chromium-headless-shell"
    assert choice.kind == "system headless shell"


def test_when_nothing_starts_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.setattr("shutil.which", installed({"/usr/bin/chromium"}))
    with pytest.raises(RuntimeError, match="apt-get install chromium-headless-shell chromium"):
        launch_chosen(FakePlaywright(FakeChromium(startable=set())))  # type: ignore[arg-type]
