"""EServiceClient against the served e-service stand-in, and its errors when the service misbehaves."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from connectors.errors import ConnectorError
from connectors.eservice.client import EServiceClient, Submission
from sandbox.eservice import create_app, seed
from sandbox.faults import FaultSettings
from sandbox.server import ServedApp


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServedApp, Path, FaultSettings]]:
    db = tmp_path / "eservice.sqlite"
    faults = FaultSettings()
    with ServedApp(create_app(db, faults=lambda: faults)) as app:
        yield app, db, faults


def test_fetch_new_and_acknowledge(served: tuple[ServedApp, Path, FaultSettings]) -> None:
    app, db, _ = served
    seed(
        db, [{"reference": "ES-1-00001", "month": "2021-12"}, ["garbage"]], submitted_at="2021-11-25T09:14:00"
    )
    with EServiceClient(app.url, timeout=5) as client:
        first = client.fetch_new()
        assert first[0] == Submission(
            "ES-1-00001",
            "2021-11-25T09:14:00",
            {"reference": "ES-1-00001", "month": "2021-12"},
            form="forsorjningsstod",
        )
        assert first[1].payload == ["garbage"]
        assert client.fetch_new() == first  # re-delivered until acknowledged
        client.acknowledge("ES-1-00001")
        assert [s.reference for s in client.fetch_new()] == [first[1].reference]


def test_each_process_fetches_only_its_own_form(served: tuple[ServedApp, Path, FaultSettings]) -> None:
    app, db, _ = served
    seed(db, [{"reference": "ES-A-1"}], form="forsorjningsstod")
    seed(db, [{"reference": "ES-B-1"}], form="bostadsanpassning")
    with EServiceClient(app.url, timeout=5) as client:
        assert [s.reference for s in client.fetch_new("forsorjningsstod")] == ["ES-A-1"]
        assert [s.reference for s in client.fetch_new("bostadsanpassning")] == ["ES-B-1"]
        assert client.fetch_new("okand") == []
        assert {s.reference for s in client.fetch_new()} == {"ES-A-1", "ES-B-1"}


def test_a_submission_of_another_form_is_dropped_even_if_the_eservice_ignores_the_filter() -> None:
    body = {
        "applications": [
            {
                "reference": "ES-A-1",
                "submitted_at": "2021-11-25T09:14:00",
                "form": "forsorjningsstod",
                "payload": {},
            },
            {"reference": "ES-B-1", "submitted_at": "2021-11-25T09:14:00", "form": "annan", "payload": {}},
            {"reference": "ES-C-1", "submitted_at": "2021-11-25T09:14:00", "payload": {}},
        ]
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=body))
    client = EServiceClient("http://eservice.invalid")
    client._http = httpx.Client(base_url=client.base_url, transport=transport)
    assert [s.reference for s in client.fetch_new("forsorjningsstod")] == ["ES-A-1"]


def test_acknowledging_an_unknown_reference_raises(served: tuple[ServedApp, Path, FaultSettings]) -> None:
    app, _, _ = served
    with EServiceClient(app.url) as client, pytest.raises(ConnectorError) as raised:
        client.acknowledge("ES/../nope")
    assert raised.value.status_code == 404


def test_server_error_raises_connector_error(served: tuple[ServedApp, Path, FaultSettings]) -> None:
    app, _, faults = served
    faults.error_rate = 1.0
    with EServiceClient(app.url) as client, pytest.raises(ConnectorError, match="HTTP 500"):
        client.fetch_new()


def test_timeout_raises_connector_error(served: tuple[ServedApp, Path, FaultSettings]) -> None:
    app, _, faults = served
    faults.latency_ms = 1000
    with EServiceClient(app.url, timeout=0.2) as client, pytest.raises(ConnectorError, match="in time"):
        client.fetch_new()


def test_unreachable_service_raises_connector_error() -> None:
    with (
        EServiceClient("http://127.0.0.1:9", timeout=1) as client,
        pytest.raises(ConnectorError, match="reach"),
    ):
        client.fetch_new()


@pytest.mark.parametrize(
    "body", [b"not json", b"{}", b'{"applications": 5}', b'{"applications": [{"reference": 5}]}', b"[]"]
)
def test_malformed_envelope_raises_connector_error(body: bytes) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    client = EServiceClient("http://eservice.test")
    client._http = httpx.Client(base_url="http://eservice.test", transport=transport)
    with pytest.raises(ConnectorError, match="could not be read"):
        client.fetch_new()
