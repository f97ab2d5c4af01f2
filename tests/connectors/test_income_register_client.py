"""RegisterClient against the served income register stand-in and against answers shaped like the
published proxy's (Sundsvallskommun/api-service-financial-aid, FinancialAidIT expected-response.json):
the call on the wire, the question's context, per-source answers, errors and months without data."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.errors import ConnectorError
from connectors.income_register import (
    SOURCES,
    Payment,
    QuestionContext,
    RegisterClient,
    SourceStatus,
    read_answer,
)
from connectors.income_register.client import month_range
from connectors.income_register.sources import NO_ANSWER
from sandbox.faults import FaultSettings
from sandbox.income_register import RegisterStore, create_app, seed
from sandbox.scenario import PaymentSeed, RegisterErrorSeed, RegisterGapSeed
from sandbox.server import ServedApp

ANNA = "19850312-2395"
BO = "19860101-1235"
CASE = "FS-2021-0042"
CONTEXT = QuestionContext(
    municipality_id="9999",
    organisation_number="16299999-9994",
    organisation_name="Exempelkommun",
    handler="forsorjningsrobot",
    purpose="Beslut om eller kontroll av ekonomiskt bistånd (försörjningsstöd)",
    legal_basis="11 kap. 11 a § socialtjänstlagen (2001:453)",
)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServedApp, FaultSettings, RegisterStore]]:
    db = tmp_path / "register.sqlite"
    seed(
        db,
        [
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8423.55"), "2021-11", "2021-11-25"),
            PaymentSeed(ANNA, "SKV", "lon", Decimal("8000.10"), "2021-10", "2021-10-25"),
            PaymentSeed(ANNA, "FK", "barnbidrag", Decimal("1250"), "2021-12", "2021-12-20"),
            PaymentSeed(ANNA, "SO", "a_kassa", Decimal("4312.40"), "2021-10", "2021-10-15"),
            PaymentSeed(ANNA, "SO", "a_kassa", Decimal("4400"), "2021-11", "2021-11-15"),
            PaymentSeed(BO, "CSN", "studiemedel", Decimal("3200"), "2021-11", "2021-11-25"),
        ],
        [RegisterGapSeed(ANNA, "SO", "2021-11")],
        [RegisterErrorSeed(BO, "FK", "FK-503", "Försäkringskassans tjänst svarar inte.", "BT")],
    )
    faults = FaultSettings()
    with ServedApp(create_app(db, faults=lambda: faults)) as app:
        yield app, faults, RegisterStore(db)


def test_fetch_reads_payments_exactly_and_each_source(
    served: tuple[ServedApp, FaultSettings, RegisterStore],
) -> None:
    app, _, _ = served
    with RegisterClient(app.url, CONTEXT, timeout=5) as client:
        answer = client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert answer.for_period("2021-11") == [
        Payment(
            source="SKV", type="lon", amount=Decimal("8423.55"), period="2021-11", payment_date="2021-11-25"
        )
    ]
    assert [(p.source, p.amount) for p in answer.for_period("2021-10")] == [
        ("SKV", Decimal("8000.10")),
        ("SO", Decimal("4312.40")),
    ]
    assert [s.source for s in answer.sources] == list(SOURCES)
    # the November a-kassa payment is held back (a late report): SO paid in October and has nothing yet
    assert answer.missing_sources() == [SourceStatus(source="SO", status="no_data", months=("2021-11",))]
    assert answer.status("FK").status == "answered"  # its only payment (December) is outside the months


def test_the_question_carries_its_context_and_the_case(
    served: tuple[ServedApp, FaultSettings, RegisterStore],
) -> None:
    app, _, store = served
    with RegisterClient(app.url, CONTEXT) as client:
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    (asked,) = store.questions()
    assert (asked.municipality_id, asked.identity, asked.from_date, asked.to_date) == (
        "9999", "198503122395", "2021-10-01", "2021-11-30",
    )  # fmt: skip
    assert asked.context == {
        "organisationsnummer": "162999999994",
        "ingivare": "Exempelkommun",
        "handlaggare": "forsorjningsrobot",
        "arendeidentitet": CASE,
        "syfte": CONTEXT.purpose,
        "lagtext": CONTEXT.legal_basis,
    }


def test_a_late_report_is_read_once_it_has_arrived(
    served: tuple[ServedApp, FaultSettings, RegisterStore],
) -> None:
    app, _, store = served
    with RegisterClient(app.url, CONTEXT) as client:
        assert client.fetch(ANNA, "2021-10", "2021-11", case=CASE).status("SO").status == "no_data"
        store.fill_gap(ANNA, "SO", "2021-11")
        later = client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert later.missing_sources() == []
    assert [p.amount for p in later.for_period("2021-11") if p.source == "SO"] == [Decimal("4400")]


def test_a_source_error_is_named_with_ssbteks_code(
    served: tuple[ServedApp, FaultSettings, RegisterStore],
) -> None:
    app, _, _ = served
    with RegisterClient(app.url, CONTEXT) as client:
        answer = client.fetch(BO, "2021-10", "2021-11", case=CASE)
    assert answer.missing_sources() == [
        SourceStatus(
            source="FK",
            status="error",
            origin="BT",
            code="FK-503",
            message="Försäkringskassans tjänst svarar inte.",
        )
    ]
    assert [p.type for p in answer.payments] == ["studiemedel"]


def test_the_source_error_fault_gives_a_named_timeout(
    served: tuple[ServedApp, FaultSettings, RegisterStore],
) -> None:
    app, faults, _ = served
    faults.source_error_rate = 1.0
    with RegisterClient(app.url, CONTEXT) as client:
        (failed,) = [
            s
            for s in client.fetch(BO, "2021-10", "2021-11", case=CASE).missing_sources()
            if s.code == "TIMEOUT"
        ]
    assert failed.status == "error" and failed.origin == "SSBT"


def recording(body: Any, seen: list[httpx.Request], status: int = 200) -> RegisterClient:
    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(status, content=json.dumps(body).encode())

    return RegisterClient("http://proxy.test", CONTEXT, transport=httpx.MockTransport(handle))


def proxy_answer(**parts: Any) -> dict[str, Any]:
    """An answer shaped like the published proxy's fixtures: every source, {} where it gave no data."""
    return {source.lower(): parts.get(source.lower(), {}) for source in SOURCES}


