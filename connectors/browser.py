"""Launching Chromium for Playwright: Playwright's own build first, the system's Chromium as fallback.

``python -m connectors.browser --check`` starts a browser, renders a page and exits 0, or prints
what to install and exits 1. The setup script uses it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys

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
SYSTEM_CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]


def system_chromium() -> str | None:
    """The path of an installed system Chromium, or None. ``CHROMIUM_PATH`` wins when set."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in SYSTEM_CHROMIUM_CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return None


def launch_chromium(playwright: Playwright, headless: bool = True) -> Browser:
    """Launch Playwright's Chromium, or the system's when Playwright's is not installed."""
    try:
        return playwright.chromium.launch(headless=headless, args=QUIET_FLAGS)
    except Error as bundled_error:
        path = system_chromium()
        if path is None:
            raise RuntimeError(
                "No Chromium found. Run 'python -m playwright install chromium', or install your "
                "system's chromium package and set CHROMIUM_PATH if it is not in /usr/bin."
            ) from bundled_error
        return playwright.chromium.launch(headless=headless, executable_path=path, args=QUIET_FLAGS)


def check() -> int:
    """Start a browser and render a page. 0 when it works."""
    try:
        with sync_playwright() as playwright:
            browser = launch_chromium(playwright)
            page = browser.new_page()
            page.set_content("<p id='ok'>ok</p>")
            text = page.inner_text("#ok")
            browser.close()
    except Exception as error:
        print(f"Chromium could not be started: {error}", file=sys.stderr)
        return 1
    print("Chromium works" if text == "ok" else "Chromium rendered nothing")
    return 0 if text == "ok" else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="start a browser and render a page")
    parser.parse_args()
    return check()


if __name__ == "__main__":
    sys.exit(main())
