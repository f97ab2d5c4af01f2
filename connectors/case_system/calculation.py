"""The calculation form: loaded into its frame on the case page, filled in one step, checked, saved.

The form is filled by one script in the frame that sets every field and fires the events the page's
own script listens to (it sums the rows); the fields and the page's sum are then read back once and
compared with the draft before anything is saved. Whatever the form cannot take (a text longer than
its field, a value not in a list, more rows than it has) is a refusal: the same draft would be
refused again, so it is never retried.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import structlog

from connectors.case_system import reading, scripts
from connectors.case_system import selectors as s
from connectors.case_system.browsing import Browsing
from connectors.case_system.errors import CaseSystemError, CaseSystemRefused
from connectors.case_system.models import ProposalDraft, SavedProposal
from connectors.case_system.reading import parse_amount

log = structlog.get_logger("connectors.case_system")
FIELD_NAMES = {
    s.DECISION: "Beslut",
    s.AMOUNT: "Belopp",
    s.PERIOD_FROM: "Period från",
    s.PERIOD_TO: "Period till",
    s.REFERENCE: "Ärendereferens",
    s.NOTE: "Journalanteckning",
    s.ROW_KIND: "Typ",
    s.ROW_CODE: "Kod",
    s.ROW_LABEL: "Benämning",
    s.ROW_AMOUNT: "Belopp",
}


def format_amount(amount: Decimal | int) -> str:
    """An amount the way a caseworker types it: ``Decimal("6500.5")`` -> ``"6500,50"``."""
    return f"{Decimal(amount):.2f}".replace(".", ",")


def form_values(draft: ProposalDraft) -> dict[str, str]:
    """Every field of the form the draft fills, by its name after the instance prefix."""
    values: dict[str, str] = {}
    for index, row in enumerate(draft.rows):
        for suffix, value in (
            (s.ROW_KIND, row.kind),
            (s.ROW_CODE, row.code),
            (s.ROW_LABEL, row.label),
            (s.ROW_AMOUNT, format_amount(row.amount)),
        ):
            values[s.ROW_FIELD.format(row=index, suffix=suffix)] = value
    values.update(
        {
            s.DECISION: draft.decision,
            s.AMOUNT: str(draft.amount),
            s.PERIOD_FROM: draft.period_start.isoformat(),
            s.PERIOD_TO: draft.period_end.isoformat(),
            s.REFERENCE: draft.reference,
            s.NOTE: draft.note,
        }
    )
    return values


def field_name(key: str) -> str:
    """The Swedish name of a form field, e.g. ``"r2_txt"`` -> ``"Benämning (rad 3)"``."""
    row = re.fullmatch(r"r(\d+)_(\w+)", key)
    if row:
        return f"{FIELD_NAMES.get(row.group(2), row.group(2))} (rad {int(row.group(1)) + 1})"
    return FIELD_NAMES.get(key, key)


def _spec(**extra: Any) -> dict[str, Any]:
    return {
        "form": s.CALCULATION_FORM,
        "instanceField": s.FORM_INSTANCE,
        "prefix": s.FIELD_PREFIX,
        "rowPattern": s.ROW_KIND_PATTERN,
        **extra,
    }


def _refused(reason: str) -> CaseSystemRefused:
    return CaseSystemRefused(f"The calculation form cannot take the proposal: {reason}", reason)


def _problem_reason(problem: dict[str, Any]) -> str:
    name = field_name(problem["field"])
    if problem["kind"] == "length":
        return (
            f"Texten i fältet {name} är för lång för verksamhetssystemet "
            f"({problem['length']} tecken, högst {problem['limit']})."
        )
    return f"Värdet {problem.get('value')!r} finns inte att välja i fältet {name} i verksamhetssystemet."


class CalculationForm(Browsing):
    """The calculation form's part of a case-system session."""

    def _fill_and_save(self, draft: ProposalDraft) -> SavedProposal:
        """Open the form on the current case page, fill it, check it and save; the proposal as saved.

        The answer to the save shows the proposal as the case system stored it, so it is read back
        from there, without another page."""
        page = self.page
        frame = page.frame(name=s.CALCULATION_FRAME)
        if frame is None:
            raise CaseSystemError("The case page has no calculation frame; has the page changed?")
        self._check(frame, self._submit(page, s.NEW_CALCULATION, loads=frame), "the calculation form")
        wanted = form_values(draft)
        filled = frame.evaluate(scripts.FILL_FORM, _spec(values=wanted))
        if filled["missing_form"]:
            raise CaseSystemError("The calculation frame holds no calculation form; has the page changed?")
        if len(draft.rows) > filled["rows"]:
            raise _refused(
                f"Beräkningen har {len(draft.rows)} rader men formuläret i verksamhetssystemet tar högst "
                f"{filled['rows']}; beräkningen behöver matas in för hand."
            )
        missing = [p["field"] for p in filled["problems"] if p["kind"] == "missing"]
        if missing:
            raise CaseSystemError(f"The calculation form lacks the fields {missing}; has the page changed?")
        if filled["problems"]:
            raise _refused(" ".join(_problem_reason(problem) for problem in filled["problems"]))
        _verify(frame.evaluate(scripts.READ_FORM, _spec(keys=[*wanted, s.TOTAL]))["values"], wanted, draft)
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
        self._check(frame, status, "the proposal")
        shown = reading.snapshot(frame)
        if s.SAVED_NUMBER_LABEL not in shown.labels:
            raise CaseSystemError("The case system did not say the proposal was saved; has the page changed?")
        return reading.read_proposal(shown)


def _verify(shown: dict[str, Any], wanted: dict[str, str], draft: ProposalDraft) -> None:
    """Compare the form as the page holds it with the draft, before saving."""
    for key, value in wanted.items():
        held = shown.get(key)
        if held is None or held.replace("\r\n", "\n") != value.replace("\r\n", "\n"):
            raise _refused(
                f"Formuläret i verksamhetssystemet tog inte emot värdet i fältet {field_name(key)}."
            )
    total = sum((-row.amount if row.kind == "inkomst" else row.amount for row in draft.rows), Decimal(0))
    page_total = parse_amount(str(shown.get(s.TOTAL) or "")) if shown.get(s.TOTAL) else None
    if page_total != total:
        raise _refused(
            f"Verksamhetssystemets summa av raderna ({shown.get(s.TOTAL) or 'ingen'}) stämmer inte med "
            f"robotens ({format_amount(total)})."
        )