def test_the_call_is_the_proxys_path_and_parameters() -> None:
    seen: list[httpx.Request] = []
    with recording(proxy_answer(), seen) as client:
        client.fetch(ANNA, "2020-01", "2020-02", case=CASE)
    (request,) = seen
    assert request.method == "GET" and request.url.path == "/9999/financial-aid"
    query = dict(request.url.params)
    assert (query["personalNumber"], query["fromDate"], query["toDate"]) == (
        "198503122395",
        "2020-01-01",
        "2020-02-29",
    )
    assert query["arendeidentitet"] == CASE and query["organisationsnummer"] == "162999999994"
    assert query["lagtext"] == CONTEXT.legal_basis  # UTF-8 (§) survives the query string


def test_the_published_proxys_empty_parts_are_errors_by_name() -> None:
    lefi = {
        "utlamnare": [{"utlamnare": {"kod": "FK", "namn": "Försäkringskassan"}, "tillstand": {"kod": "OK", "beskrivning": "Tillgänglig"}}],
        "formansinformation": {
            "utbetalningsuppgift": [
                {"formansfamilj": {"id": "BOB", "beskrivning": "Bostadsbidrag"}, "datum": "2021-11-19",
                 "nettobelopp": {"summa": 1850.0, "valuta": "SEK"}},
                {"formansfamilj": {"id": "XYZ", "beskrivning": "Okänd"}, "datum": "2021-11-19",
                 "nettobelopp": {"summa": 10, "valuta": "SEK"}},
            ]
        },
    }  # fmt: skip
    so = {
        "IdentificationNumber": "198503122395",
        "ArbetsloshetsersattningLista": {
            "Arbetsloshetsersattning": [
                {"SvarandeOrganisation": "Kassa A", "Utbetalningar": {"Utbetalningsdatum": "2021-11-03+01:00", "NettoEfterSkatt": "1250.50"}},
                {"SvarandeOrganisation": "Kassa B", "Utbetalningar": [
                    {"Utbetalningsdatum": "2021-11-10", "NettoEfterSkatt": "100"},
                    {"Utbetalningsdatum": "2021-11-24", "NettoEfterSkatt": "200.25"}]},
            ]
        },
    }  # fmt: skip
    answer = read_answer(proxy_answer(fk=lefi, so=so, tns={"resultat": "OK"}), "2021-10", "2021-11")
    assert [(p.source, p.type, p.amount, p.payment_date) for p in answer.payments] == [
        ("FK", "bostadsbidrag", Decimal("1850.0"), "2021-11-19"),
        (
            "FK",
            "FK:XYZ",
            Decimal("10"),
            "2021-11-19",
        ),  # an unknown benefit keeps its code: the rules ask a person
        ("SO", "a_kassa", Decimal("1250.50"), "2021-11-03"),
        ("SO", "a_kassa", Decimal("100"), "2021-11-10"),
        ("SO", "a_kassa", Decimal("200.25"), "2021-11-24"),
    ]
    assert {s.source: s.message for s in answer.missing_sources()} == {
        "AF": NO_ANSWER, "CSN": NO_ANSWER, "SKV": NO_ANSWER, "MIV": NO_ANSWER,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("fk", "code"),
    [
        ({"utlamnare": [{"utlamnare": {"kod": "FK"}, "tillstand": {"kod": "OTILLGANGLIG", "beskrivning": "Ej tillgänglig"}}]}, "OTILLGANGLIG"),
        ({"utlamnare": [], "avvikelser": {"formansinformation": [{"avvikelse": {"kod": "OBEHORIG", "beskrivning": "Ej behörig"}}]}}, "OBEHORIG"),
        ({"utlamnare": [], "formansinformation": {"utbetalningsuppgift": [{"formansfamilj": {"id": "ABB"}, "datum": "2021-11-31",
                                                                         "nettobelopp": {"summa": 1}}]}}, ""),
        ({"utlamnare": [], "formansinformation": {"utbetalningsuppgift": [{"formansfamilj": {"id": "ABB"}, "datum": "2021-11-20",
                                                                         "nettobelopp": {"summa": "NaN"}}]}}, ""),
        ("inte ett objekt", ""),
    ],
)  # fmt: skip
def test_lefi_states_and_unreadable_parts_make_fk_an_error(fk: Any, code: str) -> None:
    answer = read_answer(proxy_answer(fk=fk), "2021-10", "2021-11")
    status = answer.status("FK")
    assert status.status == "error" and status.code == code and status.message
    assert answer.payments == []


