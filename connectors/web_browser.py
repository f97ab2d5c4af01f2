"""The robot's browser for a web application: one Playwright Chromium, one context, one page.

Owns the browser's life (start, stop, restart after an application exception) and the evidence of a
failed attempt: a screenshot and the page HTML always, and a Playwright trace when tracing is on.
Tracing costs about a third of a pass, so by default (``"on_retry"``) it runs only from an item's
second attempt, as Playwright's own test runner does; ``"always"`` traces every item, ``"off"`` none.
A kept trace is scrubbed of cookies and authorization headers (:mod:`connectors.trace_scrub`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Literal

from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from connectors.browser import describe, launch_chosen
from connectors.evidence import capture_evidence
from connectors.trace_scrub import scrub_trace

TraceMode = Literal["off", "on_retry", "always"]


class RobotBrowser:
    """A headless (by default) Chromium, started and stopped by the process that uses it."""

    def __init__(
        self,
        headless: bool = True,
        trace: TraceMode = "on_retry",
        locale: str = "sv-SE",
        timezone_id: str = "Europe/Stockholm",
    ) -> None:
        self.headless = headless
        self.trace = trace
        self.locale = locale
        self.timezone_id = timezone_id
        self.tracing = False
        self.description = ""  # which browser started, e.g. "system headless shell 156.0.8078.79 (...)"
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
        self._browser, choice = launch_chosen(self._playwright, headless=self.headless)
        self.description = describe(self._browser, choice)
        self._context = self._new_context()
        self.tracing = False
        self._page = self._context.new_page()
        return self._page

    def _new_context(self) -> BrowserContext:
        assert self._browser is not None
        return self._browser.new_context(locale=self.locale, timezone_id=self.timezone_id)

    def fresh_page(self) -> Page:
        """Close the page and open a new one in the same context (its cookies, so its login, stay).

        Playwright keeps an object for every request, response and frame a page has seen until the
        page closes; a worker handling thousands of cases on one page grows without end. A fresh
        page every so many items keeps the worker's memory flat.
        """
        if self._context is None or self._page is None:
            raise RuntimeError("The browser is not started.")
        old, self._page = self._page, self._context.new_page()
        with suppress(Exception):
            old.close()
        return self._page

    @contextmanager
    def login_page(self) -> Iterator[Page]:
        """A page in a separate, never-traced context for logging in; its cookies then join the main context.

        Playwright traces record typed values, DOM snapshots and request bodies, so the password is
        typed only here and never reaches a trace file or the evidence folder.
        """
        if self._browser is None or self._context is None:
            raise RuntimeError("The browser is not started.")
        login_context = self._new_context()
        try:
            yield login_context.new_page()
            self._context.add_cookies(login_context.cookies())  # type: ignore[arg-type]
        finally:
            login_context.close()

    def begin_item(self, attempt: int) -> None:
        """Start a fresh trace for this attempt when the trace mode asks for it; otherwise trace nothing."""
        if self._context is None:
            return
        wanted = self.trace == "always" or (self.trace == "on_retry" and attempt > 1)
        if self.tracing:
            with suppress(Exception):
                self._context.tracing.stop()
            self.tracing = False
        if wanted:
            # screenshots=False: a PNG is captured on failure anyway
            self._context.tracing.start(screenshots=False, snapshots=True)
            self.tracing = True

    def capture(self, directory: Path, stem: str = "attempt") -> list[Path]:
        """Screenshot, page HTML and (when tracing) the scrubbed trace of what just failed. Never raises."""
        files: list[Path] = []
        if self._page is not None:
            with suppress(Exception):
                files.extend(capture_evidence(self._page, directory, stem))
        if self._context is not None and self.tracing:
            trace_path = directory / f"{stem}-trace.zip"
            try:
                directory.mkdir(parents=True, exist_ok=True)
                self._context.tracing.stop(path=str(trace_path))
                self.tracing = False
                scrub_trace(trace_path)
                files.append(trace_path)
            except Exception:
                trace_path.unlink(missing_ok=True)
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
        self.tracing = False
