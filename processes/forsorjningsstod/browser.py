"""The robot's browser for the case system: one Playwright Chromium, one context, one page.

Owns the browser's life (start, stop, restart after an application exception) and the evidence of a
failed attempt: screenshot, page HTML and the Playwright trace of the attempt.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from connectors.browser import launch_chromium
from connectors.case_system import capture_evidence


class RobotBrowser:
    """A headless (by default) Chromium with tracing, started and stopped by the process."""

    def __init__(self, headless: bool = True, trace: bool = True) -> None:
        self.headless = headless
        self.trace = trace
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self._context: BrowserContext | None = None
        self._page: Page | None = None

    @property
    def page(self) -> Page:
        if self._page is None:
            raise RuntimeError("The browser is not started.")
        return self._page

    def start(self) -> Page:
        self._playwright = sync_playwright().start()
        self._browser = launch_chromium(self._playwright, headless=self.headless)
        self._context = self._browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        if self.trace:
            self._context.tracing.start(
                screenshots=False, snapshots=True
            )  # a PNG is captured on failure anyway
        self._page = self._context.new_page()
        return self._page

    @contextmanager
    def login_page(self) -> Iterator[Page]:
        """A page in a separate, never-traced context for logging in; its cookies then join the main context.

        Playwright traces record typed values, DOM snapshots and request bodies, so the password is
        typed only here and never reaches a trace file or the evidence folder.
        """
        if self._browser is None or self._context is None:
            raise RuntimeError("The browser is not started.")
        login_context = self._browser.new_context(locale="sv-SE", timezone_id="Europe/Stockholm")
        try:
            yield login_context.new_page()
            self._context.add_cookies(login_context.cookies())  # type: ignore[arg-type]
        finally:
            login_context.close()

    def restart_trace(self) -> None:
        """Begin a fresh trace, so each item's evidence holds only that item's steps."""
        if self._context is not None and self.trace:
            self._context.tracing.stop_chunk()
            self._context.tracing.start_chunk()

    def capture(self, directory: Path, stem: str = "attempt") -> list[Path]:
        """Screenshot, page HTML and trace of what just failed. Never raises: evidence is best effort."""
        files: list[Path] = []
        if self._page is not None:
            with suppress(Exception):
                files.extend(capture_evidence(self._page, directory, stem))
        if self._context is not None and self.trace:
            trace_path = directory / f"{stem}-trace.zip"
            try:
                self._context.tracing.stop_chunk(path=str(trace_path))
                files.append(trace_path)
                self._context.tracing.start_chunk()
            except Exception:
                pass
        return files

    def stop(self) -> None:
        """Close everything; never raises."""
        for close in (
            lambda: self._context.close() if self._context else None,
            lambda: self._browser.close() if self._browser else None,
            lambda: self._playwright.stop() if self._playwright else None,
        ):
            with suppress(Exception):
                close()
        self._playwright = self._browser = self._context = self._page = None