def test_a_missing_source_is_an_error() -> None:
    body = proxy_answer()
    del body["skv"]
    assert read_answer(body, "2021-10", "2021-11").status("SKV").message == "Källan saknas i svaret."


def test_an_answer_about_someone_else_is_refused_masked() -> None:
    with (
        recording(proxy_answer(so={"IdentificationNumber": "198601011235"}), []) as client,
        pytest.raises(ConnectorError, match="someone else") as raised,
    ):
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert "19860101-****" in str(raised.value) and "1235" not in str(raised.value)


def test_month_range_covers_whole_months() -> None:
    dates = month_range("2020-01", "2020-02")
    assert (dates.from_date, dates.to_date) == ("2020-01-01", "2020-02-29")
    with pytest.raises(ValueError):
        month_range("2021-11", "2021-10")


@pytest.mark.parametrize(
    ("who", "start", "end", "case"),
    [
        ("19850312-2396", "2021-10", "2021-11", CASE),
        (ANNA, "2021-13", "2021-13", CASE),
        (ANNA, "2021-10", "2021-11", " "),
    ],
)
def test_bad_arguments_raise_without_the_full_number(who: str, start: str, end: str, case: str) -> None:
    with RegisterClient("http://127.0.0.1:9", CONTEXT) as client, pytest.raises(ConnectorError) as raised:
        client.fetch(who, start, end, case=case)
    assert "2396" not in str(raised.value) and "2395" not in str(raised.value)


