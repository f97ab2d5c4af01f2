"""The connector to the legacy case system: Playwright page objects, models and errors (architecture §3)."""

from connectors.case_system.errors import (
    CaseNotFound,
    CaseSystemError,
    CaseSystemRefused,
    CaseSystemUnavailable,
    LoginFailed,
    ProposalMismatch,
)
from connectors.case_system.models import (
    CalculationRow,
    CaseRecord,
    CaseView,
    HistoryEntry,
    JournalEntry,
    Member,
    PreviousCalculation,
    ProposalDraft,
    ProposalEntry,
    SavedProposal,
    TaskEntry,
)
from connectors.case_system.session import CaseSystemSession
from connectors.evidence import capture_evidence

__all__ = [
    "CalculationRow",
    "CaseNotFound",
    "CaseRecord",
    "CaseSystemError",
    "CaseSystemRefused",
    "CaseSystemSession",
    "CaseSystemUnavailable",
    "CaseView",
    "HistoryEntry",
    "JournalEntry",
    "LoginFailed",
    "Member",
    "PreviousCalculation",
    "ProposalDraft",
    "ProposalEntry",
    "ProposalMismatch",
    "SavedProposal",
    "TaskEntry",
    "capture_evidence",
]
