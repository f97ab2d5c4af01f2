"""Økonomisk sosialhjelp: the municipality's digital inbox (NAV's formats) -> rules -> case system.

For each soknad it reads the case once and then: a proposal carrying the soknad's own reference is
its earlier save (read back; equal, the item is proposed); another proposal or decision for the
month, an earlier application of the same person and month, a closed case or a protected identity
sends it to a caseworker with the reasons; otherwise the rules (statens veiledende retningslinjer)
decide and the robot writes a proposal (read back and compared) or a journal note and a task.
The applicant follows each step as digisos-søker events in the inbox (``notify``); ``follow_up``
reads back a caseworker's decision. The guidance rates are a starting point for the caseworker's
individual assessment (sosialtjenesteloven § 18): the robot proposes and explains, never decides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from decimal import Decimal
from zoneinfo import ZoneInfo

from playwright.sync_api import Page

from connectors.case_system import CaseNotFound, CaseSystemRefused, CaseSystemSession
from connectors.case_system.models import CaseView
from connectors.digisos import DigisosClient, Soknad, validate_payload
from connectors.digisos import reading as r
from connectors.errors import ConnectorError, Refused
from connectors.web_browser import RobotBrowser
from processes.kit.browser import SessionProcess
from processes.sosialhjelp import notes
from processes.sosialhjelp.duplicates import duplicate_reasons
from processes.sosialhjelp.events import events_for
from processes.sosialhjelp.mapping import case_input
from processes.sosialhjelp.proposal import draft_from, result_data, visible_reasons
from processes.sosialhjelp.systems import CaseSystem, SessionFactory
from processes.sosialhjelp.texts import (
    CASE_CLOSED,
    LAST_RESORT,
    MISMATCH,
    NO_CASE,
    NOTE_FOUND,
    NOW_MANUAL,
    PROTECTED,
    REFUSED,
)
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
from robot.queue.models import utcnow
from rules.sosialhjelp import Decision, Parameters, decide

OSLO = ZoneInfo("Europe/Oslo")


def intake_record(reference: str, submitted_at: str, payload: object) -> IntakeRecord:
    """A valid soknad becomes a work item; an invalid one is quarantined with Norwegian sentences."""
    stored = payload if isinstance(payload, dict) else {"raw": payload}
    soknad, errors = validate_payload(payload)
    try:
        received = dt.datetime.fromisoformat(submitted_at.replace("Z", "+00:00"))
    except ValueError:
        received = None
    if soknad is None:
        return IntakeRecord(reference=reference, payload=stored, errors=errors, submitted_at=received)
    personalia = soknad.data.personalia
    return IntakeRecord(
        reference=reference,
        payload=stored,
        subject=personalia.personIdentifikator.verdi,
        subject_name=personalia.navn.full(),
        period=r.month_applied_for(soknad),
        submitted_at=received,
    )


class SosialhjelpProcess(SessionProcess[CaseSystem]):
    """Implements robot.process.Process for Norwegian økonomisk sosialhjelp."""

    name = "sosialhjelp"
    spot_check_percent = Decimal(0)  # the share of otherwise clear cases sent to a caseworker (settings)
    system_name = "fagsystemet (the case system)"

    def __init__(
        self,
        inbox: DigisosClient,
        browser: RobotBrowser,
        case_system_url: str,
        username: str,
        password: str,
        timeout_ms: int,
        parameters: Parameters,
        session_factory: SessionFactory | None = None,
    ) -> None:
        super().__init__(browser, session_factory or self._browser_session)
        self.inbox, self.parameters = inbox, parameters
        self.case_system_url, self.username, self._password = case_system_url, username, password
        self.timeout_ms = timeout_ms

    # --- intake and the applicant ------------------------------------------------------------
    def fetch_new(self) -> Iterator[IntakeRecord]:
        try:
            submissions = self.inbox.fetch_new()
        except ConnectorError as error:
            raise ApplicationException(f"The digital inbox could not be read: {error}") from error
        for submission in submissions:
            yield intake_record(submission.fiks_digisos_id, submission.submitted_at, submission.payload)

    def acknowledge(self, reference: str) -> None:
        self.inbox.acknowledge(reference)

    def notify(self, notice: Notice) -> None:
        """Publish the step as digisos-søker events (the inbox keeps each event once)."""
        soknad, _errors = validate_payload(notice.payload)
        month = r.month_applied_for(soknad) if soknad is not None else None
        events = events_for(notice.step, notice.reference, month, notice.details, utcnow())
        if events:
            self.inbox.publish_missing(notice.reference, events)

    # --- the case system ---------------------------------------------------------------------
    def _browser_session(
        self, page: Page, login_page: Callable[[], AbstractContextManager[Page]]
    ) -> CaseSystem:
        return CaseSystemSession(
            page, self.case_system_url, self.username, self._password, self.timeout_ms, login_page
        )

    def refusal_reason(self, error: Refused) -> str:
        return REFUSED.format(reason=error.reason)

    # --- one transaction ---------------------------------------------------------------------
    def handle(self, item: WorkItemView, ctx: WorkContext) -> ItemResult:
        soknad = Soknad.model_validate(item.payload)
        self.begin(ctx)  # first: it may open a fresh page and session
        session = self.session
        with self.translated_errors():
            try:
                case = session.open_case(soknad.data.personalia.personIdentifikator.verdi)
            except CaseNotFound as error:
                raise BusinessException([NO_CASE], {"error": str(error)}) from error
            decision = decide(case_input(item.reference, soknad, self.spot_check_percent), self.parameters)
            own = case.proposal(item.reference)
            reasons = [] if own else duplicate_reasons(item.reference, decision.month, case, item.related)
            reasons += [CASE_CLOSED] if case.status == "closed" else []
            reasons += [PROTECTED] if case.protected_identity else []
            if own is not None:
                return self._own_proposal(session, case, own.link, decision)
            if reasons or decision.outcome == "manuell":
                return self._manual(
                    session, case, item.reference, reasons + visible_reasons(decision), decision
                )
            return self._propose(session, case, decision)

    def record_manual(self, item: WorkItemView, reasons: list[str], ctx: WorkContext) -> None:
        soknad, _errors = validate_payload(item.payload)
        if soknad is None:
            return
        session = self.session
        with self.translated_errors():
            try:
                case = session.open_case(soknad.data.personalia.personIdentifikator.verdi)
            except (CaseNotFound, CaseSystemRefused):
                return
            note = notes.manual(item.reference, reasons, None, case.note_limit)
            for text, task in (
                (note, notes.task(item.reference, reasons, case.task_limit)),
                (LAST_RESORT.format(reference=item.reference), None),
            ):
                try:
                    session.write_manual(case, item.reference, text, task)
                    return
                except CaseSystemRefused:
                    continue

    def reconcile(self, item: WorkItemView, ctx: WorkContext) -> ItemResult | None:
        soknad, _errors = validate_payload(item.payload)
        if soknad is None:
            return None
        session = self.session
        with self.translated_errors():
            try:
                case = session.open_case(soknad.data.personalia.personIdentifikator.verdi)
            except CaseNotFound:
                return None
            own = case.proposal(item.reference)
            decision = decide(case_input(item.reference, soknad, self.spot_check_percent), self.parameters)
            if own is not None and own.link and decision.outcome != "manuell":
                if not session.read_proposal(own.link).differences(draft_from(decision, case.note_limit)):
                    return self._proposed(decision)
                return None
            if case.note(item.reference) is not None:
                return ItemResult(state="manual", reasons=[NOTE_FOUND], decision={"decision": "manuell"})
            return None

    def follow_up(self, item: WorkItemView) -> Decided | None:
        """A caseworker's decision: the robot's proposal confirmed, or a decision for the month in the history."""
        if not item.subject or not item.period:
            return None
        case = self.session.open_case(item.subject)
        own = case.proposal(item.reference)
        if own is not None and own.status == "confirmed":
            if own.decision == "bevilja":
                return Decided("approved", own.amount, own.handled_by, _moment(own.handled_at))
            return Decided("rejected", 0, own.handled_by, _moment(own.handled_at))
        for decided in case.decisions_for(item.period):
            if decided.decision == "bevilja":
                return Decided("approved", int(decided.amount))
            return Decided("rejected", 0)
        return None

    # --- helpers -----------------------------------------------------------------------------
    def _manual(
        self,
        session: CaseSystem,
        case: CaseView,
        reference: str,
        reasons: list[str],
        decision: Decision | None,
    ) -> ItemResult:
        note = notes.manual(reference, reasons, decision, case.note_limit)
        session.write_manual(case, reference, note, notes.task(reference, reasons, case.task_limit))
        full = notes.manual_note(reference, reasons, decision)
        if decision is None:
            return ItemResult(state="manual", reasons=reasons, decision={"decision": "manuell", "note": full})
        return ItemResult(state="manual", reasons=reasons, **result_data(decision, "manuell", full))

    def _propose(self, session: CaseSystem, case: CaseView, decision: Decision) -> ItemResult:
        draft = draft_from(decision, case.note_limit)
        try:
            saved = session.write_proposal(case, draft)
        except CaseSystemRefused as refused:
            reasons = [self.refusal_reason(refused), *visible_reasons(decision)]
            return self._manual(session, case, decision.reference, reasons, decision)
        differences = saved.differences(draft)
        if differences:
            raise BusinessException([MISMATCH.format(differences="; ".join(differences))])
        return self._proposed(decision)

    def _own_proposal(
        self, session: CaseSystem, case: CaseView, link: str | None, decision: Decision
    ) -> ItemResult:
        if decision.outcome == "manuell" or not link:
            raise BusinessException([NOW_MANUAL])
        differences = session.read_proposal(link).differences(draft_from(decision, case.note_limit))
        if differences:
            raise BusinessException([MISMATCH.format(differences="; ".join(differences))])
        return self._proposed(decision)

    @staticmethod
    def _proposed(decision: Decision) -> ItemResult:
        amount = decision.amount if decision.outcome == "innvilge" else 0
        return ItemResult(
            state="proposed",
            reasons=visible_reasons(decision),
            amount=amount,
            **result_data(decision, decision.outcome),
        )


def _moment(text: str | None) -> dt.datetime | None:
    """A case-system timestamp ("2022-03-04 10:15:00", Oslo time) as a UTC datetime, when it can be read."""
    if not text:
        return None
    try:
        local = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return local.replace(tzinfo=local.tzinfo or OSLO).astimezone(dt.UTC)
