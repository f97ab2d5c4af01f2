"""An independent hand calculation of försörjningsstöd for the sandbox's clear cases (the test oracle).

Written from the published tables, without importing ``rules/``, so the robot's result can be checked
against it. Only what the clear cases need: the riksnorm tables of /work/shared/reference/riksnorm.md
(2014-2026, copied here by hand, with the items that reference does not have left out), one or two
adults (sambor/gift) and children 0-18 living at home, at most 7 people. Anything else, and any item a
year lacks (the no-lunch amounts of 2016, 2018, 2020, 2022, 2024-2026, sambor for 2025-2026, most of
2026), raises :class:`NotComputable` (a ValueError) rather than guess: such a case is not clear.

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


class NotComputable(ValueError):
    """The oracle cannot compute the case (a year or an item it has no table for, a household it
    does not handle): the robot must hand it to a caseworker."""


@dataclass(frozen=True)
class Riksnorm:
    """One year's riksnorm as riksnorm.md gives it; None: the item is not published there."""

    children: tuple[int, ...] | None  # bands under 1 | 1-2 | 3 | 4-6 | 7-10 | 11-14 | 15-18 | 19-20
    no_lunch: tuple[int, ...] | None  # bands 0-6, not eating lunch at home
    single: int | None
    sambor: int | None
    shared: tuple[int, ...]  # 1..n members (n = 7, or fewer when the year is known only in part)


def _t(text: str) -> tuple[int, ...]:
    return tuple(int(x) for x in text.split())


RIKSNORM = {
    2014: Riksnorm(_t("1740 1980 1730 1980 2410 2840 3250 3280"), _t("1610 1800 1550 1730"), 2950, 5320,
                   _t("930 1040 1310 1490 1710 1950 2120")),
    2015: Riksnorm(_t("1740 1980 1730 1980 2410 2840 3250 3280"), _t("1610 1800 1550 1730"), 2950, 5320,
                   _t("930 1040 1310 1490 1710 1950 2120")),
    2016: Riksnorm(_t("1840 2080 1830 2080 2660 3090 3500 3530"), None, 2950, 5320,
                   _t("940 1050 1320 1500 1720 1960 2130")),
    2017: Riksnorm(_t("1860 2100 1850 2100 2690 3120 3540 3570"), _t("1730 1920 1670 1850"), 2980, 5370,
                   _t("950 1060 1330 1520 1740 1980 2150")),
    2018: Riksnorm(_t("2090 2330 2080 2330 2930 3370 3800 3830"), None, 3030, 5460,
                   _t("970 1080 1350 1540 1770 2010 2180")),
    2019: Riksnorm(_t("2130 2380 2120 2380 2990 3440 3880 3910"), _t("2000 2190 1940 2120"), 3090, 5570,
                   _t("990 1100 1380 1570 1810 2050 2220")),
    2020: Riksnorm(_t("2170 2430 2160 2430 3050 3510 3950 3980"), None, 3150, 5680,
                   _t("1010 1120 1410 1600 1850 2090 2260")),
    # SFS 2020:1013, in force 2021-01-01.
    2021: Riksnorm(_t("2180 2440 2170 2440 3060 3520 3970 4000"), _t("2050 2240 1990 2170"), 3160, 5700,
                   _t("1020 1130 1420 1610 1860 2100 2270")),
    2022: Riksnorm(_t("2220 2480 2210 2480 3110 3580 4040 4070"), None, 3210, 5800,
                   _t("1040 1150 1450 1640 1890 2140 2310")),
    2023: Riksnorm(_t("2420 2700 2410 2700 3380 3890 4390 4430"), _t("2270 2480 2210 2410"), 3490, 6300,
                   _t("1130 1250 1580 1790 2060 2330 2510")),
    2024: Riksnorm(_t("2640 2940 2620 2940 3680 4230 4780 4820"), None, 3800, 6850,
                   _t("1230 1360 1720 1950 2240 2540 2730")),
    2025: Riksnorm(_t("2720 3030 2700 3030 3790 4350 4920 4960"), None, 3910, None,
                   _t("1270 1400 1770 2010 2310 2620 2810")),
    2026: Riksnorm(None, None, 3940, None, _t("1280")),
}  # fmt: skip
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


def table(year: int) -> Riksnorm:
    """The year's riksnorm; a year riksnorm.md does not have raises :class:`NotComputable`."""
    if year not in RIKSNORM:
        raise NotComputable(f"the oracle has no riksnorm for {year}")
    return RIKSNORM[year]


def child_norm(age: int, lunch_at_preschool: bool, year: int = 2021) -> int:
    """The personal amount of ``year`` for a child of ``age`` (0-18) living at home."""
    bands = (0, 1, 1, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 6, 6, 6, 6)
    if not 0 <= age <= 18:
        raise NotComputable(f"The oracle handles children aged 0-18, not {age}.")
    band = bands[age]
    norm = table(year)
    if band <= 3 and lunch_at_preschool:
        if norm.no_lunch is None:
            raise NotComputable(
                f"riksnorm.md has no amounts for {year} for a child 0-6 eating lunch at preschool"
            )
        return norm.no_lunch[band]
    if norm.children is None:
        raise NotComputable(f"riksnorm.md has no children's amounts for {year}")
    return norm.children[band]


def household_norm(month: str, adults: int, children: Iterable[tuple[date, bool]]) -> int:
    """Riksnorm for ``adults`` (1 or 2) and children given as (birth date, lunch at preschool)."""
    year = int(month[:4])
    norm = table(year)
    if adults not in (1, 2):
        raise NotComputable("The oracle handles one or two adults.")
    kids = list(children)
    size = adults + len(kids)
    if size > 7:
        raise NotComputable("The oracle handles households of at most 7 people.")
    if size > len(norm.shared):
        raise NotComputable(f"riksnorm.md has no shared costs for {size} persons in {year}")
    personal = norm.single if adults == 1 else norm.sambor
    if personal is None:
        raise NotComputable(f"riksnorm.md has no {'single' if adults == 1 else 'sambor'} amount for {year}")
    on = first_day(month)
    personal += sum(child_norm(age_on(birth, on), lunch, year) for birth, lunch in kids)
    return personal + norm.shared[size - 1]


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
        raise NotComputable("The oracle does not handle other adults in the household.")
    adults = 2 if payload.get("co_applicant") else 1
    stimulans = jobbstimulans_applies(consecutive_months, jobbstimulans_months_used)
    costs = {key: value for key, value in payload["costs"].items() if key != "other"}
    if payload["costs"].get("other"):
        raise NotComputable("The oracle does not handle other costs.")
    if Decimal(str(costs["rent"])) > housing_cap(adults, len(children)):
        raise NotComputable("A clear case must have rent within the housing cap.")
    return expected_for(calculate(month, adults, children, costs, counted, stimulans), why)
