"""What every process that drives a web application shares: the browser's life, evidence, error translation.

Subclass :class:`BrowserProcess` and implement ``open_session(page, login_page)`` (log in) and
``close_session()`` (log out), plus the business steps; or subclass :class:`SessionProcess`, which
does both with a connector's session object (anything with ``login()`` and ``logout()``). The base class starts and stops the browser,
begins each attempt's trace according to the trace mode, captures evidence and then ends the
captured session (so no kept file holds a usable session), and turns connector errors into the
engine's exceptions: a refusal by a system (:class:`connectors.errors.Refused`) is a business
outcome, never retried; anything else from a system is an application exception that counts towards
the circuit breaker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from pathlib import Path
from typing import Generic, Protocol, TypeVar

import structlog
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from connectors.errors import ConnectorError, Refused
from connectors.web_browser import RobotBrowser
from robot.masking import mask_text
from robot.process import ApplicationException, BaseProcess, BusinessException, WorkContext

log = structlog.get_logger("processes.kit.browser")


class BrowserProcess(BaseProcess):
    """The browser glue of a process; see the module docstring for what a subclass provides."""

    system_name = "the case system"
    system_setting = ""  # e.g. "processes.x.case_system.url": named when the system cannot be opened
    fresh_page_every = 40  # items per page: a fresh page (and login) keeps Playwright's memory flat

    def __init__(self, browser: RobotBrowser) -> None:
        self.browser = browser
        self.session_open = False
        self._items_on_page = 0

    # --- to implement -------------------------------------------------------------------------
    def open_session(self, page: Page, login_page: Callable[[], AbstractContextManager[Page]]) -> None:
        """Log in on ``page`` (typing the password on ``login_page()``, which is never traced)."""
        raise NotImplementedError

    def close_session(self) -> None:
        """Log out, so the session in the evidence just captured is dead. Best effort."""
        raise NotImplementedError

    def refusal_reason(self, error: Refused) -> str:
        """The caseworker-facing reason for a refusal; override to add the process's own words."""
        return error.reason

    # --- provided -----------------------------------------------------------------------------
    def start(self) -> None:
        self._items_on_page = 0
        try:
            page = self.browser.start()
            log.info("browser_started", browser=self.browser.description)
            self.open_session(page, self.browser.login_page)
            self.session_open = True
        except (ConnectorError, PlaywrightError) as error:
            where = f" (the setting {self.system_setting})" if self.system_setting else ""
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise ApplicationException(
                mask_text(f"Could not open {self.system_name}{where}: {type(error).__name__}: {first_line}")
            ) from error

    def stop(self) -> None:
        self.session_open = False
        self.browser.stop()

    def begin(self, ctx: WorkContext) -> None:
        """Call at the start of each attempt: a fresh page every so many items, and a trace when asked for."""
        self._items_on_page += 1
        if self._items_on_page > self.fresh_page_every:
            self._items_on_page = 1
            try:
                self.open_session(self.browser.fresh_page(), self.browser.login_page)
            except (ConnectorError, PlaywrightError) as error:
                raise ApplicationException(
                    mask_text(f"Could not open a fresh page: {type(error).__name__}: {error}")
                ) from error
        self.browser.begin_item(ctx.attempt)

    def capture_evidence(self, directory: Path) -> list[Path]:
        files = self.browser.capture(directory)
        if self.session_open:
            with suppress(Exception):
                self.close_session()
            self.session_open = False
        return files

    @contextmanager
    def translated_errors(self) -> Iterator[None]:
        """Turn a refusal into a BusinessException and any other system error into an ApplicationException."""
        try:
            yield
        except Refused as error:
            log.info("system_refused", reason=mask_text(error.reason), status=error.status_code)
            raise BusinessException(
                [self.refusal_reason(error)], {"refused": mask_text(str(error))}
            ) from error
        except (ConnectorError, PlaywrightError) as error:
            raise ApplicationException(mask_text(f"{type(error).__name__}: {error}")) from error


class LoggedIn(Protocol):
    """A connector's session of a web application: logs in on the page it was made for, and out."""

    def login(self) -> None: ...

    def logout(self) -> None: ...


SessionT = TypeVar("SessionT", bound=LoggedIn)
LoginPage = Callable[[], AbstractContextManager[Page]]


class SessionProcess(BrowserProcess, Generic[SessionT]):
    """A browser process whose work goes through one logged-in session of a web application.

    ``session_factory(page, login_page)`` makes the session on the page the engine opens (a test
    passes one that returns a fake); :attr:`session` is it while logged in.
    """

    def __init__(self, browser: RobotBrowser, session_factory: Callable[[Page, LoginPage], SessionT]) -> None:
        super().__init__(browser)
        self._session_factory = session_factory
        self._session: SessionT | None = None

    def open_session(self, page: Page, login_page: LoginPage) -> None:
        self._session = self._session_factory(page, login_page)
        self._session.login()

    def close_session(self) -> None:
        if self._session is not None:
            self._session.logout()

    def stop(self) -> None:
        super().stop()
        self._session = None

    @property
    def session(self) -> SessionT:
        """The logged-in session; an application exception when none is open."""
        if self._session is None:
            raise ApplicationException(
                f"The session of {self.system_name} is not open (start() failed or was not called)."
            )
        return self._session
