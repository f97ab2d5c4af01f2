"""Reading the case system's pages into models: the case page (every table on it) and the proposal page.

A page is read in one browser round trip into a :class:`Snapshot` (labelled values and tables by
heading); the functions here turn a snapshot into models. Navigation, errors and retries are in
:mod:`connectors.case_system.session`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from playwright.sync_api import Frame, Page

from connectors.case_system import scripts
from connectors.case_system import selectors as s
from connectors.case_system.errors import CaseSystemError
from connectors.case_system.models import (
    CalculationRow,
    CaseRecord,
    CaseView,
    HistoryEntry,
    JournalEntry,
    Member,
    PreviousCalculation,
    ProposalEntry,
    SavedProposal,
    TaskEntry,
)


@dataclass(frozen=True)
class Snapshot:
    """What a page shows: values by their label, tables (rows of cell texts and first link) by heading,
    and the longest text each named field takes (its maxlength)."""

    labels: dict[str, str]
    tables: dict[str, list[dict[str, Any]]]
    limits: dict[str, int]

    def value(self, label: str) -> str:
        if label not in self.labels:
            raise CaseSystemError(
                f"The field {label!r} is missing from the case system page; has the page changed?"
            )
        return self.labels[label].strip()

    def rows(self, heading: str) -> list[list[str]]:
        """The data rows (header row left out) of the table under ``heading``; empty when absent."""
        return [row["cells"] for row in self.tables.get(heading, [])[1:]]

    def links(self, heading: str) -> list[tuple[list[str], str | None]]:
        return [(row["cells"], row["href"]) for row in self.tables.get(heading, [])[1:]]


def snapshot(surface: Page | Frame) -> Snapshot:
    data: dict[str, Any] = surface.evaluate(scripts.SNAPSHOT)
    return Snapshot(labels=data["labels"], tables=data["tables"], limits=data.get("limits", {}))


def parse_amount(text: str) -> Decimal:
    """``"6 500,00"`` -> ``Decimal("6500.00")``."""
    cleaned = text.replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".").strip()
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise CaseSystemError(f"The case system showed an amount the robot cannot read: {text!r}.") from error


def _code(mapping: dict[str, str], text: str, what: str) -> Any:
    try:
        return mapping[text.strip()]
    except KeyError as error:
        raise CaseSystemError(f"The case system showed an unknown {what}: {text.strip()!r}.") from error


def _calculation_rows(rows: list[list[str]]) -> list[CalculationRow]:
    """The rows that are calculation rows (type, code, label, amount); totals and others left out."""
    return [
        CalculationRow(
            kind=_code(s.KIND_BY_TEXT, cells[0], "row type"),
            code=cells[1].strip(),
            label=cells[2].strip(),
            amount=parse_amount(cells[3]),
        )
        for cells in rows
        if len(cells) == 4 and cells[0].strip() in s.KIND_BY_TEXT
    ]


def read_previous(page: Snapshot) -> PreviousCalculation | None:
    if s.PREVIOUS_HEADING not in page.tables:
        return None
    values = {
        cells[0].strip(): cells[1].strip() for cells in page.rows(s.PREVIOUS_HEADING) if len(cells) >= 2
    }
    month_row = page.tables[s.PREVIOUS_HEADING][0]["cells"]  # the month is above the column headers
    if month_row and month_row[0].strip() == s.PREVIOUS_MONTH:
        values[s.PREVIOUS_MONTH] = month_row[1].strip()
    return PreviousCalculation(
        month=values.get(s.PREVIOUS_MONTH, ""),
        rows=_calculation_rows(page.rows(s.PREVIOUS_HEADING)),
        decision=_code(s.DECISION_BY_TEXT, values.get(s.PREVIOUS_DECISION, ""), "decision"),
        amount=parse_amount(values.get(s.PREVIOUS_AMOUNT, "")),
    )


def read_case(page: Snapshot) -> CaseRecord:
    """The case page as a :class:`CaseRecord`."""
    members = [
        Member(
            name=cells[0].strip(),
            birth_date=date.fromisoformat(cells[1].strip()),
            relation=_code(s.RELATION_BY_TEXT, cells[2], "relation"),
        )
        for cells in page.rows(s.MEMBERS_HEADING)
    ]
    return CaseRecord(
        case_number=page.value(s.CASE_NUMBER),
        identity_number=page.value(s.APPLICANT_IDENTITY),
        applicant_name=page.value(s.APPLICANT_NAME),
        co_applicant_identity_number=page.value(s.CO_APPLICANT_IDENTITY) or None,
        co_applicant_name=page.value(s.CO_APPLICANT_NAME) or None,
        members=members,
        protected_identity=page.value(s.PROTECTED_IDENTITY) in s.YES_TEXTS,
        status=_code(s.CASE_STATUS_BY_TEXT, page.value(s.CASE_STATUS), "case status"),
        consecutive_months_on_support=int(page.value(s.CONSECUTIVE_MONTHS)),
        jobbstimulans_months_used=int(page.value(s.JOBBSTIMULANS_MONTHS)),
        labour_market_plan=page.value(s.LABOUR_MARKET_PLAN) in s.YES_TEXTS,
        previous=read_previous(page),
        proposal_references=[
            cells[s.PROPOSAL_REFERENCE_COLUMN].strip() for cells in page.rows(s.PROPOSALS_HEADING)
        ],
    )


def _cell(cells: list[str], column: int) -> str:
    return cells[column].strip() if column < len(cells) else ""


def read_entries(page: Snapshot) -> list[ProposalEntry]:
    """Every proposal and decision the case page lists, oldest first."""
    c = s.PROPOSAL_COLUMNS
    return [
        ProposalEntry(
            reference=_cell(cells, c["reference"]),
            month=_cell(cells, c["month"]),
            decision=_code(s.DECISION_BY_TEXT, _cell(cells, c["decision"]), "decision"),
            amount=int(parse_amount(_cell(cells, c["amount"]))),
            status=_code(s.PROPOSAL_STATUS_BY_TEXT, _cell(cells, c["status"]), "proposal status"),
            created_at=_cell(cells, c["created_at"]),
            created_by=_cell(cells, c["created_by"]),
            handled_by=_cell(cells, c["handled_by"]) or None,
            handled_at=_cell(cells, c["handled_at"]) or None,
            link=href,
        )
        for cells, href in page.links(s.PROPOSALS_HEADING)
    ]


def read_view(page: Snapshot, url: str) -> CaseView:
    """The case page as a :class:`CaseView`: the record and every table the robot checks before writing."""
    h, j, t = s.HISTORY_COLUMNS, s.JOURNAL_COLUMNS, s.TASK_COLUMNS
    return CaseView(
        **read_case(page).model_dump(),
        url=url,
        proposals=read_entries(page),
        history=[
            HistoryEntry(
                month=_cell(cells, h["month"]),
                decision=_code(s.DECISION_BY_TEXT, _cell(cells, h["decision"]), "decision"),
                amount=parse_amount(_cell(cells, h["amount"])),
            )
            for cells in page.rows(s.HISTORY_HEADING)
        ],
        journal=[
            JournalEntry(
                reference=_cell(cells, j["reference"]),
                text=cells[j["text"]].strip() if j["text"] < len(cells) else "",
                author=_cell(cells, j["author"]),
                created_at=_cell(cells, j["created_at"]),
                proposal=_cell(cells, j["proposal"]) or None,
            )
            for cells in page.rows(s.JOURNAL_HEADING)
        ],
        tasks=[
            TaskEntry(
                reference=_cell(cells, t["reference"]),
                text=_cell(cells, t["text"]),
                status=_code(s.TASK_STATUS_BY_TEXT, _cell(cells, t["status"]), "task status"),
                created_at=_cell(cells, t["created_at"]),
                done_by=_cell(cells, t["done_by"]) or None,
            )
            for cells in page.rows(s.TASKS_HEADING)
        ],
        note_limit=page.limits.get(s.JOURNAL_TEXT),
        task_limit=page.limits.get(s.TASK_TEXT),
    )


def read_proposal(page: Snapshot) -> SavedProposal:
    """The proposal page as a :class:`SavedProposal`."""
    return SavedProposal(
        case_number=page.value(s.DETAIL_CASE_NUMBER),
        reference=page.value(s.DETAIL_REFERENCE),
        period=page.value(s.DETAIL_MONTH),
        decision=_code(s.DECISION_BY_TEXT, page.value(s.DETAIL_DECISION), "decision"),
        amount=int(parse_amount(page.value(s.DETAIL_AMOUNT))),
        rows=_calculation_rows(page.rows(s.DETAIL_ROWS_HEADING)),
        note=page.value(s.DETAIL_NOTE),
        status=_code(s.PROPOSAL_STATUS_BY_TEXT, page.value(s.DETAIL_STATUS), "status"),
        created_at=page.value(s.DETAIL_CREATED),
        handled_by=page.value(s.DETAIL_HANDLED_BY) or None,
    )
