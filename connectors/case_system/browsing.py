"""The plumbing under every step in the case system: logging in, navigating, posting, and reading what came back.

:class:`Browsing` notices an expired session (the login page appears) and lets the step be run again
after a new login, dismisses unexpected ``alert()`` dialogs, and sorts every answer into three kinds:
the maintenance page, server errors and timeouts (:class:`CaseSystemUnavailable`, worth a retry); a
refusal, that is a 4xx answer or a page stating why it did not take a form
(:class:`CaseSystemRefused`, never retried); and a page to go on with.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Literal, TypeVar

import structlog
from playwright.sync_api import Dialog, Frame, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from connectors.case_system import scripts
from connectors.case_system import selectors as s
from connectors.case_system.errors import (
    CaseSystemError,
    CaseSystemRefused,
    CaseSystemUnavailable,
    LoginFailed,
)
from connectors.identity import mask_all

# A page is read as soon as its document is parsed: the old pages load nothing after it that the robot
# reads (no scripts fetch data), so waiting for every frame and image to "load" only costs time.
WAIT_UNTIL: Literal["domcontentloaded"] = "domcontentloaded"
log = structlog.get_logger("connectors.case_system")
T = TypeVar("T")
LoginPage = Callable[[], AbstractContextManager[Page | None]]


class SessionExpired(Exception):
    """The login page appeared where another page was expected."""


class Browsing:
    """One logged-in browser page in the case system. Not thread-safe."""

    def __init__(
        self,
        page: Page,
        base_url: str,
        username: str,
        password: str,
        timeout_ms: int = 10000,
        login_page: LoginPage | None = None,
    ) -> None:
        """``login_page`` may provide another page to log in on (every login, also a transparent
        re-login); the robot uses an untraced browser context there and copies its session cookie,
        so the password never reaches a Playwright trace. By default the login uses ``page``."""
        self.page = page
        self._timeout_ms = timeout_ms
        self._login_page: LoginPage = login_page or (lambda: nullcontext(None))
        self.base_url = base_url.rstrip("/")
        self.username = username
        self._password = password
        self.dismissed_dialogs = 0
        self.relogins = 0
        self._expect_confirm = False
        self._confirm_seen = False
        page.set_default_timeout(timeout_ms)
        page.set_default_navigation_timeout(timeout_ms)
        page.on("dialog", self._on_dialog)

    def __repr__(self) -> str:  # never show the password
        return f"{type(self).__name__}(base_url={self.base_url!r}, username={self.username!r})"

    # --- logging in and out -------------------------------------------------------------------

    def login(self) -> None:
        """Log in; raises LoginFailed when the user name or password is refused."""
        self._guarded("login", self._login, retry_on_expiry=False)

    def logout(self) -> None:
        """End the session in the case system, so its cookie is worthless wherever it was recorded."""
        try:
            self.page.goto(self.base_url + s.LOGOUT_URL)
        except PlaywrightError as error:
            log.warning("case_system_logout_failed", error=type(error).__name__)

    def _login(self) -> None:
        with self._login_page() as other:
            page = other or self.page
            page.set_default_timeout(self._timeout_ms)
            response = page.goto(self.base_url + s.LOGIN_URL)
            self._state(page, response.status if response else None)
            page.locator(s.LOGIN_USER).fill(self.username)
            page.locator(s.LOGIN_PASSWORD).fill(self._password)
            status = self._submit(page, s.LOGIN_SUBMIT)
            refused = self._state(page, status, refusals=False)["login"]
        if refused:
            raise LoginFailed(
                f"The case system refused the login of user {self.username!r}; check the robot's user name "
                "and password in the settings."
            )
        log.info("case_system_logged_in", user=self.username)

    # --- running a step -----------------------------------------------------------------------

    def _guarded(self, action: str, step: Callable[[], T], retry_on_expiry: bool = True) -> T:
        """Run ``step``; on an expired session log in and run it once more; translate browser errors."""
        try:
            try:
                return step()
            except SessionExpired:
                if not retry_on_expiry:
                    raise
                log.info("case_system_session_expired", action=action)
                self.relogins += 1
                self._login()
                return step()
        except SessionExpired:
            raise CaseSystemUnavailable(
                f"The case system session expired again during {action}; try again later."
            ) from None
        except PlaywrightTimeoutError as error:
            message = mask_all(str(error).splitlines()[0])
            raise CaseSystemUnavailable(
                f"The case system did not answer in time during {action}: {message}"
            ) from None
        except PlaywrightError as error:
            message = mask_all(str(error).splitlines()[0])
            raise CaseSystemUnavailable(f"The browser failed during {action}: {message}") from None

    def _goto(self, path: str) -> None:
        response = self.page.goto(self.base_url + path, wait_until=WAIT_UNTIL)
        self._check(self.page, response.status if response else None)

    @staticmethod
    def _submit(surface: Page | Frame, selector: str, loads: Page | Frame | None = None) -> int | None:
        """Click ``selector`` on ``surface`` and wait for the page it loads (in ``loads``, by default
        ``surface`` itself); the HTTP status when known."""
        with (loads or surface).expect_navigation(wait_until=WAIT_UNTIL) as navigation:
            if not surface.evaluate(scripts.CLICK, selector):
                raise CaseSystemError(f"The case system page has no {selector}; has the page changed?")
        response = navigation.value
        return response.status if response else None

    def _post(self, surface: Page | Frame, selector: str, what: str) -> None:
        """Submit a form and check the answer; a refusal raises :class:`CaseSystemRefused`."""
        self._check(surface, self._submit(surface, selector), what)

    def _state(
        self, surface: Page | Frame, status: int | None, what: str = "the page", refusals: bool = True
    ) -> dict[str, Any]:
        """Raise on the maintenance page, a server error or a refusal; the page's state otherwise."""
        state: dict[str, Any] = surface.evaluate(
            scripts.PAGE_STATE, [s.LOGIN_FIELD, list(s.REFUSAL_MESSAGES)]
        )
        if status == 503 or state["title"] == s.MAINTENANCE_TITLE:
            raise CaseSystemUnavailable("The case system is closed for maintenance; try again later.")
        if (status is not None and status >= 500) or state["title"] == s.ERROR_TITLE:
            raise CaseSystemUnavailable(
                f"The case system answered with a server error ({status}); try again later."
            )
        refused = status is not None and 400 <= status < 500 and not state["login"]
        if refusals and (refused or (state["messages"] and not state["login"])):
            reason = " ".join(state["messages"]) or f"Verksamhetssystemet svarade {status}."
            raise CaseSystemRefused(
                f"The case system refused {what} (HTTP {status}): {mask_all(reason)}", reason, status
            )
        return state

    def _check(self, surface: Page | Frame, status: int | None, what: str = "the page") -> None:
        """Raise when the page is the maintenance, error or refusal page, or the login page (session expired)."""
        if self._state(surface, status, what)["login"]:
            raise SessionExpired()

    def _on_dialog(self, dialog: Dialog) -> None:
        if dialog.type == "confirm" and self._expect_confirm and s.SAVE_CONFIRM_TEXT in dialog.message:
            self._confirm_seen = True
            dialog.accept()
            return
        self.dismissed_dialogs += 1
        log.info("case_system_dialog_dismissed", kind=dialog.type)
        dialog.dismiss()
