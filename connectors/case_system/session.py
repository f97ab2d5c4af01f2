"""One logged-in browser session in the legacy case system: the robot's only way in (architecture §3).

:class:`CaseSystemSession` drives the case system's pages with Playwright. Every step notices an
expired session (the login page appears), logs in again and retries the step once; it dismisses
unexpected alert() dialogs, and turns the maintenance page, server errors and timeouts into
:class:`CaseSystemUnavailable`. Free text is typed with ``fill()``, so it is always text, never HTML.
Selectors and screen texts are in :mod:`connectors.case_system.selectors`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from decimal import Decimal
from typing import TypeVar
from urllib.parse import quote

import structlog
from playwright.sync_api import Dialog, Frame, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from connectors.case_system import reading
from connectors.case_system import selectors as s
from connectors.case_system.errors import (
    CaseNotFound,
    CaseSystemError,
    CaseSystemUnavailable,
    LoginFailed,
    ProposalMismatch,
)
from connectors.case_system.models import CaseRecord, ProposalDraft, SavedProposal
from connectors.identity import mask, mask_all

log = structlog.get_logger(__name__)
T = TypeVar("T")


class _SessionExpired(Exception):
    """The login page appeared where another page was expected."""


def format_amount(amount: Decimal | int) -> str:
    """An amount the way a caseworker types it: ``Decimal("6500.5")`` -> ``"6500,50"``."""
    return f"{Decimal(amount):.2f}".replace(".", ",")


def _same_text(a: str | None, b: str) -> bool:
    def normal(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))

    return a is not None and normal(a) == normal(b)


class CaseSystemSession:
    """A browser session in the case system for one user. Not thread-safe: one per browser page."""

    def __init__(
        self,
        page: Page,
        base_url: str,
        username: str,
        password: str,
        timeout_ms: int = 10000,
        login_page: Callable[[], AbstractContextManager[Page | None]] | None = None,
    ) -> None:
        """``login_page`` may provide another page to log in on (every login, also a transparent
        re-login); the robot uses an untraced browser context there and copies its session cookie,
        so the password never reaches a Playwright trace. By default the login uses ``page``."""
        self.page = page
        self._timeout_ms = timeout_ms
        self._login_page = login_page or (lambda: nullcontext(None))
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
        return f"CaseSystemSession(base_url={self.base_url!r}, username={self.username!r})"

    # --- public interface -------------------------------------------------------------------

    def login(self) -> None:
        """Log in; raises LoginFailed when the user name or password is refused."""
        self._guarded("login", self._login, retry_on_expiry=False)

    def logout(self) -> None:
        """End the session in the case system, so its cookie is worthless wherever it was recorded."""
        self._goto_quietly(s.LOGOUT_URL)

    def _goto_quietly(self, path: str) -> None:
        try:
            self.page.goto(self.base_url + path)
        except PlaywrightError as error:
            log.warning("case_system_logout_failed", error=type(error).__name__)

    def open_case(self, identity_number: str) -> CaseRecord:
        """Read the person's case. Raises CaseNotFound when there is none."""

        def step() -> CaseRecord:
            self._open_case_page(identity_number)
            return reading.read_case(reading.snapshot(self.page))

        return self._guarded("open_case", step)

    def find_proposal(self, identity_number: str, reference: str) -> SavedProposal | None:
        """The newest proposal saved with ``reference`` on the person's case, or None."""

        def step() -> SavedProposal | None:
            self._open_case_page(identity_number)
            link = reading.proposal_link(reading.snapshot(self.page), reference)
            return self._read_proposal(link) if link else None

        return self._guarded("find_proposal", step)

    def write_proposal(self, identity_number: str, proposal: ProposalDraft) -> SavedProposal:
        """Fill and save calculation, decision, period, amount, reference and note once; return it read back.

        A proposal already saved with the same reference is not saved again. Raises ProposalMismatch
        when what the case system shows differs from ``proposal``.
        """
        return self._guarded("write_proposal", lambda: self._write_proposal(identity_number, proposal))

    def write_journal_note(self, identity_number: str, reference: str, text: str) -> None:
        """Save a journal note on the person's case (not again when the same note is already there)."""

        def step() -> None:
            self._open_case_page(identity_number)
            if _same_text(reading.journal_text(reading.snapshot(self.page), reference), text):
                log.info("case_system_journal_note_exists", person=mask(identity_number), reference=reference)
                return
            self._check(self.page, self._submit(self.page, s.JOURNAL_LINK))
            self.page.locator(s.JOURNAL_REFERENCE).fill(reference)
            self.page.locator(s.JOURNAL_TEXT).fill(text)
            self._check(self.page, self._submit(self.page, s.JOURNAL_SUBMIT))
            if self.page.locator(s.JOURNAL_SAVED).count() == 0:
                errors = self.page.locator(s.JOURNAL_ERRORS).all_inner_texts()
                raise CaseSystemError("The case system refused the journal note: " + " ".join(errors))
            log.info("case_system_journal_note_saved", person=mask(identity_number), reference=reference)

        self._guarded("write_journal_note", step)

    def find_journal_note(self, identity_number: str, reference: str) -> str | None:
        """The text of the newest journal note with ``reference`` on the person's case, or None."""

        def step() -> str | None:
            self._open_case_page(identity_number)
            return reading.journal_text(reading.snapshot(self.page), reference)

        return self._guarded("find_journal_note", step)

    # --- steps ------------------------------------------------------------------------------

    def _login(self) -> None:
        with self._login_page() as other:
            page = other or self.page
            page.set_default_timeout(self._timeout_ms)
            response = page.goto(self.base_url + s.LOGIN_URL)
            self._check_available(page, response.status if response else None)
            page.locator(s.LOGIN_USER).fill(self.username)
            page.locator(s.LOGIN_PASSWORD).fill(self._password)
            refused = self._check_available(page, self._submit(page, s.LOGIN_SUBMIT))
        if refused:
            raise LoginFailed(
                f"The case system refused the login of user {self.username!r}; check the robot's user name "
                "and password in the settings."
            )
        log.info("case_system_logged_in", user=self.username)

    def _open_case_page(self, identity_number: str) -> None:
        self._goto(s.SEARCH_URL.format(identity_number=quote(identity_number)))
        if re.search(s.CASE_URL_PATTERN, self.page.url):
            return
        if self.page.locator(s.SEARCH_MESSAGE).count():
            raise CaseNotFound(f"The case system has no case for {mask(identity_number)}.")
        raise CaseSystemError(
            "The search in the case system did not lead to a case page; has the page changed?"
        )

    def _read_proposal(self, link: str) -> SavedProposal:
        self._goto(link)
        return reading.read_proposal(reading.snapshot(self.page))

    def _write_proposal(self, identity_number: str, draft: ProposalDraft) -> SavedProposal:
        person = mask(identity_number)
        self._open_case_page(identity_number)
        link = reading.proposal_link(reading.snapshot(self.page), draft.reference)
        if link is None:
            self._fill_and_save(draft)
            log.info("case_system_proposal_saved", person=person, reference=draft.reference)
            self._open_case_page(identity_number)
            link = reading.proposal_link(reading.snapshot(self.page), draft.reference)
            if link is None:
                raise ProposalMismatch(
                    f"The saved proposal {draft.reference} is not listed on the case page."
                )
        else:
            log.info("case_system_proposal_exists", person=person, reference=draft.reference)
        saved = self._read_proposal(link)
        differences = saved.differences(draft)
        if differences:
            raise ProposalMismatch(
                f"The proposal {draft.reference} in the case system differs from what the robot wrote: "
                + "; ".join(differences),
                differences,
            )
        return saved

    def _fill_and_save(self, draft: ProposalDraft) -> None:
        frame = self.page.frame(name=s.CALCULATION_FRAME)
        if frame is None:
            raise CaseSystemError("The case page has no calculation form; has the page changed?")
        self._check(frame, None)
        instance = frame.locator(s.FORM_INSTANCE).input_value()
        capacity = frame.locator(s.ROW_KIND_ALL).count()
        if len(draft.rows) > capacity:
            raise CaseSystemError(
                f"The calculation has {len(draft.rows)} rows but the form takes {capacity}; enter it by hand."
            )
        for index, row in enumerate(draft.rows):

            def cell(suffix: str, row_index: int = index) -> str:
                return s.ROW_FIELD.format(instance=instance, row=row_index, suffix=suffix)

            frame.locator(cell(s.ROW_KIND)).select_option(row.kind)
            frame.locator(cell(s.ROW_CODE)).fill(row.code)
            frame.locator(cell(s.ROW_LABEL)).fill(row.label)
            frame.locator(cell(s.ROW_AMOUNT)).fill(format_amount(row.amount))

        def field(suffix: str) -> str:
            return s.FORM_FIELD.format(instance=instance, suffix=suffix)

        frame.locator(field(s.DECISION)).select_option(draft.decision)
        frame.locator(field(s.AMOUNT)).fill(str(draft.amount))
        frame.locator(field(s.PERIOD_FROM)).fill(draft.period_start.isoformat())
        frame.locator(field(s.PERIOD_TO)).fill(draft.period_end.isoformat())
        frame.locator(field(s.REFERENCE)).fill(draft.reference)
        frame.locator(field(s.NOTE)).fill(draft.note)
        self._confirm_seen = False
        self._expect_confirm = True
        try:
            status = self._submit(frame, s.SAVE_BUTTON)
        finally:
            self._expect_confirm = False
        if not self._confirm_seen:
            raise CaseSystemError(
                "The case system did not ask to confirm the save; the proposal may not be saved."
            )
        self._check(frame, status)
        if frame.locator(s.SAVED_MESSAGE).count() == 0:
            errors = frame.locator(s.SAVE_ERRORS).all_inner_texts()
            raise CaseSystemError("The case system refused the proposal: " + " ".join(errors))

    # --- plumbing ---------------------------------------------------------------------------

    def _guarded(self, action: str, step: Callable[[], T], retry_on_expiry: bool = True) -> T:
        """Run ``step``; on an expired session log in and run it once more; translate browser errors."""
        try:
            try:
                return step()
            except _SessionExpired:
                if not retry_on_expiry:
                    raise
                log.info("case_system_session_expired", action=action)
                self.relogins += 1
                self._login()
                return step()
        except _SessionExpired:
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
        response = self.page.goto(self.base_url + path)
        self._check(self.page, response.status if response else None)

    @staticmethod
    def _submit(surface: Page | Frame, selector: str) -> int | None:
        """Click ``selector`` and wait for the page (or frame) it loads; the HTTP status when known."""
        with surface.expect_navigation() as navigation:
            surface.locator(selector).first.click()
        response = navigation.value
        return response.status if response else None

    @staticmethod
    def _check_available(surface: Page | Frame, status: int | None) -> bool:
        """Raise on the maintenance or an error page; True when the page is the login page."""
        state = surface.evaluate(s.PAGE_STATE_JS)
        if status == 503 or state["title"] == s.MAINTENANCE_TITLE:
            raise CaseSystemUnavailable("The case system is closed for maintenance; try again later.")
        if (status is not None and status >= 500) or state["title"] == s.ERROR_TITLE:
            raise CaseSystemUnavailable(
                f"The case system answered with a server error ({status}); try again later."
            )
        return bool(state["login"])

    def _check(self, surface: Page | Frame, status: int | None) -> None:
        """Raise when the page is the maintenance or error page, or the login page (session expired)."""
        if self._check_available(surface, status):
            raise _SessionExpired()

    def _on_dialog(self, dialog: Dialog) -> None:
        if dialog.type == "confirm" and self._expect_confirm and s.SAVE_CONFIRM_TEXT in dialog.message:
            self._confirm_seen = True
            dialog.accept()
            return
        self.dismissed_dialogs += 1
        log.info("case_system_dialog_dismissed", kind=dialog.type)
        dialog.dismiss()
