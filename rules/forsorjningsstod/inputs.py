"""The input of one calculation: a reapplication with register data and the case context.

The robot maps connector data onto :class:`CaseInput`; the rules read nothing else. Person ids
(``Member.id``, income ``person``) are free strings that must match across the model, e.g.
``"applicant"``, ``"co_applicant"`` or a household member's name.
"""

from __future__ import annotations

import datetime as dt
import warnings
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rules.engine.decision import FreeText
from rules.engine.money import Money

Role = Literal["applicant", "co_applicant", "child", "other_adult"]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Model):
    id: str
    role: Role
    birth_date: dt.date
    living_at_home: bool = True
    lunch_at_preschool: bool = False
    in_upper_secondary_school: bool = False


class OtherCost(_Model):
    description: str
    amount: Money = Field(ge=0)


class Costs(_Model):
    rent: Money = Field(default=Decimal(0), ge=0)
    household_electricity: Money = Field(default=Decimal(0), ge=0)
    home_insurance: Money = Field(default=Decimal(0), ge=0)
    work_travel: Money = Field(default=Decimal(0), ge=0)
    union_fee: Money = Field(default=Decimal(0), ge=0)
    akassa_fee: Money = Field(default=Decimal(0), ge=0)
    other: list[OtherCost] = []


class DeclaredIncome(_Model):
    person: str
    type: str
    amount: Money


class RegisterIncome(_Model):
    person: str
    source: str
    type: str
    amount: Money


class MissingRegisterData(_Model):
    """A register source without data for ``person`` and ``month``: ``no_data`` (it has none yet) or
    ``error`` (it answered with an error). The source is the register's code (SSBTEK: AF, CSN, FK, SKV,
    SO, TNS, MIV); the rules name it, whatever connector fetched it."""

    person: str
    source: str
    month: str = Field(pattern=MONTH_PATTERN)
    status: Literal["no_data", "error"] = "no_data"


class RegisterData(_Model):
    """Register answers: control month M-1, comparison month M-2, and sources that could not answer."""

    control_month: list[RegisterIncome] = []
    comparison_month: list[RegisterIncome] = []
    missing: list[MissingRegisterData] = []


class PreviousMember(_Model):
    role: Role
    birth_date: dt.date


class PreviousIncome(_Model):
    person: str | None = None
    type: str
    amount: Money


class PreviousCalculation(_Model):
    month: str = Field(pattern=MONTH_PATTERN)
    housing_cost: Money
    members: list[PreviousMember] = []
    incomes: list[PreviousIncome] = []
    decision: Literal["bevilja", "avsla"]
    amount: Money


class CaseContext(_Model):
    case_open: bool = True
    protected_identity: bool = False
    labour_market_plan: bool = True
    consecutive_months_on_support: int = Field(default=0, ge=0)
    jobbstimulans_months_used: int = Field(default=0, ge=0)
    previous: PreviousCalculation | None = None


with warnings.catch_warnings():
    # "register" is the contract's field name; it shadows a rarely used BaseModel attribute.
    warnings.filterwarnings("ignore", message='Field name "register"', category=UserWarning)

    class CaseInput(_Model):
        """Everything one calculation needs. ``register=None``/``case=None``: not fetched (manual).

        ``free_texts``: what the applicant wrote in the form's free-text fields (a non-empty one sends
        the case to a caseworker); ``spot_check_percent``: the share of otherwise clear cases the
        process sends to a caseworker as a check (0-100, default 0)."""

        reference: str
        month: str = Field(pattern=MONTH_PATTERN)
        members: list[Member]
        cohabitation: Literal["sambo", "gift"] | None = None
        costs: Costs = Costs()
        declared_incomes: list[DeclaredIncome] = []
        register: RegisterData | None = None
        case: CaseContext | None = None
        has_assets: bool = False
        has_changed: bool = False
        change_description: str = ""
        free_texts: list[FreeText] = []  # every free-text field of the form (message, descriptions)
        spot_check_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)  # the process's setting
