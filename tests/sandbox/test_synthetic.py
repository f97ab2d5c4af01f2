"""The synthetic generator: deterministic, the right mix, and each case really is what it claims to be.

``deviations`` re-checks every rule of a clear case from the raw scenario data, independently of the
generator's own bookkeeping: clear cases must have none, cases for a human at least one.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from connectors.eservice.models import validate_payload
from connectors.identity import is_valid_identity_number
from sandbox.oracle import NotComputable, household_norm, housing_cap
from sandbox.scenario import CaseSeed, Scenario
from sandbox.synthetic import INVALID_KINDS, MANUAL_KINDS, SURNAMES, generate, shift_month

SEEDS = range(12)


@pytest.fixture(scope="module", params=["2021-12", "2024-12"])
def scenarios(request: pytest.FixtureRequest) -> list[Scenario]:
    """The scenarios of a full year (2021) and of the demo's month (2024-12, a year without the no-lunch amounts)."""
    return [generate(seed, month=request.param) for seed in SEEDS]


def deviations(scenario: Scenario, payload: dict[str, Any], case: CaseSeed) -> list[str]:
    """Every reason the application is not a clear case."""
    found = []
    control, comparison = shift_month(scenario.month, -1), shift_month(scenario.month, -2)
    co = payload["co_applicant"]
    people = {payload["applicant"]["identity_number"]} | ({co["identity_number"]} if co else set())
    if (co["identity_number"] if co else None) != case.co_applicant_identity_number:
        found.append("co-applicant differs from the case")
    members = [
        (m["name"], m["birth_date"], m["relation"], m["lunch_at_preschool"])
        for m in payload["household_members"]
    ]
    if members != [(m.name, m.birth_date, m.relation, m.lunch_at_preschool) for m in case.household]:
        found.append("household differs from the case")
    children = sum(m["relation"] == "barn" for m in payload["household_members"])
    kids = [
        (date.fromisoformat(m["birth_date"]), m["lunch_at_preschool"])
        for m in payload["household_members"]
        if m["relation"] == "barn"
    ]
    try:
        household_norm(scenario.month, 2 if co else 1, kids)
    except NotComputable:
        found.append("riksnorm item missing for the month")
    if payload["costs"]["rent"] > housing_cap(2 if co else 1, children):
        found.append("rent above cap")
    previous_rent = (
        next((r.amount for r in case.previous.rows if r.code == "boende"), None) if case.previous else None
    )
    if previous_rent != Decimal(payload["costs"]["rent"]):
        found.append("housing cost changed")
    if payload["costs"]["other"]:
        found.append("other cost")
    if payload["has_assets"] or payload["has_changed"]:
        found.append("assets or declared change")
    if payload["message"].strip() or payload["change_description"].strip():
        found.append("the applicant wrote in their own words")
    if case.status != "open" or case.protected_identity or not case.labour_market_plan:
        found.append("case closed, protected or without plan")
    if case.consecutive_months_on_support < 1 or case.previous is None or case.previous.month != control:
        found.append("new applicant")
    if any(g.identity_number in people for g in scenario.gaps):
        found.append("register data missing")
    paid = {
        period: {
            (p.identity_number, p.type): p.amount
            for p in scenario.payments
            if p.identity_number in people and p.period == period
        }
        for period in (control, comparison)
    }
    ids = {
        "applicant": payload["applicant"]["identity_number"],
        "co_applicant": co["identity_number"] if co else "",
    }
    declared = {(ids[i["person"]], i["type"]) for i in payload["incomes"]}
    if declared != set(paid[control]) or set(paid[control]) != set(paid[comparison]):
        found.append("income declared, new or disappeared")
    for key, amount in paid[control].items():
        before = paid[comparison].get(key)
        if before is not None and abs(amount - before) > Decimal("0.12") * before:
            found.append("income changed more than 12 %")
    return found


def test_same_seed_same_scenario_other_seed_other_scenario() -> None:
    assert generate(5) == generate(5)
    assert generate(5) != generate(6)


def test_references_are_stable_and_numbered() -> None:
    references = [a.payload["reference"] for a in generate(42, count=7).applications]
    assert references == [f"ES-42-{i:05d}" for i in range(1, 8)]


def _not_computable(why: str) -> bool:
    """A clear draft the oracle could not compute (an item riksnorm.md lacks): expected manual."""
    return why.startswith(("manual: riksnorm.md has no", "manual: the oracle has no"))


@pytest.mark.parametrize("count", [1, 3, 25, 100])
@pytest.mark.parametrize("month", ["2021-12", "2024-12"])
def test_mix_proportions(count: int, month: str) -> None:
    applications = generate(3, count=count, month=month).applications
    outcomes = Counter(a.expected.outcome for a in applications)
    unknown = sum(_not_computable(a.expected.why) for a in applications)
    assert sum(outcomes.values()) == count
    assert outcomes["quarantined"] == round(count * 0.12)
    assert outcomes["manual"] - unknown == round(count * 0.40)
    if count >= 25:
        assert 0.40 <= (outcomes["proposed"] + unknown) / count <= 0.50
    if month == "2021-12":  # every 2021 item is in riksnorm.md: every clear draft is computed
        assert unknown == 0


