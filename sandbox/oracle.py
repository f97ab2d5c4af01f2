"""An independent hand calculation of försörjningsstöd for the sandbox's clear cases (the test oracle).

Written from the published tables, without importing ``rules/``, so the robot's result can be checked
against it. Only what the clear cases need: 2021 riksnorm (SFS 2020:1013, copied from
/work/shared/reference/riksnorm.md), one or two adults (sambor/gift) and children 0-18 living at home,
at most 7 people. Anything else raises ValueError rather than guess.

need = riksnorm + costs (rent, electricity, insurance, work travel, union and a-kassa fees)
       - incomes (register amounts for the control month; 25 % of salary disregarded under jobbstimulans)
rounded to whole kronor (ROUND_HALF_UP); <= 0 is a rejection (``avsla``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox.scenario import Expected, PaymentSeed

# SFS 2020:1013, in force 2021-01-01. Child bands: under 1 | 1-2 | 3 | 4-6 | 7-10 | 11-14 | 15-18 | 19-20.
CHILD_FULL_2021 = (2180, 2440, 2170, 2440, 3060, 3520, 3970, 4000)
CHILD_LUNCH_AT_PRESCHOOL_2021 = (2050, 2240, 1990, 2170)  # bands 0-6, not eating lunch at home
SINGLE_ADULT_2021 = 3160
SAMBOR_2021 = 5700
SHARED_COSTS_2021 = (1020, 1130, 1420, 1610, 1860, 2100, 2270)  # 1..7 members

# Housing cap of the sandbox's "Exempelkommun" (Högsby 2023): by adults, and by number of children.
HOUSING_CAP_ADULTS = {1: 4474, 2: 5581}
HOUSING_CAP_CHILDREN = (6192, 7416, 8046, 8650, 9255)  # 1, 2, 3, 4, 5 or more children (1-2 adults)

COST_CODES = {
    "rent": "boende",
    "household_electricity": "hushallsel",
    "home_insurance": "hemforsakring",
    "work_travel": "arbetsresor",
    "union_fee": "fackavgift",
    "akassa_fee": "akassaavgift",
}
NOT_DEDUCTED = frozenset({"handikappersattning", "stipendium"})
JOBBSTIMULANS_SHARE = Decimal("0.25")


def age_on(birth: date, day: date) -> int:
    """Completed years on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def child_norm(age: int, lunch_at_preschool: bool) -> int:
    """The 2021 personal amount for a child of ``age`` (0-18) living at home."""
    bands = (0, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6)
    if not 0 <= age <= 18:
        raise ValueError(f"The oracle handles children aged 0-18, not {age}.")
    band = bands[age]
    if band <= 3 and lunch_at_preschool:
        return CHILD_LUNCH_AT_PRESCHOOL_2021[band]
    return CHILD_FULL_2021[band]


def household_norm(month: str, adults: int, children: Iterable[tuple[date, bool]]) -> int:
    """Riksnorm for ``adults`` (1 or 2) and children given as (birth date, lunch at preschool)."""
    if not month.startswith("2021-"):
        raise ValueError(f"The oracle only knows the 2021 riksnorm, not {month}.")
    if adults not in (1, 2):
        raise ValueError("The oracle handles one or two adults.")
    kids = list(children)
    size = adults + len(kids)
    if size > len(SHARED_COSTS_2021):
        raise ValueError("The oracle handles households of at most 7 people.")
    on = first_day(month)
    personal = SINGLE_ADULT_2021 if adults == 1 else SAMBOR_2021
    personal += sum(child_norm(age_on(birth, on), lunch) for birth, lunch in kids)
    return personal + SHARED_COSTS_2021[size - 1]


def housing_cap(adults: int, children: int) -> int:
    """Exempelkommun's cap on housing cost for the household type."""
    if children == 0:
        return HOUSING_CAP_ADULTS[adults]
    return HOUSING_CAP_CHILDREN[min(children, 5) - 1]


@dataclass
class Breakdown:
    """A calculation: the norm, accepted costs by code, counted incomes by type, and the result."""

    month: str
    norm: int
    costs: dict[str, Decimal]
    incomes: list[tuple[str, Decimal]] = field(default_factory=list)  # (type, counted amount)

    @property
    def total(self) -> Decimal:
        costs = sum(self.costs.values(), Decimal(0))
        return self.norm + costs - sum((amount for _, amount in self.incomes), Decimal(0))

    @property
    def rounded(self) -> int:
        return int(self.total.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def counted_income(income_type: str, amount: Decimal, jobbstimulans: bool) -> Decimal:
    """What an income reduces the need by."""
    if income_type in NOT_DEDUCTED:
        return Decimal(0)
    if income_type == "lon" and jobbstimulans:
        # The disregarded quarter is rounded to whole öre, half up (the case system keeps öre).
        disregarded = (amount * JOBBSTIMULANS_SHARE).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return amount - disregarded
    return amount


def jobbstimulans_applies(consecutive_months: int, months_used: int) -> bool:
    return consecutive_months >= 6 and months_used < 24


def calculate(
    month: str,
    adults: int,
    children: Iterable[tuple[date, bool]],
    costs: dict[str, Any],
    payments: Iterable[PaymentSeed],
    jobbstimulans: bool,
) -> Breakdown:
    """The calculation for ``month``; ``costs`` keyed as in the intake payload, ``payments`` already
    limited to the household's register payments for the month that counts."""
    accepted = {code: Decimal(str(costs.get(key, 0))) for key, code in COST_CODES.items()}
    incomes = [(p.type, counted_income(p.type, p.amount, jobbstimulans)) for p in payments]
    return Breakdown(month, household_norm(month, adults, children), accepted, incomes)


def expected_for(breakdown: Breakdown, why: str) -> Expected:
    """The expected proposal: ``bevilja`` with the rounded amount, or ``avsla`` (amount None) when <= 0."""
    amount = breakdown.rounded
    if amount <= 0:
        return Expected("proposed", "avsla", None, why)
    return Expected("proposed", "bevilja", amount, why)


def expected_from_payload(
    payload: dict[str, Any],
    payments: Iterable[PaymentSeed],
    consecutive_months: int,
    jobbstimulans_months_used: int,
    why: str,
) -> Expected:
    """The expected outcome of a clear application, from its payload and the register's payments.

    Only payments of the applicant and co-applicant for the control month (the month before the
    month applied for) count.
    """
    month = payload["month"]
    year, number = int(month[:4]), int(month[5:7])
    control = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    people = {payload["applicant"]["identity_number"]}
    if payload.get("co_applicant"):
        people.add(payload["co_applicant"]["identity_number"])
    counted = [p for p in payments if p.identity_number in people and p.period == control]
    children = [
        (date.fromisoformat(m["birth_date"]), bool(m["lunch_at_preschool"]))
        for m in payload["household_members"]
        if m["relation"] == "barn"
    ]
    if len(children) != len(payload["household_members"]):
        raise ValueError("The oracle does not handle other adults in the household.")
    adults = 2 if payload.get("co_applicant") else 1
    stimulans = jobbstimulans_applies(consecutive_months, jobbstimulans_months_used)
    costs = {key: value for key, value in payload["costs"].items() if key != "other"}
    if payload["costs"].get("other"):
        raise ValueError("The oracle does not handle other costs.")
    if Decimal(str(costs["rent"])) > housing_cap(adults, len(children)):
        raise ValueError("A clear case must have rent within the housing cap.")
    return expected_for(calculate(month, adults, children, costs, counted, stimulans), why)
