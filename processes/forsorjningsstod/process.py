"""The försörjningsstöd reapplication process: e-service -> income register -> rules -> case system.

One instance serves one pass. For each application it reads the case once (every proposal and
decision, notes, tasks, history), and then:

* a proposal carrying the application's own reference is the item's earlier save: read back, and
  equal to what the robot would write, the item is proposed;
* another proposal or decision for the month (any reference, any status) or another application of
  the same person and month received earlier sends it to a caseworker, naming what was found;
* otherwise it fetches register data, lets the rules decide, and writes either a proposal (read back
  and compared) or a journal note with an "Att göra" task saying why a caseworker must handle it.

Whatever the case system refuses (a text too long, a value it cannot take) ends in manual handling
with its own words, never in a retry. :meth:`reconcile` tells the engine what the case system already
holds for an item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal

import structlog
from playwright.sync_api import Page

from connectors.case_system import CaseNotFound, CaseSystemRefused, CaseSystemSession, ProposalMismatch
from connectors.case_system.models import CaseView, ProposalEntry
from connectors.errors import ConnectorError, Refused
from connectors.eservice.client import EServiceClient
from connectors.eservice.models import Application, validate_payload
from connectors.identity import mask_all
from connectors.income_register import RegisterAnswer, RegisterClient
from connectors.web_browser import RobotBrowser
from processes.forsorjningsstod.applicant import MEETING_NOTE, ApplicantContact
from processes.forsorjningsstod.duplicates import decided_in, duplicate_reasons
from processes.forsorjningsstod.intake import intake_record
from processes.forsorjningsstod.mapping import co_applicant_changed, people, previous_month, to_case_input
from processes.forsorjningsstod.notes import task_text
from processes.forsorjningsstod.ports import CaseSystem, SessionFactory
from processes.forsorjningsstod.proposal import (
    draft_from,
    fitted_manual_note,
    manual_note,
    result_data,
    visible_reasons,
)
from processes.forsorjningsstod.texts import (
    CO_APPLICANT_CHANGED,
    LAST_RESORT,
    MISMATCH,
    NO_CASE,
    NOTE_FOUND,
    NOW_MANUAL,
    REFUSED,
)
from processes.kit.browser import SessionProcess
from robot.process import (
    ApplicationException,
    BusinessException,
    Decided,
    IntakeRecord,
    ItemResult,
    Notice,
    WorkContext,
    WorkItemView,
)
from rules.forsorjningsstod import Decision, Parameters, decide

log = structlog.get_logger("robot.forsorjningsstod")


class ForsorjningsstodProcess(SessionProcess[CaseSystem]):
    """Implements robot.process.Process for monthly reapplications."""

    name = "forsorjningsstod"
    spot_check_percent = Decimal(0)  # the share of otherwise clear cases sent to a caseworker (settings)
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
        session_factory: SessionFactory | None = None,
        contact: ApplicantContact | None = None,
    ) -> None:
        """``session_factory`` builds the case-system session on the browser's page (default: a real
        :class:`CaseSystemSession`); a test passes one that returns a fake."""
        super().__init__(browser, session_factory or self._browser_session)
        self.eservice, self.form, self.register = eservice, form, register
        self.case_system_url, self.username, self._password = case_system_url, username, password
        self.timeout_ms = timeout_ms
        self.parameters = parameters
        self.contact = contact  # the applicant's status page, e-mail and booking link
        self._case: tuple[str, CaseView] | None = None  # the case as read for the current item

    # --- intake -------------------------------------------------------------------------------
    def fetch_new(self) -> Iterator[IntakeRecord]:
        try:
            submissions = self.eservice.fetch_new(self.form)
        except ConnectorError as error:
            raise ApplicationException(f"The e-service could not be read: {error}") from error
        for submission in submissions:
            yield intake_record(submission.reference, submission.payload, submission.submitted_at)

    def acknowledge(self, reference: str) -> None:
        self.eservice.acknowledge(reference)

    def notify(self, notice: Notice) -> None:
        if self.contact is not None:
            self.contact.notify(notice)

    def follow_up(self, item: WorkItemView) -> Decided | None:
        """A caseworker's decision on the item: its proposal confirmed, or a decision for the month."""
        if not item.subject or not item.period:
            return None
        with self.translated_errors():
            return decided_in(self.session.open_case(item.subject), item.reference, item.period)

    # --- init / end (the browser's life, evidence and error translation are BrowserProcess's) --
    def _browser_session(
        self, page: Page, login_page: Callable[[], AbstractContextManager[Page]]
    ) -> CaseSystem:
        return CaseSystemSession(
            page, self.case_system_url, self.username, self._password, self.timeout_ms, login_page
        )

    def stop(self) -> None:
        super().stop()
        self._case = None

    def refusal_reason(self, error: Refused) -> str:
        return REFUSED.format(reason=error.reason)

    # --- one transaction ----------------------------------------------------------------------
    def handle(self, item: WorkItemView, ctx: WorkContext) -> ItemResult:
        app = Application.model_validate(item.payload)
        self.begin(ctx)  # first: it may open a fresh page and session
        session = self.session
        with self.translated_errors():
            try:
                case = self._open(session, app)
                own = case.proposal(app.reference)
                duplicates = [] if own else duplicate_reasons(app.reference, app.month, case, item.related)
                if duplicates:
                    return self._manual(session, case, app, duplicates, None, {})
                decision, extra, answers = self._decide(app, case)
                ctx.heartbeat()
                if own is not None:
                    return self._own_proposal(session, own, app, case, decision, extra, answers)
                if decision.outcome == "manuell" or extra:
                    reasons = visible_reasons(decision) + extra
                    return self._manual(session, case, app, reasons, decision, answers)
                return self._propose(session, app, case, decision, answers)
            except CaseNotFound as error:
                raise BusinessException([NO_CASE], {"error": str(error)}) from error
            except ProposalMismatch as error:
                differences = "; ".join(error.differences) or str(error)
                raise BusinessException([MISMATCH.format(differences=differences)]) from error

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        """The note and the task for an item a BusinessException sent to a caseworker. A refusal never fails it."""
        identity = (item.payload.get("applicant") or {}).get("identity_number") if item.payload else None
        if not identity:
            return
        session = self.session
        with self.translated_errors():
            try:
                cached = self._case[1] if self._case and self._case[0] == item.reference else None
                case = cached or session.open_case(identity)
            except (CaseNotFound, CaseSystemRefused) as error:
                log.info("manual_without_case", reference=item.reference, error=type(error).__name__)
                return
            note = fitted_manual_note(item.reference, reasons, None, case.note_limit)
            task = task_text(item.reference, reasons, case.task_limit)
            for text, with_task in ((note, task), (LAST_RESORT.format(reference=item.reference), None)):
                try:
                    session.write_manual(case, item.reference, text, with_task)
                    return
                except CaseSystemRefused as refused:
                    log.warning(
                        "manual_note_refused", reference=item.reference, reason=mask_all(refused.reason)
                    )

    def reconcile(self, item: WorkItemView, ctx: WorkContext) -> ItemResult | None:
        """Proposed when a proposal with the item's reference reads back equal to what the robot would
        write; manual when a journal note with the reference is there; otherwise None."""
        app, _errors = validate_payload(item.payload)
        if app is None:
            return None
        session = self.session
        with self.translated_errors():
            try:
                case = self._open(session, app)
            except CaseNotFound:
                return None
            own = case.proposal(app.reference)
            if own is not None and own.link:
                decision, extra, answers = self._decide(app, case)
                if decision.outcome == "manuell" or extra:
                    return None
                draft = draft_from(decision, app, case.note_limit)
                if session.read_proposal(own.link).differences(draft):
                    return None
                return self._proposed(decision, app, answers)
            note = case.note(app.reference)
            if note is None:
                return None
            reasons = [line[4:].strip() for line in note.splitlines() if line.startswith("  - ")]
            return ItemResult(
                state="manual",
                reasons=reasons or [NOTE_FOUND],
                decision={"decision": "manuell", "note": note},
            )

    # --- helpers ------------------------------------------------------------------------------
    def _open(self, session: CaseSystem, app: Application) -> CaseView:
        self._case = None
        case = session.open_case(app.applicant.identity_number)
        self._case = (app.reference, case)
        return case

    def _decide(
        self, app: Application, case: CaseView
    ) -> tuple[Decision, list[str], dict[str, RegisterAnswer]]:
        """The rules' decision on the application, the process's own extra reasons, the register answers."""
        first, last = previous_month(app.month, 2), previous_month(app.month, 1)
        answers = {
            person: self.register.fetch(number, first, last, case=case.case_number)
            for person, number in people(app).items()
        }
        decision = decide(to_case_input(app, case, answers, self.spot_check_percent), self.parameters)
        extra = [CO_APPLICANT_CHANGED] if co_applicant_changed(app, case) else []
        return decision, extra, answers

    def _manual(
        self,
        session: CaseSystem,
        case: CaseView,
        app: Application,
        reasons: list[str],
        decision: Decision | None,
        answers: dict[str, RegisterAnswer],
    ) -> ItemResult:
        """Write the note and the task (each once), offer a meeting when one is needed, and hand the item over."""
        booking = self._meeting(app, reasons, decision)
        shown = [*reasons, MEETING_NOTE.format(url=booking)] if booking else reasons
        note = fitted_manual_note(app.reference, shown, decision, case.note_limit)
        session.write_manual(case, app.reference, note, task_text(app.reference, reasons, case.task_limit))
        full = manual_note(app.reference, shown, decision)
        notice = {"notice": {"booking_url": booking}} if booking else {}
        if decision is None:
            decided = {"decision": "manuell", "note": full}
            return ItemResult(state="manual", reasons=reasons, decision=decided, data=notice)
        data = result_data(decision, app, answers, "manuell", note=full)
        data["data"] = {**data["data"], **notice}
        return ItemResult(state="manual", reasons=reasons, amount=None, **data)

    def _meeting(self, app: Application, reasons: list[str], decision: Decision | None) -> str | None:
        """The applicant's booking link when the reasons call for a meeting; None otherwise or when it fails."""
        if self.contact is None or decision is None:
            return None
        rules = {reason.rule_id for reason in decision.reasons}
        rules |= {"process.medsokande_andrad"} if CO_APPLICANT_CHANGED in reasons else set()
        try:
            return self.contact.meeting_link(app.reference, rules)
        except ConnectorError as error:
            log.warning("booking_link_failed", reference=app.reference, error=type(error).__name__)
            return None

    def _propose(
        self,
        session: CaseSystem,
        app: Application,
        case: CaseView,
        decision: Decision,
        answers: dict[str, RegisterAnswer],
    ) -> ItemResult:
        draft = draft_from(decision, app, case.note_limit)
        try:
            saved = session.write_proposal(case, draft)
        except CaseSystemRefused as refused:
            log.info("proposal_refused", reference=app.reference, reason=refused.reason)
            reasons = [self.refusal_reason(refused), *visible_reasons(decision)]
            return self._manual(session, case, app, reasons, decision, answers)
        differences = saved.differences(draft)
        if differences:
            raise ProposalMismatch("The saved proposal differs from the calculation.", differences)
        return self._proposed(decision, app, answers)

    def _own_proposal(
        self,
        session: CaseSystem,
        own: ProposalEntry,
        app: Application,
        case: CaseView,
        decision: Decision,
        extra: list[str],
        answers: dict[str, RegisterAnswer],
    ) -> ItemResult:
        """The item's own earlier save (a crash after saving): read back, it must equal what would be written."""
        if decision.outcome == "manuell" or extra or not own.link:
            raise ProposalMismatch("The saved proposal no longer matches the calculation.", [NOW_MANUAL])
        draft = draft_from(decision, app, case.note_limit)
        differences = session.read_proposal(own.link).differences(draft)
        if differences:
            raise ProposalMismatch("The saved proposal differs from the calculation.", differences)
        log.info("proposal_found_saved", reference=app.reference)
        return self._proposed(decision, app, answers)

    @staticmethod
    def _proposed(decision: Decision, app: Application, answers: dict[str, RegisterAnswer]) -> ItemResult:
        amount = decision.amount if decision.outcome == "bevilja" else 0
        data = result_data(decision, app, answers, decision.outcome)
        return ItemResult(state="proposed", reasons=visible_reasons(decision), amount=amount, **data)
