"""The rules web API: /health, /parameters, /calculate, /estimate and the calculator page, per process."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from processes.forsorjningsstod.tools import ForsorjningsstodTools
from robot.api import BackgroundApi, create_api
from robot.api.app import Served
from robot.logs import configure_logging
from robot.settings import Settings

ROOT = Path(__file__).resolve().parents[3]
FAMILY = (ROOT / "examples" / "calculate" / "family.json").read_text(encoding="utf-8")
SECRETS = ("19880621-9823", "198806219823", "19900209-9845", "Sara Exempelsson", "Jonas Exempelsson", "7200")


@pytest.fixture
def client(settings: Settings) -> TestClient:
    return TestClient(create_api(settings))


def test_health_names_the_processes(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "processes": ["forsorjningsstod", "sosialhjelp"]}


def test_parameters_are_data_with_values_dates_and_sources(client: TestClient) -> None:
    for path in ("/parameters", "/parameters?process=forsorjningsstod", "/forsorjningsstod/parameters"):
        answer = client.get(path)
        assert answer.status_code == 200
        body = answer.json()
        assert body["process"] == "forsorjningsstod"
        by_name = {item["name"]: item for item in body["parameters"]}
        norm = by_name["riksnorm_ensamstaende"]
        value_2021 = next(v for v in norm["values"] if v["in_force_from"] == "2021-01-01")
        assert (
            value_2021["value"] == 3160
            and value_2021["verified"] is True
            and "2020:1013" in value_2021["source"]
        )
        assert value_2021["until"] == "2021-12-31" and norm["period"] == "year"
        assert "Exempelkommun" in by_name["boendekostnad_tak"]["origin"]


def test_calculate_gives_the_decision_lines_reasons_and_trace(client: TestClient) -> None:
    for path in ("/calculate", "/calculate?process=forsorjningsstod", "/forsorjningsstod/calculate"):
        answer = client.post(path, content=FAMILY)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert (body["outcome"], body["amount"]) == ("bevilja", 12684)
        assert body["lines"] and body["reasons"] and body["trace"]
        assert answer.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("body", ["", "{", '{"application": {"reference": "x"}}', "[1]"])
def test_calculate_refuses_bad_input_with_its_errors(client: TestClient, body: str) -> None:
    answer = client.post("/calculate", content=body)
    assert answer.status_code == 422
    assert answer.json()["ok"] is False and answer.json()["errors"]


def test_estimate_is_clearly_preliminary(client: TestClient) -> None:
    answer = client.post("/forsorjningsstod/estimate", json={"month": "2021-12", "costs": {"rent": 4000}})
    assert answer.status_code == 200
    body = answer.json()
    assert body["preliminary"] is True and body["notice"].startswith("Preliminärt.")
    assert body["outcome"] == "kan_ha_ratt" and body["amount"] == 3160 + 1020 + 4000
    refused = client.post("/estimate", content=b"\xff")
    assert refused.status_code == 422 and refused.json()["errors"] == ["Uppgifterna är inte JSON."]
    assert client.post("/estimate", json={"month": "nu"}).status_code == 422


def test_the_calculator_page_and_its_answer(client: TestClient) -> None:
    page = client.get("/kalkylator")
    assert page.status_code == 200 and "Kan jag få försörjningsstöd?" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]
    form = {"month": "2021-12", "rent": "4 000", "child_0_age": "<script>x</script>"}
    wrong = client.post("/forsorjningsstod/kalkylator", data=form)
    assert "Något behöver rättas" in wrong.text and "<script>x</script>" not in wrong.text
    assert 'action="/forsorjningsstod/kalkylator"' in wrong.text
    form["child_0_age"] = "5"
    answer = client.post("/kalkylator?process=forsorjningsstod", data=form)
    assert "Preliminärt: du kan ha rätt till cirka" in answer.text
    assert 'action="/kalkylator?process=forsorjningsstod"' in answer.text
    assert client.get("/", follow_redirects=False).headers["location"] == "/kalkylator"


def test_an_unknown_process_or_a_huge_body_is_refused(client: TestClient, settings: Settings) -> None:
    for method, path in (
        ("GET", "/parameters?process=nope"),
        ("POST", "/nope/calculate"),
        ("GET", "/nope/kalkylator"),
    ):
        answer = client.request(method, path)
        assert answer.status_code == 404 and answer.json()["error"] == "unknown_process"
    huge = client.post("/calculate", content=b" " * (settings.engine.max_submission_bytes + 1))
    assert huge.status_code == 413


class PlainTools:
    """Tools without the citizen side (no estimate, no calculator)."""

    def __init__(self) -> None:
        self.inner = ForsorjningsstodTools()

    def calculate(self, text: str, context: Any) -> tuple[dict[str, Any], bool]:
        return self.inner.calculate(text, context)

    def schema(self) -> dict[str, Any]:
        return {}

    def parameters(self, context: Any) -> str:
        return ""

    def parameters_data(self, context: Any) -> list[dict[str, Any]]:
        return []

    def check_parameters(self, year: int, context: Any) -> tuple[str, bool]:
        return "", True


def test_a_process_without_citizen_tools_still_calculates(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from robot.api import app as api_module

    real = api_module.served_processes(settings)["forsorjningsstod"]
    plain = {"plain": Served("plain", "Plain", PlainTools(), real.context)}
    monkeypatch.setattr(api_module, "served_processes", lambda settings: plain)
    client = TestClient(create_api(settings))
    assert client.post("/plain/calculate", content=FAMILY).status_code == 200
    assert client.post("/plain/estimate", json={}).json()["error"] == "not_offered"
    assert client.get("/kalkylator").status_code == 404


def test_nothing_a_caller_sends_is_logged_or_stored(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    log_file = tmp_path / "api.jsonl"
    configure_logging(log_file, level=logging.DEBUG)
    failing = json.loads(FAMILY)
    failing["application"]["reference"] = "ES-BOOM"
    real = ForsorjningsstodTools.calculate

    def boom(self: Any, text: str, context: Any) -> tuple[dict[str, Any], bool]:
        if "ES-BOOM" in text:
            raise RuntimeError(f"failed on {text}")  # an error whose text carries the whole body
        return real(self, text, context)

    monkeypatch.setattr(ForsorjningsstodTools, "calculate", boom)
    try:
        with BackgroundApi(settings) as api, httpx.Client(base_url=api.url, timeout=10) as http:
            assert http.post("/calculate", content=FAMILY).status_code == 200
            assert (
                http.post("/calculate", content=FAMILY.replace("19880621-9823", "19880621-982")).status_code
                == 422
            )
            crashed = http.post("/calculate", content=json.dumps(failing))
            assert crashed.status_code == 500 and crashed.json() == {
                "error": "internal",
                "message": "An internal error occurred.",
            }
            assert http.post("/kalkylator", data={"month": "2021-12", "rent": "7200"}).status_code == 200
    finally:
        logging.getLogger().handlers.clear()
    logged = log_file.read_text(encoding="utf-8")
    assert "api_error" in logged and "RuntimeError" in logged  # the failure is told, its data is not
    printed = capsys.readouterr()
    for secret in SECRETS:
        assert secret not in logged and secret not in printed.out and secret not in printed.err, secret
    assert not settings.paths.data_dir.exists()  # no database, no file, nothing kept


def test_the_norwegian_process_calculates_a_soknad_as_the_oracle_expects(client: TestClient) -> None:
    """``/sosialhjelp/calculate`` takes a soknad in NAV's format; a clear one gets the oracle's amount."""
    from sandbox.digisos.synthetic import generate

    checked = 0
    for application in generate(3, 12).applications:
        answer = client.post("/sosialhjelp/calculate", content=json.dumps(application.payload))
        expected = application.expected
        if expected.outcome == "quarantined":
            assert answer.status_code == 422 and answer.json()["errors"]
        elif expected.outcome == "proposed":
            assert answer.status_code == 200
            assert (answer.json()["outcome"], answer.json()["amount"]) == (expected.decision, expected.amount)
            checked += 1
    assert checked >= 3


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=30,
)
KNOWN_KEYS = st.fixed_dictionaries(
    {},
    optional={
        "month": st.text(max_size=10) | st.integers(),
        "application": JSON_VALUES,
        "costs": st.dictionaries(st.sampled_from(["rent", "other", "x"]), JSON_VALUES, max_size=3),
        "household_members": st.lists(JSON_VALUES, max_size=3),
        "incomes": st.lists(JSON_VALUES, max_size=3),
        "soknad": JSON_VALUES,
    },
)


@hypothesis_settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.one_of(st.binary(max_size=200), JSON_VALUES.map(json.dumps), KNOWN_KEYS.map(json.dumps)))
def test_no_body_makes_the_api_fail(client: TestClient, body: str | bytes) -> None:
    """Whatever a caller posts, the answer is the calculation (200) or what is wrong with it (422)."""
    for path in ("/estimate", "/calculate", "/sosialhjelp/calculate", "/kalkylator"):
        answer = client.post(path, content=body)
        assert answer.status_code in (200, 422), (path, body, answer.text[:300])
