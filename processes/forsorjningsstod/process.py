"""The försörjningsstöd reapplication process: e-service -> income register -> rules -> case system.

One instance serves one pass. For each application it opens the case, fetches register data, lets
the rules decide, and either writes a proposal (then reads it back and compares every amount) or a
journal note saying why a caseworker must handle it. A proposal or note already carrying the
application's reference is never written again, so a crash between writing and committing the work
item is harmless.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

import structlog
from playwright.sync_api import Page

from connectors.case_system import CaseNotFound, CaseSystemSession, ProposalMismatch
from connectors.case_system.models import CaseRecord, SavedProposal
from connectors.errors import ConnectorError
from connectors.eservice.client import EServiceClient
from connectors.eservice.models import Application, validate_payload
from connectors.income_register import RegisterAnswer, RegisterClient
from connectors.web_browser import RobotBrowser
from processes.forsorjningsstod.mapping import (
    co_applicant_changed,
    people,
    previous_month,
    to_case_input,
)
from processes.forsorjningsstod.proposal import draft_from, manual_note, result_data, visible_reasons
from robot.browser_process import BrowserProcess
from robot.process import (
    ApplicationException,
    BusinessException,
    IntakeRecord,
    ItemResult,
    WorkContext,
    WorkItemView,
)
from rules.forsorjningsstod import Decision, Parameters, decide

log = structlog.get_logger("robot.forsorjningsstod")

CO_APPLICANT_CHANGED = (
    "Medsökande i ansökan är inte densamma som i ärendet (ändrade familjeförhållanden). "
    "Handläggaren behöver utreda hushållets sammansättning."
)


class ForsorjningsstodProcess(BrowserProcess):
    """Implements robot.process.Process for monthly reapplications."""

    name = "forsorjningsstod"
    system_name = "the case system"

    def __init__(
        self,
        eservice: EServiceClient,
        form: str | None,
        register: RegisterClient,
        browser: RobotBrowser,
        case_system_url: str,
        username: str,
        password: str,
        timeout_ms: int,
        parameters: Parameters,
    ) -> None:
        super().__init__(browser)
        self.eservice = eservice
        self.form = form
        self.register = register
        self.case_system_url = case_system_url
        self.username = username
        self._password = password
        self.timeout_ms = timeout_ms
        self.parameters = parameters
        self._session: CaseSystemSession | None = None

    # --- intake -------------------------------------------------------------------------------
    def fetch_new(self) -> Iterator[IntakeRecord]:
        try:
            submissions = self.eservice.fetch_new(self.form)
        except ConnectorError as error:
            raise ApplicationException(f"The e-service could not be read: {error}") from error
        for submission in submissions:
            yield intake_record(submission.reference, submission.payload)

    def acknowledge(self, reference: str) -> None:
        self.eservice.acknowledge(reference)

    # --- init / end (the browser's life, evidence and error translation are BrowserProcess's) --
    def open_session(self, page: Page, login_page: Callable[[], AbstractContextManager[Page]]) -> None:
        self._session = CaseSystemSession(
            page,
            self.case_system_url,
            self.username,
            self._password,
            timeout_ms=self.timeout_ms,
            login_page=login_page,
        )
        self._session.login()

    def close_session(self) -> None:
        if self._session is not None:
            self._session.logout()

    def stop(self) -> None:
        super().stop()
        self._session = None

    # --- one transaction ----------------------------------------------------------------------
    def handle(self, item: WorkItemView, ctx: WorkContext) -> ItemResult:
        app = Application.model_validate(item.payload)
        session = self._require_session()
        self.begin(ctx)
        identity = app.applicant.identity_number
        with self.translated_errors():
            try:
                case = session.open_case(identity)
                answers = self._register_answers(app)
                ctx.heartbeat()
                decision = decide(to_case_input(app, case, answers), self.parameters)
                extra = [CO_APPLICANT_CHANGED] if co_applicant_changed(app, case) else []
                if decision.outcome == "manuell" or extra:
                    return self._route_to_manual(session, app, decision, extra, answers)
                return self._propose(session, app, case, decision, answers)
            except CaseNotFound as error:
                raise BusinessException(
                    [
                        "Inget ärende hittades för sökanden i verksamhetssystemet. Ansökan behöver handläggas manuellt."
                    ],
                    {"error": str(error)},
                ) from error
            except ProposalMismatch as error:
                raise BusinessException(
                    [
                        "Förslaget som sparades i verksamhetssystemet stämmer inte med robotens beräkning. "
                        "Kontrollera förslaget innan det fastställs. Skillnader (tekniskt): "
                        f"{'; '.join(error.differences) or error}."
                    ]
                ) from error

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        identity = (item.payload.get("applicant") or {}).get("identity_number") if item.payload else None
        if not identity:
            return
        text = manual_note(item.reference, reasons, decision=None)
        try:
            session = self._require_session()
            if session.find_journal_note(identity, item.reference) is None:
                session.write_journal_note(identity, item.reference, text)
        except CaseNotFound:
            log.info("manual_without_case", reference=item.reference)

    # --- helpers ------------------------------------------------------------------------------
    def _require_session(self) -> CaseSystemSession:
        if self._session is None:
            raise ApplicationException(
                "The case system session is not open (start() failed or was not called)."
            )
        return self._session

    def _register_answers(self, app: Application) -> dict[str, RegisterAnswer]:
        first, last = previous_month(app.month, 2), previous_month(app.month, 1)
        return {person: self.register.fetch(number, first, last) for person, number in people(app).items()}

    def _route_to_manual(
        self,
        session: CaseSystemSession,
        app: Application,
        decision: Decision,
        extra: list[str],
        answers: dict[str, RegisterAnswer],
    ) -> ItemResult:
        identity = app.applicant.identity_number
        reasons = visible_reasons(decision) + extra
        if session.find_journal_note(identity, app.reference) is None:
            session.write_journal_note(identity, app.reference, manual_note(app.reference, reasons, decision))
        return ItemResult(
            state="manual", reasons=reasons, amount=None, **result_data(decision, app, answers, "manuell")
        )

    def _propose(
        self,
        session: CaseSystemSession,
        app: Application,
        case: CaseRecord,
        decision: Decision,
        answers: dict[str, RegisterAnswer],
    ) -> ItemResult:
        identity = app.applicant.identity_number
        draft = draft_from(decision, app)
        # write_proposal first looks for a proposal carrying this reference (a crash after saving but
        # before the queue committed) and never saves a second one; it reads the saved one back.
        saved: SavedProposal = session.write_proposal(identity, draft)
        differences = saved.differences(draft)
        if differences:
            raise ProposalMismatch("The saved proposal differs from the calculation.", differences)
        reasons = visible_reasons(decision)
        amount = decision.amount if decision.outcome == "bevilja" else 0
        return ItemResult(
            state="proposed",
            reasons=reasons,
            amount=amount,
            **result_data(decision, app, answers, decision.outcome),
        )


def intake_record(reference: str, payload: Any) -> IntakeRecord:
    """Validate one submission; invalid ones become quarantined items carrying their errors."""
    stored = payload if isinstance(payload, dict) else {"raw": payload}
    app, errors = validate_payload(payload)
    if app is not None and app.reference != reference:
        errors = [f"Ansökans referens ({app.reference}) stämmer inte med e-tjänstens referens ({reference})."]
        app = None
    if app is None:
        name = stored.get("applicant", {}).get("name") if isinstance(stored.get("applicant"), dict) else None
        return IntakeRecord(
            reference=reference,
            payload=stored,
            errors=errors,
            subject_name=name if isinstance(name, str) else None,
        )
    return IntakeRecord(
        reference=reference,
        payload=stored,  # as received: re-validated when handled, kept for audit
        errors=[],
        subject=app.applicant.identity_number,
        subject_name=app.applicant.name,
        period=app.month,
    )
