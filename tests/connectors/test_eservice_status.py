"""StatusClient against the served e-service stand-in: publish, list, idempotence, and its errors."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from connectors.errors import ConnectorError, Refused
from connectors.eservice.status import STEPS, Published, StatusClient, StatusEvent
from sandbox.eservice import create_app, seed
from sandbox.eservice.events import STEPS as SANDBOX_STEPS
from sandbox.faults import FaultSettings
from sandbox.server import ServedApp

REFERENCE = "ES-ST-0001"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServedApp, FaultSettings]]:
    db = tmp_path / "eservice.sqlite"
    seed(db, [{"reference": REFERENCE}])
    faults = FaultSettings()
    with ServedApp(create_app(db, faults=lambda: faults)) as app:
        yield app, faults


def test_the_connector_and_the_stand_in_know_the_same_steps() -> None:
    assert STEPS == SANDBOX_STEPS


def test_publish_and_list(served: tuple[ServedApp, FaultSettings]) -> None:
    app, _ = served
    stockholm = timezone(timedelta(hours=1))
    with StatusClient(app.url, timeout=5) as client:
        first = client.publish(
            REFERENCE, "mottagen", occurred_at=datetime(2021, 11, 25, 10, 0, tzinfo=stockholm)
        )
        assert first == Published(StatusEvent(REFERENCE, "mottagen", "2021-11-25T09:00:00Z"), created=True)
        client.publish(REFERENCE, "mote", booking_url="http://127.0.0.1:9/boka/t")
        client.publish(REFERENCE, "beviljad", occurred_at=datetime(2030, 1, 1, tzinfo=UTC), amount=12684)
        events = client.events(REFERENCE)
    assert [event.step for event in events] == ["mottagen", "mote", "beviljad"]
    assert events[1].booking_url == "http://127.0.0.1:9/boka/t"
    assert events[2].amount == 12684


def test_publishing_again_is_harmless_and_says_so(served: tuple[ServedApp, FaultSettings]) -> None:
    app, _ = served
    with StatusClient(app.url, timeout=5) as client:
        first = client.publish(
            REFERENCE, "under_behandling", occurred_at=datetime(2021, 11, 25, 9, tzinfo=UTC)
        )
        again = client.publish(REFERENCE, "under_behandling")
        assert again == Published(first.event, created=False)
        assert len(client.events(REFERENCE)) == 1


def test_an_unknown_reference_is_refused_for_good(served: tuple[ServedApp, FaultSettings]) -> None:
    app, _ = served
    with StatusClient(app.url, timeout=5) as client:
        with pytest.raises(Refused) as raised:
            client.publish("ES-NOPE", "mottagen")
        assert raised.value.status_code == 404
        assert "No submission" in raised.value.reason
        with pytest.raises(Refused):
            client.events("ES/../nope")


def test_an_event_the_eservice_refuses_raises_refused_with_its_words(
    served: tuple[ServedApp, FaultSettings],
) -> None:
    app, _ = served
    with StatusClient(app.url, timeout=5) as client, pytest.raises(Refused) as raised:
        client.publish(REFERENCE, "beviljad")  # an approval needs its amount
    assert raised.value.status_code == 422
    assert "details.amount is required" in raised.value.reason


def test_an_unknown_step_is_a_programming_error() -> None:
    with StatusClient("http://127.0.0.1:9") as client, pytest.raises(ValueError, match="Unknown status step"):
        client.publish(REFERENCE, "klar")  # type: ignore[arg-type]


def test_server_errors_timeouts_and_a_dead_service_are_worth_retrying(
    served: tuple[ServedApp, FaultSettings],
) -> None:
    app, faults = served
    faults.error_rate = 1.0
    with (
        StatusClient(app.url, timeout=5) as client,
        pytest.raises(ConnectorError, match="HTTP 500") as raised,
    ):
        client.publish(REFERENCE, "mottagen")
    assert not isinstance(raised.value, Refused) and raised.value.status_code == 500
    faults.error_rate, faults.latency_ms = 0.0, 1000
    with StatusClient(app.url, timeout=0.2) as client, pytest.raises(ConnectorError, match="in time"):
        client.events(REFERENCE)
    with (
        StatusClient("http://127.0.0.1:9", timeout=1) as client,
        pytest.raises(ConnectorError, match="reach"),
    ):
        client.events(REFERENCE)


@pytest.mark.parametrize("code", [408, 429, 502, 503])
def test_a_transient_4xx_or_5xx_is_not_refused(code: int) -> None:
    client = StatusClient("http://eservice.test")
    transport = httpx.MockTransport(lambda request: httpx.Response(code, json={"message": "busy"}))
    client._http = httpx.Client(base_url="http://eservice.test", transport=transport)
    with pytest.raises(ConnectorError) as raised:
        client.events(REFERENCE)
    assert not isinstance(raised.value, Refused) and raised.value.status_code == code


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"events": [{"reference": "x", "step": "klar", "occurred_at": "t"}]}',
        b'{"events": [{"reference": "x", "step": "beviljad", "occurred_at": "t", "details": {"amount": "5"}}]}',
        b'{"events": [{"step": "mottagen"}]}',
    ],
)
def test_an_unreadable_answer_raises_connector_error(body: bytes) -> None:
    client = StatusClient("http://eservice.test")
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    client._http = httpx.Client(base_url="http://eservice.test", transport=transport)
    with pytest.raises(ConnectorError):
        client.events(REFERENCE)
