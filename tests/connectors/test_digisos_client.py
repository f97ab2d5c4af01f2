"""DigisosClient against the inbox stand-in (through fastapi's TestClient) and against a misbehaving
inbox (httpx.MockTransport): every failure is a ConnectorError with its status and no full identity number."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from connectors.digisos import (
    DigisosClient,
    DokumentasjonEtterspurt,
    Etterspurt,
    Innsending,
    PublishResult,
    SaksStatus,
    SoknadsStatus,
    ferdigbehandlet,
    mottatt,
    sak_referanse,
    sak_under_behandling,
    under_behandling,
    vedtak_fattet,
)
from connectors.errors import ConnectorError
from sandbox.digisos import create_app, seed
from tests.digisos_schema import assert_nav_valid

ID = "5f0c6a1e-2b7d-4c33-9e41-0a1b2c3d4e5f"
FNR = "12838512311"  # synthetic (month + 80), hand-calculated in test_fodselsnummer.py
AT = dt.datetime(2024, 3, 4, 9, 0, tzinfo=dt.UTC)


def through(app: object) -> httpx.MockTransport:
    """An httpx transport that hands each request to the ASGI app via fastapi's TestClient, and checks
    every document the client posts against NAV's current schema (jsonschema, the project's schema file)."""
    test_client = TestClient(app)  # type: ignore[arg-type]

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path.endswith("/hendelser"):
            assert_nav_valid(json.loads(request.content))
        answer = test_client.request(
            request.method,
            request.url.raw_path.decode(),
            content=request.content,
            headers=dict(request.headers),
        )
        return httpx.Response(answer.status_code, content=answer.content, headers=answer.headers)

    return httpx.MockTransport(handle)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[DigisosClient]:
    db = tmp_path / "inbox.sqlite"
    seed(db, [{"fiksDigisosId": ID, "innsendt": "2024-03-04T08:59:00.000Z", "soknad": {"version": "1.5.0"}}])
    with DigisosClient("http://innboks.test", transport=through(create_app(db))) as inbox:
        yield inbox


def test_fetch_acknowledge_publish_and_read(client: DigisosClient) -> None:
    assert client.fetch_new() == [Innsending(ID, "2024-03-04T08:59:00.000Z", {"version": "1.5.0"})]
    client.acknowledge(ID)
    assert client.fetch_new() == [] and len(client.fetch("all")) == 1
    referanse = sak_referanse(ID, "2024-03")
    steps = [mottatt(AT), under_behandling(AT + dt.timedelta(minutes=1)),
             sak_under_behandling(referanse, "2024-03", AT + dt.timedelta(minutes=2))]  # fmt: skip
    assert client.publish(ID, steps) == PublishResult(3, 0)
    assert client.publish(ID, steps) == PublishResult(0, 3)  # the same events twice: stored once
    events = client.events(ID)
    assert [type(e) for e in events] == [SoknadsStatus, SoknadsStatus, SaksStatus]
    assert (
        isinstance(events[2], SaksStatus) and events[2].tittel == "Økonomisk stønad til livsopphold mars 2024"
    )
    decided = [vedtak_fattet(referanse, "INNVILGET", "12345678-9abc-4ef0-8234-56789abcdef0", AT + dt.timedelta(days=1)),
               ferdigbehandlet(AT + dt.timedelta(days=1))]  # fmt: skip
    assert client.publish(ID, decided) == PublishResult(2, 0)
    assert len(client.events(ID)) == 5


def test_publish_missing_is_safe_to_repeat_after_a_crash(client: DigisosClient) -> None:
    assert client.publish_missing(ID, [mottatt(AT)]) == PublishResult(1, 0)
    later = AT + dt.timedelta(hours=2)  # a retry makes the same events with new times
    assert client.publish_missing(ID, [mottatt(later), under_behandling(later)]) == PublishResult(1, 1)
    assert client.publish_missing(ID, [mottatt(later), under_behandling(later)]) == PublishResult(0, 2)
    assert [e.status for e in client.events(ID) if isinstance(e, SoknadsStatus)] == [
        "MOTTATT",
        "UNDER_BEHANDLING",
    ]


def test_a_documentation_request_is_published_once(client: DigisosClient) -> None:
    frist = dt.datetime(2024, 3, 18, 22, 59, 59, tzinfo=dt.UTC)
    asked = [Etterspurt("Husleiekontrakt", frist, dokumentreferanse=f"{ID}-husleie")]
    assert client.request_documentation(ID, asked, AT) == PublishResult(1, 0)
    assert client.request_documentation(ID, asked, AT + dt.timedelta(hours=3)) == PublishResult(
        0, 1
    )  # a retry
    (published,) = client.events(ID)
    assert isinstance(published, DokumentasjonEtterspurt)
    assert published.dokumenter[0].innsendelsesfrist == "2024-03-18T22:59:59.000Z"
    later = [Etterspurt("Husleiekontrakt", frist + dt.timedelta(days=7), dokumentreferanse=f"{ID}-husleie")]
    assert client.request_documentation(ID, later, AT) == PublishResult(
        1, 0
    )  # a new deadline is a new request


def test_unknown_id_is_a_404(client: DigisosClient) -> None:
    for call in (lambda: client.acknowledge("ukjent"), lambda: client.events("ukjent"),
                 lambda: client.publish("ukjent", [mottatt(AT)])):  # fmt: skip
        with pytest.raises(ConnectorError) as info:
            call()
        assert info.value.status_code == 404


def test_an_invalid_event_is_refused_before_sending(client: DigisosClient) -> None:
    with pytest.raises(ValueError):
        client.publish(ID, [{"type": "soknadsStatus", "hendelsestidspunkt": "i dag", "status": "MOTTATT"}])
    assert client.events(ID) == []


def mock(handler: Callable[[httpx.Request], httpx.Response]) -> DigisosClient:
    return DigisosClient("http://innboks.test", transport=httpx.MockTransport(handler))


@pytest.mark.parametrize(
    ("handler", "status"),
    [
        (lambda r: httpx.Response(500, json={"feil": [f"Databasefeil for {FNR}"]}), 500),
        (lambda r: httpx.Response(200, text="<html>vedlikehold</html>"), None),
        (lambda r: httpx.Response(200, json={"soknader": "ikke en liste"}), None),
        (lambda r: httpx.Response(200, json={"soknader": [{"fiksDigisosId": FNR}]}), None),
        (lambda r: httpx.Response(503), 503),
    ],
)
def test_a_misbehaving_inbox_gives_connector_errors(
    handler: Callable[[httpx.Request], httpx.Response], status: int | None
) -> None:
    with mock(handler) as inbox, pytest.raises(ConnectorError) as info:
        inbox.fetch_new()
    assert info.value.status_code == status
    assert FNR not in str(info.value)


def test_network_failures_and_timeouts_are_connector_errors() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    for handler, text in ((refuse, "Could not reach"), (slow, "did not answer in time")):
        with mock(handler) as inbox, pytest.raises(ConnectorError, match=text) as info:
            inbox.acknowledge(FNR)
        assert FNR not in str(info.value) and info.value.status_code is None


def test_unconfirmed_acknowledgement_and_unreadable_answers() -> None:
    with (
        mock(lambda r: httpx.Response(200, json={"kvittert": False})) as inbox,
        pytest.raises(ConnectorError),
    ):
        inbox.acknowledge(ID)
    unreadable = (
        (lambda r: httpx.Response(200, json={"hendelser": [{"type": "ukjent"}]}), lambda c: c.events(ID)),
        (lambda r: httpx.Response(200, json={"ok": True}), lambda c: c.publish(ID, [mottatt(AT)])),
    )
    for handler, call in unreadable:
        with mock(handler) as inbox, pytest.raises(ConnectorError, match="could not be read"):
            call(inbox)


def test_the_inbox_refusal_is_passed_on_masked() -> None:
    body = {"feil": [f"Hendelse 1 gjelder {FNR}"]}
    with mock(lambda r: httpx.Response(422, json=body)) as inbox, pytest.raises(ConnectorError) as info:
        inbox.publish(ID, [mottatt(AT)])
    assert info.value.status_code == 422
    assert "Hendelse 1 gjelder 128385*****" in str(info.value)
