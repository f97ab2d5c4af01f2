"""The citizen's preliminary estimate: the same rules as the robot, no identity number, honest about what is left."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from processes.forsorjningsstod.calculate import calculate_file
from processes.forsorjningsstod.calculator import NOT_FETCHED, PRELIMINARY, born, estimate, member_ids, parse
from processes.forsorjningsstod.calculator_form import default_month, estimate_input, number
from processes.forsorjningsstod.params import parameters_for
from rules.forsorjningsstod import Parameters

ROOT = Path(__file__).resolve().parents[3]
MUNICIPALITY = ROOT / "config" / "municipalities" / "exempelkommun.yaml"
FAMILY = json.loads((ROOT / "examples" / "calculate" / "family.json").read_text(encoding="utf-8"))[
    "application"
]


@pytest.fixture(scope="module")
def params() -> Parameters:
    return parameters_for(MUNICIPALITY, True)


def family_estimate() -> dict[str, Any]:
    """examples/calculate/family.json as the e-service passes it on: relations and ages, no names or numbers."""
    return {
        "month": "2021-12",
        "cohabitation": "sambo",
        "household_members": [
            {"relation": "barn", "age": 4, "lunch_at_preschool": True},
            {"relation": "barn", "age": 8},
        ],
        "costs": {"rent": 7200, "household_electricity": 350, "home_insurance": 180},
        "incomes": [
            {"person": "applicant", "type": "barnbidrag", "amount": 2650},
            {"person": "co_applicant", "type": "lon", "amount": 6582},
        ],
    }


def test_the_estimate_gives_the_same_figures_as_the_robots_rules(params: Parameters) -> None:
    robot = calculate_file(json.dumps({"application": FAMILY}), MUNICIPALITY, True)[0]
    answer, ok = estimate(family_estimate(), params)
    assert ok and answer["ok"] and answer["preliminary"] and answer["notice"] == PRELIMINARY
    assert (answer["need"], answer["income_total"]) == (robot["need"], robot["income_total"]) == (20270, 9232)
    assert answer["outcome"] == "kan_ha_ratt" and answer["amount"] == 20270 - 9232
    assert [line["amount"] for line in answer["lines"]] == [line["amount"] for line in robot["lines"]]
    assert "Riksnorm, barn 4–6 år, lunch i förskolan (Barn 1)" in [line["label"] for line in answer["lines"]]
    assert answer["caseworker_will_look_at"] == []  # register data and the case are "checked later" instead
    assert any("jobbstimulans" in text for text in answer["checked_later"])


def test_what_a_caseworker_will_look_at_is_listed_in_plain_swedish(params: Parameters) -> None:
    data = family_estimate()
    data["costs"]["rent"] = 9999
    data["costs"]["other"] = [{"description": "Tandvård", "amount": 800}]
    data["has_assets"] = True
    answer, _ = estimate(data, params)
    rules = [item["rule_id"] for item in answer["caseworker_will_look_at"]]
    assert rules == ["kostnad.boende_tak", "kostnad.ovrig", "andring.tillgangar"]
    assert not NOT_FETCHED & set(rules)
    rent = answer["caseworker_will_look_at"][0]
    assert rent["text"].startswith("Din boendekostnad är högre än kommunens gräns")
    assert "I beräkningen har 7 416 kr tagits upp" in rent["details"][0]
    assert answer["amount"] == 20270 - 7200 + 7416 - 9232  # the cap is counted, as the robot does


def test_when_incomes_cover_the_need_the_answer_says_probably_not(params: Parameters) -> None:
    answer, ok = estimate(
        {"month": "2021-12", "incomes": [{"person": "applicant", "type": "lon", "amount": 40000}]}, params
    )
    assert ok and answer["outcome"] == "troligen_inte" and answer["amount"] == 0


def test_a_month_without_amounts_gives_no_figure_and_says_why(params: Parameters) -> None:
    answer, ok = estimate({"month": "2026-01", "cohabitation": "gift"}, params)
    assert ok and answer["outcome"] == "kan_inte_beraknas" and answer["amount"] is None
    missing = [item for item in answer["caseworker_will_look_at"] if item["rule_id"] == "parameter.saknas"]
    assert missing[0]["text"] == "Beräkningen har inte alla belopp som behövs för den månaden."
    assert len(missing[0]["details"]) == 2  # sambor, shared costs for 2 persons: each missing amount
    assert answer["missing_amounts"] == (
        "Beräkningen har inte alla belopp som behövs för januari 2026 (Riksnorm (sambor) för 2026 saknas; "
        "Riksnorm (gemensamma hushållskostnader), 2 personer, för 2026 saknas), så vi kan inte göra någon "
        "uppskattning för den månaden. Du kan ändå ansöka om försörjningsstöd: då räknar en handläggare på "
        "din ansökan."
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, "Månaden som ansökan gäller saknas."),
        (
            {"month": "2021-12", "identity_number": "19850312-2395"},
            'Fältet "identity_number" i ansökan känns inte igen.',
        ),
        ({"month": "2021-12", "costs": {"rent": -5}}, "Hyran får inte vara ett negativt belopp."),
        (
            {"month": "2021-12", "incomes": [{"person": "co_applicant", "type": "lon", "amount": 1}]},
            "Inkomst 1 gäller en make, maka eller sambo, men du bor inte med någon.",
        ),
        (
            {"month": "2021-12", "incomes": [{"person": "member_2", "type": "lon", "amount": 1}]},
            "Inkomst 1 gäller en person som inte finns i hushållet.",
        ),
        ("garbage", "Ansökan ska vara ett JSON-objekt i e-tjänstens format, men är något annat."),
    ],
)
def test_bad_input_is_refused_in_swedish_without_echoing_it(
    data: Any, expected: str, params: Parameters
) -> None:
    answer, ok = estimate(data, params)
    assert not ok and answer["ok"] is False
    assert any(error.startswith(expected.rstrip(".")) for error in answer["errors"]), answer["errors"]
    assert "19850312-2395" not in json.dumps(answer)


def test_people_are_named_by_relation_and_ages_are_exact() -> None:
    data, _ = parse(
        {
            "month": "2021-12",
            "household_members": [
                {"relation": "barn", "age": 3},
                {"relation": "vuxen", "age": 40},
                {"relation": "barn", "age": 0},
            ],
        }
    )
    assert data is not None
    assert member_ids(data.household_members) == ["Barn 1", "Vuxen 1", "Barn 2"]
    start = dt.date(2021, 12, 1)
    assert born(3, start) == dt.date(2018, 12, 1) and born(0, start) == start


def test_the_calculator_suggests_the_current_month() -> None:
    assert default_month(dt.date(2026, 5, 3)) == "2026-05"
    assert default_month(dt.date(2021, 12, 31)) == "2021-12"


def test_a_month_outside_the_years_is_a_sentence() -> None:
    answer, ok = estimate({"month": "1990-01"}, parameters_for(MUNICIPALITY, True))
    assert not ok and answer["errors"] == [
        "Månaden som ansökan gäller ligger utanför rimliga år (2000-2099)."
    ]


@pytest.mark.parametrize("month", ["2026-12", "2030-05"])
def test_a_month_without_its_amounts_gets_a_sentence_not_a_figure(month: str) -> None:
    answer, ok = estimate(
        {"month": month, "cohabitation": "sambo", "household_members": [{"relation": "barn", "age": 4}]},
        parameters_for(MUNICIPALITY, True),
    )
    assert ok and answer["outcome"] == "kan_inte_beraknas" and answer["amount"] is None
    sentence = answer["missing_amounts"]
    assert sentence.startswith("Beräkningen har inte alla belopp som behövs för ")
    assert "Riksnorm (sambor) för" in sentence and "räknar en handläggare på din ansökan" in sentence


def test_the_form_becomes_the_estimate_format() -> None:
    form = {
        "month": "2021-12",
        "cohabitation": "gift",
        "child_0_age": "4",
        "child_0_lunch": "ja",
        "child_2_age": " 17 ",
        "child_2_gymnasium": "ja",
        "other_adults": "1",
        "rent": "7 200",
        "other_costs": "800,50",
        "income_0_person": "child_2",
        "income_0_type": "barns_inkomst",
        "income_0_amount": "1 000",
        "income_1_type": "barnbidrag",
        "income_1_amount": "2650",
        "has_assets": "ja",
    }
    data, problems = estimate_input(form)
    assert problems == []
    assert data["household_members"] == [
        {"relation": "barn", "age": 4, "lunch_at_preschool": True, "in_upper_secondary_school": False},
        {"relation": "barn", "age": 17, "lunch_at_preschool": False, "in_upper_secondary_school": True},
        {"relation": "vuxen", "age": 30},
    ]
    assert data["incomes"][0]["person"] == "member_2" and data["incomes"][1]["person"] == "applicant"
    assert data["costs"]["other"] == [{"description": "Andra kostnader", "amount": number("800,50")}]
    assert data["cohabitation"] == "gift" and data["has_assets"] is True
    assert parse(data)[0] is not None


def test_what_the_form_cannot_read_is_said_plainly() -> None:
    _, problems = estimate_input(
        {
            "child_0_age": "fem",
            "other_adults": "många",
            "income_0_amount": "100",
            "income_1_type": "lon",
            "income_1_person": "child_4",
        }
    )
    assert problems == [
        "Skriv åldern för barn 1 i hela år, 0–20. Äldre barn räknas som vuxna i hemmet.",
        "Skriv antalet andra vuxna i hemmet som en siffra, 0–8.",
        "Välj vilken sorts inkomst rad 1 är.",
        "Inkomst 2 gäller ett barn som du inte har skrivit åldern för.",
    ]
