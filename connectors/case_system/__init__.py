"""The connector to the legacy case system: Playwright page objects, models and errors (architecture §3)."""

from connectors.case_system.errors import (
    CaseNotFound,
    CaseSystemError,
    CaseSystemUnavailable,
    LoginFailed,
    ProposalMismatch,
)
from connectors.case_system.models import (
    CalculationRow,
    CaseRecord,
    Member,
    PreviousCalculation,
    ProposalDraft,
    SavedProposal,
)
from connectors.case_system.session import CaseSystemSession
from connectors.evidence import capture_evidence

__all__ = [
    "CalculationRow",
    "CaseNotFound",
    "CaseRecord",
    "CaseSystemError",
    "CaseSystemSession",
    "CaseSystemUnavailable",
    "LoginFailed",
    "Member",
    "PreviousCalculation",
    "ProposalDraft",
    "ProposalMismatch",
    "SavedProposal",
    "capture_evidence",
]