def test_context_is_validated_as_ssbtek_wants_it() -> None:
    assert CONTEXT.organisation_number == "162999999994"  # written with a hyphen, sent as SSBTEK writes it
    assert (
        QuestionContext.model_validate({**CONTEXT.model_dump(), "organisation_number": "2999999994"})
        == CONTEXT
    )
    with pytest.raises(ValueError, match="12 digits"):
        QuestionContext.model_validate({**CONTEXT.model_dump(), "organisation_number": "1119999994"})
    with pytest.raises(ValueError, match="check digit"):
        QuestionContext.model_validate({**CONTEXT.model_dump(), "organisation_number": "2999999995"})
    with pytest.raises(ValueError):
        QuestionContext.model_validate({**CONTEXT.model_dump(), "handlar": "x"})  # a misspelt key


def test_http_error_raises_with_masked_number(served: tuple[ServedApp, FaultSettings, RegisterStore]) -> None:
    app, faults, _ = served
    faults.error_rate = 1.0
    with RegisterClient(app.url, CONTEXT) as client, pytest.raises(ConnectorError) as raised:
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert raised.value.status_code == 500
    assert "19850312-****" in str(raised.value) and "2395" not in str(raised.value)


def test_a_refused_question_passes_the_problem_on_masked() -> None:
    problem = {"title": "Bad Request", "status": 400, "detail": "personalNumber 198503122395 is not valid"}
    with recording(problem, [], status=400) as client, pytest.raises(ConnectorError) as raised:
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert raised.value.status_code == 400
    assert "is not valid" in str(raised.value) and "2395" not in str(raised.value)


def test_unreachable_register_raises_and_logs_nothing_unmasked(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with (
        RegisterClient("http://127.0.0.1:9", CONTEXT, timeout=1) as client,
        pytest.raises(ConnectorError, match="reach"),
    ):
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)
    assert "2395" not in caplog.text.replace("198503122395", "")  # httpx may log the URL it calls


@pytest.mark.parametrize(
    "content",
    [b"nope", b"{}", b"[]", b'{"payments": [], "sources": []}'],  # the last one: the old simplified shape
)
def test_what_is_not_the_proxys_answer_raises(content: bytes) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content)

    with (
        RegisterClient("http://proxy.test", CONTEXT, transport=httpx.MockTransport(handle)) as client,
        pytest.raises(ConnectorError, match="could not be read"),
    ):
        client.fetch(ANNA, "2021-10", "2021-11", case=CASE)


def test_a_generated_scenario_round_trips_through_both_stand_ins(tmp_path: Path) -> None:
    from connectors.eservice.client import EServiceClient
    from sandbox import eservice
    from sandbox.synthetic import generate

    scenario = generate(7)
    seed(tmp_path / "register.sqlite", scenario.payments, scenario.gaps)
    eservice.seed(tmp_path / "eservice.sqlite", [a.payload for a in scenario.applications])
    register = ServedApp(create_app(tmp_path / "register.sqlite"))
    intake = ServedApp(eservice.create_app(tmp_path / "eservice.sqlite"))
    with register, intake, RegisterClient(register.url, CONTEXT) as client, EServiceClient(intake.url) as es:
        submissions = es.fetch_new()
        assert [s.reference for s in submissions] == [f"ES-7-{i:05d}" for i in range(1, 26)]
        for application in scenario.applications:
            if application.expected.outcome != "proposed":
                continue
            payload = application.payload
            answer = client.fetch(payload["applicant"]["identity_number"], "2021-10", "2021-11", case=CASE)
            assert answer.missing_sources() == []
            applicant_types = {i["type"] for i in payload["incomes"] if i["person"] == "applicant"}
            assert {p.type for p in answer.for_period("2021-11")} == applicant_types
