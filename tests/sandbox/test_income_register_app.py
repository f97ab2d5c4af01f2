"""The income register stand-in: Sundsvall's financial-aid proxy contract (path, parameters, the seven
sources in their agencies' vocabulary), the question's context required and logged, late months held
back until filled, per-source errors as SSBTEK's error element, and parameter validation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox.faults import FaultSettings
from sandbox.identity import identity_number
from sandbox.income_register import RegisterStore, create_app, seed
from sandbox.scenario import PaymentSeed, RegisterErrorSeed, RegisterGapSeed

ANNA = "19850312-2395"
BO = "19860101-1235"
CONTEXT = {
    "organisationsnummer": "162999999994",
    "ingivare": "Exempelkommun",
    "handlaggare": "forsorjningsrobot",
    "arendeidentitet": "FS-2021-0042",
    "syfte": "Beslut om eller kontroll av ekonomiskt bistånd (försörjningsstöd)",
    "lagtext": "11 kap. 11 a § socialtjänstlagen (2001:453)",
}
SOURCES = ["af", "csn", "fk", "skv", "so", "tns", "miv"]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "register.sqlite"
    seed(
        path,
        [
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8423.55"), "2021-11", "2021-11-25"),
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8000.10"), "2021-10", "2021-10-25"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-11", "2021-11-20"),
            PaymentSeed(ANNA, "FK", "bostadsbidrag", Decimal("1500.50"), "2021-11", "2021-11-20"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-09", "2021-09-20"),
            PaymentSeed(ANNA, "CSN", "studiemedel", Decimal("3200"), "2021-10", "2021-10-25"),
            PaymentSeed(BO, "SO", "a_kassa", Decimal("5000"), "2021-10", "2021-10-15"),
            PaymentSeed(BO, "SO", "a_kassa", Decimal("5100"), "2021-11", "2021-11-15"),
            PaymentSeed(BO, "SKV", "lon", Decimal("2000"), "2021-10", "2021-10-25"),
            PaymentSeed(BO, "SKV", "lon", Decimal("2100"), "2021-11", "2021-11-25"),
        ],
        [RegisterGapSeed(BO, "SKV", "2021-11")],
        [RegisterErrorSeed(BO, "MIV", "MIV-17", "Tjänsten är inte tillgänglig.")],
    )
    return path


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def ask(
    client: TestClient, who: str, start: str = "2021-10-01", end: str = "2021-11-30", **changes: str
) -> dict[str, Any]:
    params = {"personalNumber": who.replace("-", ""), "fromDate": start, "toDate": end, **CONTEXT, **changes}
    answer = client.get("/9999/financial-aid", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def test_the_answer_has_the_seven_sources_in_their_agencies_vocabulary(client: TestClient) -> None:
    body = ask(client, ANNA)
    assert list(body) == SOURCES
    assert body["af"]["Svar"]["IdentitetsbeteckningFysiskPerson"] == "198503122395"
    assert body["skv"]["PersonuppgiftLista"]["Personuppgift"]["Inkomstuppgift"] == [
        {"Redovisningsperiod": "202110", "Utbetalningsdatum": "2021-10-25", "Nettobelopp": "8000.10"},
        {"Redovisningsperiod": "202111", "Utbetalningsdatum": "2021-11-25", "Nettobelopp": "8423.55"},
    ]
    fk = body["fk"]
    assert fk["utlamnare"][0]["tillstand"]["kod"] == "OK"
    paid = [
        (r["formansfamilj"]["id"], r["datum"], r["nettobelopp"]["summa"])
        for r in fk["formansinformation"]["utbetalningsuppgift"]
    ]
    assert paid == [
        ("ABB", "2021-11-20", 1250),
        ("BOB", "2021-11-20", 1500.5),
    ]  # September is outside the range
    person = body["csn"]["Personer"]["Person"]
    assert (person["sekel"], person["personnummer"]) == ("19", "8503122395")
    one = person["Studiemedel"]["Arenden"]["Arende"]["UtbetalningsPlan"]["Utbetalning"]
    assert one == {
        "utbetdatum": "2021-10-25",
        "utbetstatus": "Utbetald",
        "Utbetaldatider": None,
        "totbelopp": "3200",
    }
    assert body["so"]["ArbetsloshetsersattningLista"] is None  # no unemployment benefit
    assert body["tns"] == {"resultat": "OK", "fordonsinnehav": None}


def test_the_unemployment_funds_repeat_the_question_and_one_payment_is_an_object(client: TestClient) -> None:
    body = ask(client, BO, "2021-10-01", "2021-10-31")
    so = body["so"]
    assert (so["OrganisationsnummerIngivare"], so["KontonamnHandlaggare"], so["Referensnummer"]) == (
        "162999999994", "forsorjningsrobot", "FS-2021-0042",
    )  # fmt: skip
    assert (so["From"], so["Tom"], so["IdentificationNumber"]) == ("2021-10-01", "2021-10-31", "198601011235")
    payments = so["ArbetsloshetsersattningLista"]["Arbetsloshetsersattning"]["Utbetalningar"]
    assert payments["NettoEfterSkatt"] == "5000" and payments["Utbetalningsdatum"] == "2021-10-15"
    two = ask(client, BO)["so"]["ArbetsloshetsersattningLista"]["Arbetsloshetsersattning"]["Utbetalningar"]
    assert [p["NettoEfterSkatt"] for p in two] == ["5000", "5100"]


def test_a_late_month_is_held_back_until_the_report_arrives(client: TestClient, db: Path) -> None:
    skv = ask(client, BO)["skv"]["PersonuppgiftLista"]["Personuppgift"]["Inkomstuppgift"]
    assert skv == {"Redovisningsperiod": "202110", "Utbetalningsdatum": "2021-10-25", "Nettobelopp": "2000"}
    assert RegisterStore(db).fill_gap(BO, "SKV", "2021-11") is True
    assert RegisterStore(db).fill_gap(BO, "SKV", "2021-11") is False
    after = ask(client, BO)["skv"]["PersonuppgiftLista"]["Personuppgift"]["Inkomstuppgift"]
    assert [i["Nettobelopp"] for i in after] == ["2000", "2100"]


def test_a_source_error_is_ssbteks_error_element(client: TestClient) -> None:
    body = ask(client, BO)
    assert body["miv"] == {
        "error": {"kalla": "BT", "felkod": "MIV-17", "felmeddelande": "Tjänsten är inte tillgänglig."}
    }
    assert "error" not in body["af"]


def test_the_source_error_fault_makes_one_source_time_out(db: Path) -> None:
    faults = FaultSettings(source_error_rate=1.0, seed=3)
    body = ask(TestClient(create_app(db, faults=faults)), ANNA)
    failing = [name for name, part in body.items() if "error" in part]
    assert len(failing) == 1
    assert body[failing[0]]["error"]["kalla"] == "SSBT" and body[failing[0]]["error"]["felkod"] == "TIMEOUT"
    assert "error" not in str(ask(TestClient(create_app(db, faults=FaultSettings(seed=3))), ANNA))


def test_every_question_is_logged_with_its_context(client: TestClient, db: Path) -> None:
    ask(client, ANNA)
    ask(client, BO, arendeidentitet="FS-2021-0043")
    asked = RegisterStore(db).questions()
    assert [(q.municipality_id, q.identity, q.from_date, q.to_date) for q in asked] == [
        ("9999", "198503122395", "2021-10-01", "2021-11-30"),
        ("9999", "198601011235", "2021-10-01", "2021-11-30"),
    ]
    assert asked[0].context == CONTEXT and asked[1].context["arendeidentitet"] == "FS-2021-0043"


def test_unknown_person_gets_answers_without_payments(client: TestClient) -> None:
    body = ask(client, identity_number(date(1990, 1, 1), 980))
    assert body["fk"]["formansinformation"]["utbetalningsuppgift"] == []
    assert body["skv"]["PersonuppgiftLista"]["Personuppgift"]["Inkomstuppgift"] is None


@pytest.mark.parametrize("missing", list(CONTEXT))
def test_a_question_without_its_context_is_refused(client: TestClient, missing: str) -> None:
    params = {"personalNumber": "198503122395", "fromDate": "2021-10-01", "toDate": "2021-11-30", **CONTEXT}
    del params[missing]
    answer = client.get("/9999/financial-aid", params=params)
    assert answer.status_code == 400
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert missing in answer.json()["detail"] and "SSBTEK requires" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("path", "params", "fragment"),
    [
        ("/9999/financial-aid", {"personalNumber": "198503122396"}, "personalNumber"),
        ("/9999/financial-aid", {"personalNumber": "8503122395"}, "personalNumber"),
        ("/9999/financial-aid", {"personalNumber": ""}, "personalNumber"),
        ("/9999/financial-aid", {"fromDate": "2021-10-32"}, "fromDate"),
        ("/9999/financial-aid", {"fromDate": "2021-10"}, "fromDate"),
        ("/9999/financial-aid", {"fromDate": "2021-12-01"}, "after"),
        ("/9999/financial-aid", {"fromDate": "2010-01-01"}, "at most"),
        ("/9999/financial-aid", {"organisationsnummer": "2999999994"}, "organisationsnummer"),
        ("/9999/financial-aid", {"organisationsnummer": "161119999994"}, "organisationsnummer"),
        ("/Sundsvall/financial-aid", {}, "municipalityId"),
    ],
)
def test_malformed_parameters_get_a_problem_400(
    client: TestClient, path: str, params: dict[str, str], fragment: str
) -> None:
    query = {
        "personalNumber": "198503122395",
        "fromDate": "2021-10-01",
        "toDate": "2021-11-30",
        **CONTEXT,
        **params,
    }
    answer = client.get(path, params=query)
    assert answer.status_code == 400
    assert answer.json()["status"] == 400 and fragment in answer.json()["detail"]


def test_the_old_path_is_gone(client: TestClient) -> None:
    old = {"personalNumber": "198503122395", "fromDate": "2021-10-01", "toDate": "2021-11-30"}
    assert client.get("/financial-aid", params=old).status_code == 404


def test_seeding_again_replaces_the_data(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    seed(path, [PaymentSeed(ANNA, "SKV", "lon", Decimal("1"), "2021-11", "2021-11-25")])
    seed(path, [PaymentSeed(ANNA, "SKV", "lon", Decimal("2"), "2021-11", "2021-11-25")])
    body = ask(TestClient(create_app(path)), ANNA)
    assert body["skv"]["PersonuppgiftLista"]["Personuppgift"]["Inkomstuppgift"]["Nettobelopp"] == "2"
