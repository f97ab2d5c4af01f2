"""RegisterClient against the served income register stand-in."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from connectors.errors import ConnectorError
from connectors.income_register import Payment, RegisterClient, SourceStatus
from connectors.income_register.client import month_range
from sandbox.faults import FaultSettings
from sandbox.income_register import create_app, seed
from sandbox.scenario import PaymentSeed, RegisterGapSeed
from sandbox.server import ServedApp

ANNA = "19850312-2395"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServedApp, FaultSettings]]:
    db = tmp_path / "register.sqlite"
    seed(
        db,
        [
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8423.55"), "2021-11", "2021-11-25"),
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8000.10"), "2021-10", "2021-10-25"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-12", "2021-12-20"),
        ],
        [RegisterGapSeed(ANNA, "AKASSA", "2021-11")],
    )
    faults = FaultSettings()
    with ServedApp(create_app(db, faults=lambda: faults)) as app:
        yield app, faults


def test_fetch_parses_payments_exactly_and_sources(served: tuple[ServedApp, FaultSettings]) -> None:
    app, _ = served
    with RegisterClient(app.url, timeout=5) as client:
        answer = client.fetch(ANNA, "2021-10", "2021-11")
    assert answer.for_period("2021-11") == [
        Payment(
            source="SKV", type="lon", amount=Decimal("8423.55"), period="2021-11", payment_date="2021-11-25"
        )
    ]
    assert answer.for_period("2021-10")[0].amount == Decimal("8000.10")
    assert len(answer.payments) == 2  # the December payment is outside the range
    assert answer.missing_sources() == [
        SourceStatus(source="AKASSA", status="no_data", message="Uppgifter saknas för perioden 2021-11")
    ]


def test_month_range_covers_whole_months() -> None:
    assert month_range("2021-10", "2021-11") == month_range("2021-10", "2021-11")
    dates = month_range("2020-01", "2020-02")
    assert (dates.from_date, dates.to_date) == ("2020-01-01", "2020-02-29")
    with pytest.raises(ValueError):
        month_range("2021-11", "2021-10")


@pytest.mark.parametrize(
    ("who", "start", "end"), [("19850312-2396", "2021-10", "2021-11"), (ANNA, "2021-13", "2021-13")]
)
def test_bad_arguments_raise_without_the_full_number(who: str, start: str, end: str) -> None:
    with RegisterClient("http://127.0.0.1:9") as client, pytest.raises(ConnectorError) as raised:
        client.fetch(who, start, end)
    assert "2396" not in str(raised.value) and "2395" not in str(raised.value)


def test_http_error_raises_with_masked_number(served: tuple[ServedApp, FaultSettings]) -> None:
    app, faults = served
    faults.error_rate = 1.0
    with RegisterClient(app.url) as client, pytest.raises(ConnectorError) as raised:
        client.fetch(ANNA, "2021-10", "2021-11")
    assert raised.value.status_code == 500
    assert "19850312-****" in str(raised.value) and "2395" not in str(raised.value)


def test_unreachable_register_raises_and_logs_nothing_unmasked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        RegisterClient("http://127.0.0.1:9", timeout=1) as client,
        pytest.raises(ConnectorError, match="reach"),
    ):
        client.fetch(ANNA, "2021-10", "2021-11")
    assert "2395" not in caplog.text.replace("198503122395", "")  # httpx may log the URL it calls


@pytest.mark.parametrize("body", [b"nope", b"{}", b'{"payments": [{"source": "XX"}], "sources": []}'])
def test_malformed_answer_raises(body: bytes) -> None:
    client = RegisterClient("http://register.test")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    client._http = httpx.Client(base_url="http://register.test", transport=transport)
    with pytest.raises(ConnectorError, match="could not be read"):
        client.fetch(ANNA, "2021-10", "2021-11")


def test_a_generated_scenario_round_trips_through_both_stand_ins(tmp_path: Path) -> None:
    from connectors.eservice.client import EServiceClient
    from sandbox import eservice
    from sandbox.synthetic import generate

    scenario = generate(7)
    seed(tmp_path / "register.sqlite", scenario.payments, scenario.gaps)
    eservice.seed(tmp_path / "eservice.sqlite", [a.payload for a in scenario.applications])
    register = ServedApp(create_app(tmp_path / "register.sqlite"))
    intake = ServedApp(eservice.create_app(tmp_path / "eservice.sqlite"))
    with register, intake, RegisterClient(register.url) as client, EServiceClient(intake.url) as es:
        submissions = es.fetch_new()
        assert [s.reference for s in submissions] == [f"ES-7-{i:05d}" for i in range(1, 26)]
        for application in scenario.applications:
            if application.expected.outcome != "proposed":
                continue
            payload = application.payload
            answer = client.fetch(payload["applicant"]["identity_number"], "2021-10", "2021-11")
            assert answer.missing_sources() == []
            applicant_types = {i["type"] for i in payload["incomes"] if i["person"] == "applicant"}
            assert {p.type for p in answer.for_period("2021-11")} == applicant_types
