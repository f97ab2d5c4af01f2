"""What the robot reads from and writes to the legacy case system, as pydantic models (architecture §3)."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

Kind = Literal["norm", "kostnad", "inkomst"]
Decision = Literal["bevilja", "avsla"]
ProposalStatus = Literal["awaiting", "confirmed", "rejected"]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class CalculationRow(BaseModel):
    """One row of a calculation: a norm, a cost or an income."""

    kind: Kind
    code: str
    label: str = ""
    amount: Decimal


class Member(BaseModel):
    name: str
    birth_date: date
    relation: Literal["barn", "vuxen"]


class PreviousCalculation(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN)
    rows: list[CalculationRow]
    decision: Decision
    amount: Decimal


class CaseRecord(BaseModel):
    """A person's case as the case page shows it."""

    case_number: str
    identity_number: str
    applicant_name: str
    co_applicant_identity_number: str | None = None
    co_applicant_name: str | None = None
    members: list[Member] = Field(default_factory=list)
    protected_identity: bool = False
    status: Literal["open", "closed"]
    consecutive_months_on_support: int
    jobbstimulans_months_used: int
    labour_market_plan: bool
    previous: PreviousCalculation | None = None
    proposal_references: list[str] = Field(default_factory=list)


class ProposalEntry(BaseModel):
    """A proposal or decision as the case page lists it: any reference, any status."""

    reference: str
    month: str
    decision: Decision
    amount: int
    status: ProposalStatus
    created_at: str = ""
    created_by: str = ""
    handled_by: str | None = None  # who confirmed or rejected it
    handled_at: str | None = None
    link: str | None = None  # the proposal's own page


class HistoryEntry(BaseModel):
    """A decided calculation in the case's history (made in the case system, not proposed by a robot)."""

    month: str
    decision: Decision
    amount: Decimal


class JournalEntry(BaseModel):
    reference: str
    text: str
    author: str = ""
    created_at: str = ""
    proposal: str | None = None  # set when the note is a proposal's own note


class TaskEntry(BaseModel):
    """An "Att göra" task for a caseworker."""

    reference: str
    text: str
    status: Literal["open", "done"]
    created_at: str = ""
    done_by: str | None = None


class CaseView(CaseRecord):
    """The case page as read once at the start of an item: the record the rules read, and everything
    the idempotency check and the writes need (every proposal and decision, notes, tasks, limits)."""

    url: str  # the case page's path, e.g. "/arende/12"
    proposals: list[ProposalEntry] = Field(default_factory=list)
    history: list[HistoryEntry] = Field(default_factory=list)
    journal: list[JournalEntry] = Field(default_factory=list)
    tasks: list[TaskEntry] = Field(default_factory=list)
    note_limit: int | None = None  # the longest journal note the page takes (its maxlength), when stated
    task_limit: int | None = None

    def proposal(self, reference: str) -> ProposalEntry | None:
        """The newest proposal saved with ``reference``, or None."""
        found = [entry for entry in self.proposals if entry.reference == reference]
        return found[-1] if found else None

    def note(self, reference: str) -> str | None:
        """The newest journal note with ``reference`` that is not a proposal's own note, or None."""
        found = [entry.text for entry in self.journal if entry.reference == reference and not entry.proposal]
        return found[-1] if found else None

    def task(self, reference: str) -> TaskEntry | None:
        found = [entry for entry in self.tasks if entry.reference == reference]
        return found[-1] if found else None

    def proposals_for(self, month: str) -> list[ProposalEntry]:
        """Every proposal and decision for ``month``, whatever its reference and status."""
        return [entry for entry in self.proposals if entry.month == month]

    def decisions_for(self, month: str) -> list[HistoryEntry]:
        return [entry for entry in self.history if entry.month == month]


class ProposalDraft(BaseModel):
    """A proposed decision the robot writes: calculation rows, decision, amount, journal note."""

    reference: str = Field(min_length=1, max_length=100)
    period: str = Field(pattern=MONTH_PATTERN)
    decision: Decision
    amount: int = Field(ge=0)
    rows: list[CalculationRow] = Field(min_length=1)
    note: str = ""

    @property
    def period_start(self) -> date:
        year, month = (int(part) for part in self.period.split("-"))
        return date(year, month, 1)

    @property
    def period_end(self) -> date:
        start = self.period_start
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])


class SavedProposal(BaseModel):
    """A proposal as stored in the case system, read back from its page."""

    case_number: str
    reference: str
    period: str
    decision: Decision
    amount: int
    rows: list[CalculationRow]
    note: str = ""
    status: ProposalStatus
    created_at: str = ""
    handled_by: str | None = None

    def differences(self, draft: ProposalDraft) -> list[str]:
        """How this saved proposal differs from ``draft`` (empty when it matches)."""
        found: list[str] = []
        for name in ("reference", "period", "decision", "amount"):
            if getattr(self, name) != getattr(draft, name):
                found.append(f"{name}: saved {getattr(self, name)!r}, draft {getattr(draft, name)!r}")
        if _normal_text(self.note) != _normal_text(draft.note):
            found.append("note differs")
        if len(self.rows) != len(draft.rows):
            found.append(f"rows: saved {len(self.rows)}, draft {len(draft.rows)}")
        for index, (saved, wanted) in enumerate(zip(self.rows, draft.rows, strict=False), start=1):
            if (saved.kind, saved.code, saved.label.strip(), saved.amount) != (
                wanted.kind,
                wanted.code.strip(),
                wanted.label.strip(),
                wanted.amount,
            ):
                found.append(f"row {index}: saved {saved.kind}/{saved.code} {saved.amount}, draft differs")
        return found


def _normal_text(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").strip().split("\n"))
