"""The income register stand-in: payments by period, gaps as no_data, parameter validation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sandbox.identity import identity_number
from sandbox.income_register import create_app, seed
from sandbox.scenario import PaymentSeed, RegisterGapSeed

ANNA = "19850312-2395"
BO = "19860101-1235"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    path = tmp_path / "register.sqlite"
    seed(
        path,
        [
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8423.55"), "2021-11", "2021-11-25"),
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8000.10"), "2021-10", "2021-10-25"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-11", "2021-11-20"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-09", "2021-09-20"),
            PaymentSeed(BO, "AKASSA", "a_kassa", Decimal("5000"), "2021-11", "2021-11-15"),
        ],
        [RegisterGapSeed(BO, "SKV", "2021-11")],
    )
    return TestClient(create_app(path))


def ask(client: TestClient, who: str, start: str = "2021-10-01", end: str = "2021-11-30") -> dict:
    answer = client.get("/financial-aid", params={"personalNumber": who, "fromDate": start, "toDate": end})
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_payments_in_the_range_are_listed_exactly(client: TestClient) -> None:
    body = ask(client, ANNA.replace("-", ""))
    assert body["personalNumber"] == "198503122395"
    assert (body["fromDate"], body["toDate"]) == ("2021-10-01", "2021-11-30")
    got = {(p["source"], p["type"], p["period"], p["paymentDate"], p["amount"]) for p in body["payments"]}
    assert got == {
        ("SKV", "lon", "2021-11", "2021-11-25", 8423.55),
        ("SKV", "lon", "2021-10", "2021-10-25", 8000.10),
        ("FK", "barnbidrag", "2021-11", "2021-11-20", 1250),
    }
    assert [s["source"] for s in body["sources"]] == ["FK", "AKASSA", "AF", "CSN", "SKV"]
    assert all(s["status"] == "answered" for s in body["sources"])


def test_a_gap_makes_the_source_answer_no_data(client: TestClient) -> None:
    body = ask(client, BO.replace("-", ""))
    skv = next(s for s in body["sources"] if s["source"] == "SKV")
    assert skv == {"source": "SKV", "status": "no_data", "message": "Uppgifter saknas för perioden 2021-11"}
    assert [p["type"] for p in body["payments"]] == ["a_kassa"]
    outside = ask(client, BO.replace("-", ""), "2021-09-01", "2021-10-31")
    assert all(s["status"] == "answered" for s in outside["sources"])


def test_unknown_person_gets_no_payments_and_every_source_answered(client: TestClient) -> None:
    body = ask(client, identity_number(date(1990, 1, 1), 980).replace("-", ""))
    assert body["payments"] == []
    assert {s["status"] for s in body["sources"]} == {"answered"}


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        (
            {"personalNumber": "198503122396", "fromDate": "2021-10-01", "toDate": "2021-11-30"},
            "personalNumber",
        ),
        (
            {"personalNumber": "8503122395", "fromDate": "2021-10-01", "toDate": "2021-11-30"},
            "personalNumber",
        ),
        ({"personalNumber": "", "fromDate": "2021-10-01", "toDate": "2021-11-30"}, "personalNumber"),
        ({"personalNumber": "198503122395", "fromDate": "2021-10-32", "toDate": "2021-11-30"}, "fromDate"),
        ({"personalNumber": "198503122395", "fromDate": "2021-10", "toDate": "2021-11-30"}, "fromDate"),
        ({"personalNumber": "198503122395", "fromDate": "2021-12-01", "toDate": "2021-11-30"}, "after"),
        ({"personalNumber": "198503122395", "fromDate": "2010-01-01", "toDate": "2021-11-30"}, "range"),
        ({"personalNumber": "198503122395"}, "fromDate"),
    ],
)
def test_malformed_parameters_get_a_json_400(client: TestClient, params: dict, fragment: str) -> None:
    answer = client.get("/financial-aid", params=params)
    assert answer.status_code == 400
    assert answer.json()["error"] == "bad_request"
    assert fragment in answer.json()["message"]


def test_seeding_again_replaces_the_data(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    seed(path, [PaymentSeed(ANNA, "SKV", "lon", Decimal("1"), "2021-11", "2021-11-25")])
    seed(path, [PaymentSeed(ANNA, "SKV", "lon", Decimal("2"), "2021-11", "2021-11-25")])
    body = ask(TestClient(create_app(path)), ANNA.replace("-", ""))
    assert [p["amount"] for p in body["payments"]] == [2]
