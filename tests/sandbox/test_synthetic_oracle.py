"""The oracle's hand calculation, checked against sums worked out by hand (2021 riksnorm, SFS 2020:1013)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from sandbox import oracle
from sandbox.scenario import Expected, PaymentSeed

ANNA, BO = "19850312-2395", "19860101-1235"


def payload(
    rent: int, members: list[dict[str, Any]], incomes: list[dict[str, Any]], co: bool = False
) -> dict[str, Any]:
    return {
        "month": "2021-12",
        "applicant": {"identity_number": ANNA, "name": "Anna Testsson"},
        "co_applicant": {"identity_number": BO, "name": "Bo Testsson", "relation": "sambo"} if co else None,
        "household_members": members,
        "costs": {
            "rent": rent,
            "household_electricity": 300,
            "home_insurance": 150,
            "work_travel": 0,
            "union_fee": 0,
            "akassa_fee": 0,
            "other": [],
        },
        "incomes": incomes,
    }


def child(name: str, birth: str, lunch: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "birth_date": birth,
        "relation": "barn",
        "living_at_home": True,
        "lunch_at_preschool": lunch,
        "in_upper_secondary_school": False,
    }


def paid(who: str, kind: str, amount: str, period: str = "2021-11") -> PaymentSeed:
    source = {"lon": "SKV", "barnbidrag": "FK", "a_kassa": "SO"}[kind]
    return PaymentSeed(who, source, kind, Decimal(amount), period, f"{period}-25")  # type: ignore[arg-type]


def test_single_adult_without_income() -> None:
    # norm: single adult 3160 + shared costs for 1 member 1020 = 4180
    # costs: rent 4000 + electricity 300 + insurance 150 = 4450
    # need: 4180 + 4450 = 8630 -> bevilja 8630
    expected = oracle.expected_from_payload(payload(4000, [], []), [], 3, 0, "hand 1")
    assert expected == Expected("proposed", "bevilja", 8630, "hand 1")


def test_couple_with_two_children_barnbidrag_and_salary_under_jobbstimulans() -> None:
    # on 2021-12-01: Cia (born 2018-06-15) is 3, eats lunch at preschool -> 1990;
    #                Dan (born 2011-12-01) turned 10 that day -> band 7-10 -> 3060
    # norm: sambor 5700 + 1990 + 3060 + shared costs for 4 members 1610 = 12360
    # costs: rent 6900 (cap for 2 children 7416) + 300 + 150 = 7350
    # incomes in the control month 2021-11: barnbidrag 2 x 1250 + 150 = 2650;
    #   salary 6000.50 under jobbstimulans (8 months on support, 3 used): 75 % = 4500.375
    #   (the October salary and Bo's December payment do not count)
    # need: 12360 + 7350 - 2650 - 4500.375 = 12559.625 -> 12560 (half up)
    members = [child("Cia Testsson", "2018-06-15", lunch=True), child("Dan Testsson", "2011-12-01")]
    payments = [
        paid(ANNA, "barnbidrag", "2650"),
        paid(ANNA, "lon", "6000.50"),
        paid(ANNA, "lon", "5800.00", "2021-10"),
        paid(BO, "a_kassa", "999", "2021-12"),
        paid("19900101-9802", "lon", "10000"),  # someone else
    ]
    expected = oracle.expected_from_payload(payload(6900, members, [], co=True), payments, 8, 3, "hand 2")
    assert expected == Expected("proposed", "bevilja", 12560, "hand 2")


def test_salary_covering_the_need_is_a_rejection_without_amount() -> None:
    # norm 4180 + costs (4000 + 300 + 150) = 8630; salary 9000 counted in full (2 months on support)
    # need: 8630 - 9000 = -370 -> avsla, amount None
    expected = oracle.expected_from_payload(
        payload(4000, [], []), [paid(ANNA, "lon", "9000")], 2, 0, "hand 3"
    )
    assert expected == Expected("proposed", "avsla", None, "hand 3")


def test_jobbstimulans_ends_after_24_months() -> None:
    # 8630 - 2000 (full salary, jobbstimulans used up) = 6630; with 23 used: 8630 - 1500 = 7130
    salary = [paid(ANNA, "lon", "2000")]
    assert oracle.expected_from_payload(payload(4000, [], []), salary, 30, 24, "").amount == 6630
    assert oracle.expected_from_payload(payload(4000, [], []), salary, 30, 23, "").amount == 7130
    assert oracle.expected_from_payload(payload(4000, [], []), salary, 5, 0, "").amount == 6630


def test_rounding_is_half_up() -> None:
    # 8630 - 1000.50 = 7629.50 -> 7630
    expected = oracle.expected_from_payload(
        payload(4000, [], []), [paid(ANNA, "a_kassa", "1000.50")], 3, 0, ""
    )
    assert expected.amount == 7630


@pytest.mark.parametrize(
    ("birth", "lunch", "amount"),
    [
        ("2021-06-01", False, 2180),
        ("2021-06-01", True, 2050),  # under 1
        ("2020-11-30", False, 2440),
        ("2019-12-01", True, 2240),  # 1-2
        ("2018-12-01", False, 2170),
        ("2018-12-01", True, 1990),  # 3
        ("2018-12-02", False, 2440),
        ("2014-12-02", True, 2170),  # 2 (birthday tomorrow) / 6
        ("2014-12-01", True, 3060),
        ("2010-12-01", False, 3520),  # 7 (lunch no longer matters) / 11
        ("2006-12-01", False, 3970),
        ("2003-12-01", False, 3970),  # 15 / 18
    ],
)
def test_child_bands_on_the_first_day_of_the_month(birth: str, lunch: bool, amount: int) -> None:
    age = oracle.age_on(date.fromisoformat(birth), date(2021, 12, 1))
    assert oracle.child_norm(age, lunch) == amount


def test_shared_costs_by_household_size_and_limits() -> None:
    kids = [(date(2010, 1, 1), False)] * 5
    # sambor 5700 + 5 x 3520 (age 11) + shared costs for 7 members 2270 = 25570
    assert oracle.household_norm("2021-12", 2, kids) == 25570
    with pytest.raises(ValueError):
        oracle.household_norm("2021-12", 2, [*kids, (date(2010, 1, 1), False)])  # 8 people
    with pytest.raises(ValueError):
        oracle.household_norm("2027-01", 1, [])  # no table for the year
    with pytest.raises(ValueError):
        oracle.child_norm(19, False)


@pytest.mark.parametrize(
    ("month", "adults", "kids", "norm"),
    [
        # riksnorm.md 2016: single 2 950 + child 4-6 2 080 + shared for 2 1 050 = 6 080
        ("2016-05", 1, [(date(2011, 3, 1), False)], 6080),
        # 2017 (Socialstyrelsen): sambor 5 370 + child 1-2 eating at preschool 1 920 + shared 3 1 330 = 8 620
        ("2017-05", 2, [(date(2015, 6, 1), True)], 8620),
        # 2024: sambor 6 850 + 7-10 3 680 + 15-18 4 780 + shared 4 1 950 = 17 260
        ("2024-12", 2, [(date(2016, 1, 1), False), (date(2008, 1, 1), False)], 17260),
        # 2026: only the single amount 3 940 and the shared costs for one person 1 280 are known
        ("2026-12", 1, [], 5220),
    ],
)
def test_the_other_years_by_hand(month: str, adults: int, kids: list[tuple[date, bool]], norm: int) -> None:
    assert oracle.household_norm(month, adults, kids) == norm


@pytest.mark.parametrize(
    ("month", "adults", "kids", "missing"),
    [
        ("2024-12", 1, [(date(2021, 1, 1), True)], "child 0-6 eating lunch at preschool"),
        ("2025-03", 2, [], "no sambor amount for 2025"),
        ("2026-12", 1, [(date(2016, 1, 1), False)], "no shared costs for 2 persons in 2026"),
        ("2013-06", 1, [], "no riksnorm for 2013"),
    ],
)
def test_an_item_riksnorm_md_lacks_is_not_computable(
    month: str, adults: int, kids: list[tuple[date, bool]], missing: str
) -> None:
    with pytest.raises(oracle.NotComputable, match=missing):
        oracle.household_norm(month, adults, kids)


def test_housing_cap_table() -> None:
    assert [oracle.housing_cap(1, 0), oracle.housing_cap(2, 0)] == [4474, 5581]
    assert [oracle.housing_cap(1, n) for n in range(1, 7)] == [6192, 7416, 8046, 8650, 9255, 9255]


def test_oracle_refuses_what_is_not_a_clear_case() -> None:
    with pytest.raises(ValueError, match="cap"):
        oracle.expected_from_payload(payload(4475, [], []), [], 3, 0, "")
    other = payload(4000, [], [])
    other["costs"]["other"] = [{"description": "Tandvård", "amount": 800}]
    with pytest.raises(ValueError, match="other costs"):
        oracle.expected_from_payload(other, [], 3, 0, "")
