"""The synthetic world the sandbox stands in for, as plain data.

:func:`sandbox.synthetic.generate` builds a :class:`Scenario`; each stand-in system takes its part:
the e-service its submissions, the income register its payments and gaps, the case system its
cases. ``expected`` on each application says what a correct robot must do with it, computed
independently of ``rules/`` (the test oracle).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal


@dataclass
class MemberSeed:
    name: str
    birth_date: str  # ISO date
    relation: Literal["barn", "vuxen"]
    living_at_home: bool = True
    lunch_at_preschool: bool = False
    in_upper_secondary_school: bool = False


@dataclass
class RowSeed:
    """A row of a calculation in the case system."""

    kind: Literal["norm", "kostnad", "inkomst"]
    code: str  # cost or income code from docs/architecture.md, or "riksnorm"
    label: str  # Swedish label as a caseworker reads it
    amount: Decimal


@dataclass
class CalculationSeed:
    month: str  # "YYYY-MM"
    rows: list[RowSeed]
    decision: Literal["bevilja", "avsla"]
    amount: Decimal


@dataclass
class CaseSeed:
    case_number: str
    identity_number: str
    name: str
    co_applicant_identity_number: str | None = None
    co_applicant_name: str | None = None
    household: list[MemberSeed] = field(default_factory=list)
    protected_identity: bool = False
    status: Literal["open", "closed"] = "open"
    consecutive_months_on_support: int = 0
    jobbstimulans_months_used: int = 0
    labour_market_plan: bool = True
    previous: CalculationSeed | None = None


RegisterSource = Literal["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV"]  # SSBTEK's seven sources


@dataclass
class PaymentSeed:
    """A payment a paying source (FK, SO = the unemployment funds, CSN, SKV) reports for a person."""

    identity_number: str
    source: RegisterSource
    type: str  # income type code
    amount: Decimal
    period: str  # "YYYY-MM"
    payment_date: str  # ISO date


@dataclass
class RegisterGapSeed:
    """The source has no data for this person and month yet (a late report): its payments are held back."""

    identity_number: str
    source: RegisterSource
    period: str


@dataclass
class RegisterErrorSeed:
    """The source answers every question about this person with SSBTEK's error element."""

    identity_number: str
    source: RegisterSource
    code: str = "TEKNISKT_FEL"
    message: str = "Bastjänsten kunde inte besvara frågan på grund av ett tekniskt fel."
    origin: Literal["SSBT", "BT"] = (
        "BT"  # SSBT: the composite service itself (e.g. a timeout); BT: the source
    )


@dataclass
class Expected:
    """What a correct robot does with an application (the oracle for tests)."""

    outcome: Literal["proposed", "manual", "quarantined"]
    decision: Literal["bevilja", "avsla"] | None = None
    amount: int | None = None  # whole kronor, for proposed decisions
    why: str = ""  # the scenario's kind, e.g. "clear: single adult, salary", "manual: rent above cap"


@dataclass
class ApplicationSeed:
    payload: dict[str, Any]  # the intake format of docs/architecture.md, JSON-ready
    expected: Expected


@dataclass
class Scenario:
    seed: int
    month: str
    applications: list[ApplicationSeed]
    cases: list[CaseSeed]
    payments: list[PaymentSeed]
    gaps: list[RegisterGapSeed]