def test_2024_children_eating_at_preschool_go_to_a_caseworker_naming_the_missing_amount() -> None:
    whys = [a.expected.why for seed in range(4) for a in generate(seed, month="2024-12").applications]
    named = [why for why in whys if _not_computable(why)]
    assert named and all("for 2024 for a child 0-6 eating lunch at preschool" in why for why in named)
    assert sum(why.startswith("clear:") for why in whys) > 20  # 2024 still proposes most clear cases


@pytest.mark.parametrize("month", ["2000-01", "2026-12", "2030-05"])
def test_any_month_gives_a_scenario(month: str) -> None:
    scenario = generate(1, month=month)
    assert len(scenario.applications) == 25
    for application in scenario.applications:
        if application.expected.outcome == "proposed":
            assert month[:4] in ("2026",)  # only 2026 single adults are computable among these months


def test_scenario_shape(scenarios: list[Scenario]) -> None:
    assert generate(1).month == "2021-12"  # the default
    for scenario in scenarios:
        assert scenario.month in ("2021-12", "2024-12")
        assert len(scenario.cases) == len(scenario.applications) == 25
        json.dumps([a.payload for a in scenario.applications])  # JSON-ready, no Decimal or date objects
        numbers = [c.identity_number for c in scenario.cases]
        assert len(set(numbers)) == len(numbers)
        for case in scenario.cases:
            assert is_valid_identity_number(case.identity_number)
            assert case.identity_number[9:11] == "98"  # the synthetic serial range
            assert case.name.split()[-1] in SURNAMES


def test_every_clear_and_manual_payload_validates_and_every_invalid_one_fails(
    scenarios: list[Scenario],
) -> None:
    for scenario in scenarios:
        for application in scenario.applications:
            app, errors = validate_payload(application.payload)
            if application.expected.outcome == "quarantined":
                assert app is None and errors, application.expected.why
            else:
                assert app is not None, (application.expected.why, errors)


def test_every_application_has_a_case_and_register_data(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        for application, case in zip(scenario.applications, scenario.cases, strict=True):
            applicant = application.payload["applicant"]["identity_number"]
            if application.expected.why != "invalid: bad checksum" and application.expected.why != (
                "invalid: 10-digit identity number"
            ):
                assert applicant == case.identity_number
            declared = (
                application.payload["incomes"] if isinstance(application.payload["incomes"], list) else []
            )
            if declared and application.expected.outcome == "proposed":
                assert any(
                    p.identity_number in {case.identity_number, case.co_applicant_identity_number}
                    for p in scenario.payments
                )


def test_clear_cases_are_clear_by_every_rule(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        for application, case in zip(scenario.applications, scenario.cases, strict=True):
            if application.expected.outcome == "proposed":
                assert deviations(scenario, application.payload, case) == [], application.expected.why
                assert case.previous is not None and case.previous.decision in ("bevilja", "avsla")


def test_manual_cases_deviate_in_at_least_one_rule(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        for application, case in zip(scenario.applications, scenario.cases, strict=True):
            if application.expected.outcome == "manual":
                assert deviations(scenario, application.payload, case), application.expected.why


def test_every_kind_appears_across_a_few_seeds(scenarios: list[Scenario]) -> None:
    whys = " | ".join(a.expected.why for s in scenarios for a in s.applications)
    for name, _ in MANUAL_KINDS:
        assert f"manual: {name}" in whys
    for name, _ in INVALID_KINDS:
        assert f"invalid: {name}" in whys
    for kind in ("jobbstimulans", "barnbidrag", "bostadsbidrag", "a-kassa", "rejection", "married", "sambo"):
        assert kind in whys


def test_clear_decisions_include_rejections_and_amounts(scenarios: list[Scenario]) -> None:
    proposed = [a.expected for s in scenarios for a in s.applications if a.expected.outcome == "proposed"]
    assert {e.decision for e in proposed} == {"bevilja", "avsla"}
    for expected in proposed:
        assert (expected.amount is None) == (expected.decision == "avsla")
        assert expected.amount is None or expected.amount > 0


def test_preschool_lunch_and_upper_secondary_children_occur(scenarios: list[Scenario]) -> None:
    members = [m for s in scenarios for c in s.cases for m in c.household]
    assert any(m.lunch_at_preschool for m in members)
    assert any(m.in_upper_secondary_school for m in members)


@pytest.mark.parametrize("month", ["2021-1", "december", "1990-01", "2100-01"])
def test_months_the_e_service_cannot_take_are_refused(month: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM, in 2000-2099"):
        generate(1, month=month)
