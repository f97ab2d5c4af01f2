"""Mapping connector data onto the rules' input: people, months, register gaps, the case's history."""

from __future__ import annotations

import json
from copy import deepcopy
from decimal import Decimal
from pathlib import Path
from typing import Any

from connectors.case_system.models import CaseRecord
from connectors.eservice.models import Application
from connectors.income_register import RegisterAnswer, read_answer
from processes.forsorjningsstod.mapping import (
    birth_date_of,
    co_applicant_changed,
    previous_month,
    register_data,
    to_case_input,
)
from processes.forsorjningsstod.proposal import result_data
from rules.forsorjningsstod import decide, load_parameters

PROJECT = Path(__file__).resolve().parents[3]
EXAMPLE = json.loads((PROJECT / "examples" / "calculate" / "family.json").read_text(encoding="utf-8"))


def parts(example: dict[str, Any] = EXAMPLE) -> tuple[Application, CaseRecord, dict[str, RegisterAnswer]]:
    answers = {person: read_answer(raw, "2021-10", "2021-11") for person, raw in example["register"].items()}
    return (
        Application.model_validate(example["application"]),
        CaseRecord.model_validate(example["case"]),
        answers,
    )


def test_months_and_birth_dates() -> None:
    assert previous_month("2021-12") == "2021-11"
    assert previous_month("2021-01") == "2020-12"
    assert previous_month("2021-02", 2) == "2020-12"
    assert birth_date_of("19880621-9823").isoformat() == "1988-06-21"


def test_register_payments_split_into_control_and_comparison_month() -> None:
    app, _, answers = parts()
    data = register_data(app.month, answers)
    assert {row.type for row in data.control_month} == {"barnbidrag", "lon"}
    assert all(row.person in {"applicant", "co_applicant"} for row in data.control_month)
    assert len(data.comparison_month) == len(data.control_month)
    assert data.missing == []


def test_sources_with_an_error_or_no_data_yet_become_missing_register_data_by_name() -> None:
    example = deepcopy(EXAMPLE)
    example["register"]["applicant"]["tns"] = {
        "error": {"kalla": "SSBT", "felkod": "TIMEOUT", "felmeddelande": "Tidsgränsen överskreds."}
    }
    fk = example["register"]["applicant"]["fk"]["formansinformation"]["utbetalningsuppgift"]
    fk[:] = [
        row for row in fk if not row["datum"].startswith("2021-11")
    ]  # barnbidrag not reported for November
    app, case, answers = parts(example)
    data = register_data(app.month, answers)
    assert [(m.person, m.source, m.month) for m in data.missing] == [
        ("applicant", "FK", "2021-11"),
        ("applicant", "TNS", "2021-11"),
    ]
    decision = decide(
        to_case_input(app, case, answers),
        load_parameters(PROJECT / "config/municipalities/exempelkommun.yaml"),
    )
    assert decision.outcome == "manuell"
    texts = [r.text for r in decision.reasons]
    # One reason per kind, each naming its source, person and month: no data yet (FK), an error (TNS).
    assert any("saknas ännu" in text and "(FK)" in text and "2021-11" in text for text in texts), texts
    assert any("svarade med fel" in text and "(TNS)" in text and "2021-11" in text for text in texts), texts
    stored = result_data(decision, app, answers, decision.outcome)
    json.dumps(stored)  # the item's data must be storable as JSON
    assert stored["data"]["register"]["applicant"]["missing_sources"] == ["FK", "TNS"]


def test_case_history_maps_housing_incomes_and_household() -> None:
    app, case, answers = parts()
    case_input = to_case_input(app, case, answers)
    assert case_input.case is not None and case_input.case.previous is not None
    previous = case_input.case.previous
    assert previous.housing_cost == Decimal("7200")
    assert {m.role for m in previous.members} == {"applicant", "co_applicant", "child"}
    assert [m.id for m in case_input.members][:2] == ["applicant", "co_applicant"]
    assert case_input.cohabitation == "sambo"


def test_missing_case_or_register_stay_missing_for_the_rules_to_report() -> None:
    app, _, _ = parts()
    case_input = to_case_input(app, None, None)
    assert case_input.case is None and case_input.register is None


def test_a_different_co_applicant_is_noticed() -> None:
    app, case, _ = parts()
    assert co_applicant_changed(app, case) is False
    assert co_applicant_changed(app, case.model_copy(update={"co_applicant_identity_number": None})) is True


def test_unverified_amounts_are_named_in_the_reasons_the_report_shows() -> None:
    from processes.forsorjningsstod.proposal import visible_reasons
    from rules.forsorjningsstod import Decision

    app, case, answers = parts()
    params = load_parameters(PROJECT / "config/municipalities/exempelkommun.yaml")
    decision = decide(to_case_input(app, case, answers), params)
    assert not any(reason.startswith("OBS") for reason in visible_reasons(decision))
    stored = decision.model_dump(mode="json")
    stored["unverified_parameters"] = ["riksnorm_sambor"]
    flagged = visible_reasons(Decision.model_validate(stored))
    assert flagged[-1].startswith("OBS: beräkningen använder belopp som inte är verifierade")
    assert "riksnorm_sambor" in flagged[-1]


def test_every_free_text_field_reaches_the_rules_and_sends_the_case_to_a_person() -> None:
    example = deepcopy(EXAMPLE)
    example["application"]["message"] = "Jag har fått nytt jobb … vi flyttar nästa månad."
    example["application"]["costs"]["other"] = [{"description": "Glasögon", "amount": 900}]
    app, case, answers = parts(example)
    case_input = to_case_input(app, case, answers)
    assert [(text.field, text.text) for text in case_input.free_texts] == [
        ("message", "Jag har fått nytt jobb … vi flyttar nästa månad."),
        ("costs.other[0].description", "Glasögon"),
    ]
    decision = decide(
        case_input, load_parameters(PROJECT / "config" / "municipalities" / "exempelkommun.yaml", True)
    )
    assert decision.outcome == "manuell" and decision.rounding is not None  # the figures are still computed
    assert "Sökanden har skrivit ett meddelande som en handläggare behöver läsa" in [
        r.text for r in decision.reasons
    ]
    assert "«Jag har fått nytt jobb … vi flyttar nästa månad.»" in decision.journal_note()


def test_the_spot_check_setting_is_passed_to_the_rules() -> None:
    app, case, answers = parts()
    assert to_case_input(app, case, answers).spot_check_percent == 0
    assert to_case_input(app, case, answers, Decimal(10)).spot_check_percent == Decimal(10)
