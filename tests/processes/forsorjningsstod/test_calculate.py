"""Tests for processes.forsorjningsstod.calculate and the `calculate` / `schema` commands.

Run from the project folder (the settings file config/robot.toml is read from the working directory).
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from processes.forsorjningsstod.calculate import calculate_file, calculate_schema, intake_schema
from processes.forsorjningsstod.process import CO_APPLICANT_CHANGED
from robot.settings import Settings, load_settings

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples" / "calculate"


@pytest.fixture(scope="module")
def settings() -> Settings:
    return load_settings()


def example(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return loaded


def run(data: Any, settings: Settings) -> tuple[dict[str, Any], bool]:
    options = settings.process("forsorjningsstod").options
    return calculate_file(
        data if isinstance(data, str) else json.dumps(data),
        options.municipality_file,
        settings.allow_unverified,
    )


def reason_texts(result: dict[str, Any]) -> list[str]:
    return [reason["text"] for reason in result["reasons"]]


# --- the examples ---------------------------------------------------------------------------------
def test_family_example_is_proposed_with_the_hand_calculated_amount(settings: Settings) -> None:
    result, ok = run((EXAMPLES / "family.json").read_text(encoding="utf-8"), settings)
    # Riksnorm 2021 (SFS 2020:1013): sambor 5 700, child 4-6 eating lunch at preschool 2 170,
    # child 7-10 3 060, shared costs for 4 persons 1 610; costs rent 7 200 (cap 7 416 for two
    # children), electricity 350, insurance 180; incomes barnbidrag 2 650 and salary 6 582 less a
    # quarter (jobbstimulans: 8 months on support >= 6, 3 of 24 months used).
    need = Decimal(5700 + 2170 + 3060 + 1610 + 7200 + 350 + 180)
    salary = Decimal(6582)
    incomes = Decimal(2650) + salary - salary * Decimal("0.25")
    assert ok is True
    assert result["ok"] is True
    assert result["outcome"] == "bevilja"
    assert Decimal(str(result["need"])) == need == Decimal(20270)
    assert Decimal(str(result["income_total"])) == incomes == Decimal("7586.50")
    assert result["rounding"]["exact"] == 12683.5
    assert result["amount"] == 12684
    assert result["municipality"] == "Exempelkommun"
    assert "Förslag: bevilja 12 684 kr" in result["journal_note"]
    assert len(result["lines"]) == 9
    assert result["trace"] and {"rule_id", "fired", "reason"} <= set(result["trace"][0])
    assert result["warnings"] == []


def test_manual_example_lists_every_reason(settings: Settings) -> None:
    result, ok = run(example("manual.json"), settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    assert result["amount"] is None
    rules = {reason["rule_id"] for reason in result["reasons"]}
    assert {"kostnad.boende_tak", "andring.ny_inkomst", "andring.tillgangar"} <= rules
    # The figures are still shown: 3 160 + 2 440 + 1 130 + cap 6 192 + 250 + 120 - 1 250 - 4 312.
    assert result["rounding"]["rounded"] == 3160 + 2440 + 1130 + 6192 + 250 + 120 - 1250 - 4312
    assert "manuell handläggning" in result["journal_note"]
    for text in reason_texts(result):
        assert text in result["journal_note"]


def test_bare_application_is_accepted_and_missing_data_routes_to_manual(settings: Settings) -> None:
    result, ok = run(example("family.json")["application"], settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    rules = {reason["rule_id"] for reason in result["reasons"]}
    assert {"inkomst.register_ej_hamtat", "arende.uppgifter_saknas"} <= rules


def test_missing_register_only(settings: Settings) -> None:
    data = example("family.json")
    del data["register"]
    result, ok = run(data, settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    assert any("Registeruppgifter om inkomster har inte hämtats" in text for text in reason_texts(result))


def test_missing_case_only(settings: Settings) -> None:
    data = example("family.json")
    data["case"] = None
    result, ok = run(data, settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    assert any("Uppgifter om ärendet" in text for text in reason_texts(result))


def test_changed_co_applicant_goes_to_manual_as_in_the_process(settings: Settings) -> None:
    data = example("family.json")
    data["case"]["co_applicant_identity_number"] = None
    result, ok = run(data, settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    assert result["amount"] is None
    assert CO_APPLICANT_CHANGED in reason_texts(result)
    assert CO_APPLICANT_CHANGED in result["journal_note"]


def test_a_clear_case_with_only_the_co_applicant_change_gets_that_single_reason(settings: Settings) -> None:
    data = example("family.json")
    # Another (synthetic) person born the same day: the household looks the same to the rules.
    data["case"]["co_applicant_identity_number"] = "19900209-9886"
    result, ok = run(data, settings)
    assert ok is True
    assert result["outcome"] == "manuell"
    assert reason_texts(result) == [CO_APPLICANT_CHANGED]
    assert result["rounding"]["rounded"] == 12684  # the figures stay for the caseworker


def test_case_with_an_invalid_co_applicant_number_is_rejected(settings: Settings) -> None:
    data = example("family.json")
    data["case"]["co_applicant_identity_number"] = "19900209-9846"
    result, ok = run(data, settings)
    assert ok is False
    assert any("case.co_applicant_identity_number" in error for error in result["errors"])


# --- bad input ------------------------------------------------------------------------------------
def test_bad_json_names_line_and_column(settings: Settings) -> None:
    result, ok = run('{"application": {\n  "reference": }', settings)
    assert ok is False
    assert result["ok"] is False
    assert result["errors"][0].startswith("The file is not valid JSON: line 2 column")


def test_byte_order_mark_is_tolerated(settings: Settings) -> None:
    result, ok = run("\ufeff" + (EXAMPLES / "manual.json").read_text(encoding="utf-8"), settings)
    assert ok is True
    assert result["outcome"] == "manuell"


@pytest.mark.parametrize("text", ["", "[]", '"hello"', '{"something": 1}'])
def test_input_that_is_not_a_calculate_file(text: str, settings: Settings) -> None:
    result, ok = run(text, settings)
    assert ok is False
    assert result["errors"]


def test_invalid_application_gives_swedish_errors(settings: Settings) -> None:
    data = example("family.json")
    data["application"]["costs"]["rent"] = -5
    data["application"]["applicant"]["identity_number"] = "19880621-9824"
    result, ok = run(data, settings)
    assert ok is False
    assert result["ok"] is False
    joined = " ".join(result["errors"])
    assert "negativt belopp" in joined
    assert "kontrollsiffra" in joined
    assert "19880621-9824" not in joined  # masked


def test_invalid_case_is_reported(settings: Settings) -> None:
    data = example("family.json")
    data["case"]["status"] = "pending"
    result, ok = run(data, settings)
    assert ok is False
    assert any(error.startswith("case.status") for error in result["errors"])


def test_a_source_part_that_cannot_be_read_goes_to_a_caseworker_by_name(settings: Settings) -> None:
    data = example("family.json")
    data["register"]["applicant"]["fk"]["formansinformation"]["utbetalningsuppgift"][0]["nettobelopp"][
        "summa"
    ] = "many"
    result, ok = run(data, settings)
    assert ok is True and result["outcome"] == "manuell"
    assert any(
        w.startswith("register.applicant.fk: error (Källans svar kunde inte läsas")
        for w in result["warnings"]
    )
    assert any("FK" in text and "saknas" in text for text in reason_texts(result))


def test_the_old_simplified_register_shape_is_refused(settings: Settings) -> None:
    data = example("family.json")
    data["register"]["applicant"] = {
        "personalNumber": "198806219823", "fromDate": "2021-10-01", "toDate": "2021-11-30",
        "payments": [{"source": "FK", "type": "barnbidrag", "amount": 2650, "period": "2021-11", "paymentDate": "2021-11-19"}],
        "sources": [{"source": "FK", "status": "answered"}],
    }  # fmt: skip
    result, ok = run(data, settings)
    assert ok is False
    assert any(
        e.startswith("register.applicant must be the financial-aid proxy's answer") and '"miv"' in e
        for e in result["errors"]
    )


def test_register_must_cover_the_co_applicant(settings: Settings) -> None:
    data = example("family.json")
    del data["register"]["co_applicant"]
    result, ok = run(data, settings)
    assert ok is False
    assert any("register.co_applicant is missing" in error for error in result["errors"])


def test_register_answer_for_someone_else_is_rejected_masked(settings: Settings) -> None:
    data = example("family.json")
    data["register"]["applicant"]["af"]["Svar"]["IdentitetsbeteckningFysiskPerson"] = "199002099845"
    result, ok = run(data, settings)
    assert ok is False
    assert any("register.applicant is about 19900209-****" in error for error in result["errors"])
    assert "199002099845" not in json.dumps(result)


def test_case_of_another_person_is_rejected(settings: Settings) -> None:
    data = example("family.json")
    data["case"]["identity_number"] = "19900209-9845"
    result, ok = run(data, settings)
    assert ok is False
    assert any("case.identity_number" in error for error in result["errors"])


def test_unknown_top_level_key(settings: Settings) -> None:
    data = example("family.json")
    data["extra"] = {}
    result, ok = run(data, settings)
    assert ok is False
    assert "extra" in result["errors"][0]


# --- schemas --------------------------------------------------------------------------------------
def test_intake_schema() -> None:
    schema = intake_schema()
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert schema["title"] and schema["description"]
    assert {"applicant", "co_applicant", "costs", "incomes"} <= set(schema["properties"])


def test_calculate_schema() -> None:
    schema = calculate_schema()
    assert {"application", "register", "case"} <= set(schema["properties"])
    defs = json.dumps(schema["$defs"])
    assert "utbetalningsuppgift" in defs or "miv" in defs
    assert "consecutive_months_on_support" in defs


# --- the commands, end to end ---------------------------------------------------------------------
def robot(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "run_robot.py", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_calculate_file() -> None:
    done = robot("calculate", "examples/calculate/family.json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["outcome"] == "bevilja"
    assert result["amount"] == 12684


def test_cli_calculate_stdin_and_failure_exit_code() -> None:
    done = robot("calculate", "-", stdin=(EXAMPLES / "manual.json").read_text(encoding="utf-8"))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["outcome"] == "manuell"
    bad = robot("calculate", "-", stdin="{not json")
    assert bad.returncode == 1
    assert json.loads(bad.stdout)["ok"] is False
    assert "Traceback" not in bad.stderr


def test_cli_schema() -> None:
    done = robot("schema")
    assert done.returncode == 0, done.stderr
    assert "applicant" in json.loads(done.stdout)["properties"]
