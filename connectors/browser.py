"""Launching Chromium for Playwright: Playwright's own build first, the system's Chromium as fallback.

For headless runs the lightest build wins. Playwright's own download brings its headless shell
(``chromium-headless-shell``), which it uses for headless launches. Without it the system's headless
shell (Debian's ``chromium-headless-shell`` package) is used when installed, then the system's full
Chromium. The headless shell does the same page work with about a third less CPU per page, which is
what limits how many cases a worker handles per hour. A visible browser (``headless=False``) always
uses the full Chromium. ``CHROMIUM_PATH`` names one executable and wins over every choice.

``python -m connectors.browser --check`` starts a browser, renders a page, says which browser it
used and exits 0, or prints what to install and exits 1. The setup script uses it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Browser, Error, Playwright, sync_playwright

# Flags that keep Chromium quiet on a machine without internet, and allow running as root.
QUIET_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SYSTEM_HEADLESS_SHELL_CANDIDATES = ["/usr/bin/chromium-headless-shell"]
SYSTEM_CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
BUNDLED = "Playwright's own Chromium"


@dataclass(frozen=True)
class BrowserChoice:
    """One executable to try: None is Playwright's own build; ``kind`` says what it is, for logs."""

    executable: str | None
    kind: str


def browser_choices(
    headless: bool = True, which: Callable[[str], str | None] | None = None
) -> list[BrowserChoice]:
    """The executables to try, in order: the configured one, or Playwright's, then the system's."""
    which = which or shutil.which
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return [BrowserChoice(configured, "CHROMIUM_PATH")]
    choices = [BrowserChoice(None, BUNDLED)]
    if headless:
        choices += [
            BrowserChoice(p, "system headless shell") for p in SYSTEM_HEADLESS_SHELL_CANDIDATES if which(p)
        ]
    choices += [BrowserChoice(p, "system Chromium") for p in SYSTEM_CHROMIUM_CANDIDATES if which(p)]
    return choices


def launch_chosen(playwright: Playwright, headless: bool = True) -> tuple[Browser, BrowserChoice]:
    """Launch the first browser of ``browser_choices`` that starts; say which one it was."""
    first_error: Error | None = None
    for choice in browser_choices(headless):
        try:
            browser = playwright.chromium.launch(
                headless=headless, executable_path=choice.executable, args=QUIET_FLAGS
            )
        except Error as error:
            first_error = first_error or error
            continue
        return browser, choice
    raise RuntimeError(
        "No Chromium could be started. Run 'python -m playwright install chromium', or install your "
        "system's chromium-headless-shell or chromium package (Debian/Ubuntu: 'sudo apt-get install "
        "chromium-headless-shell chromium') and set CHROMIUM_PATH if it is not in /usr/bin."
    ) from first_error


def launch_chromium(playwright: Playwright, headless: bool = True) -> Browser:
    """Launch the first browser of ``browser_choices`` that starts."""
    return launch_chosen(playwright, headless)[0]


def describe(browser: Browser, choice: BrowserChoice) -> str:
    """What a launched browser is, for logs and the benchmark: which choice, its version and path."""
    where = f" ({choice.executable})" if choice.executable else ""
    return f"{choice.kind} {browser.version}{where}"


def check() -> int:
    """Start a browser and render a page. 0 when it works."""
    try:
        with sync_playwright() as playwright:
            browser, choice = launch_chosen(playwright)
            page = browser.new_page()
            page.set_content("<p id='ok'>ok</p>")
            text = page.inner_text("#ok")
            used = describe(browser, choice)
            browser.close()
    except Exception as error:
        print(f"Chromium could not be started: {error}", file=sys.stderr)
        return 1
    print(f"Chromium works: {used}" if text == "ok" else "Chromium rendered nothing")
    return 0 if text == "ok" else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="start a browser and render a page")
    parser.parse_args()
    return check()


if __name__ == "__main__":
    sys.exit(main())
