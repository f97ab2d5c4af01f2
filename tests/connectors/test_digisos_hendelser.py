"""NAV's digisos-søker document: the time format, recognising the same event, reading documents
from other systems (events this process never sends are kept), and what a document needs."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.digisos import DigisosSoker, document, mottatt
from connectors.digisos.hendelser import AnnenHendelse, VedtakFattet, event_key, tidspunkt

AT = dt.datetime(2024, 3, 4, 9, 0, 0, 134000, tzinfo=dt.UTC)


def test_time_format_of_the_events() -> None:
    assert tidspunkt(AT) == "2024-03-04T09:00:00.134Z"
    assert (
        tidspunkt(dt.datetime(2024, 3, 4, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=1))))
        == "2024-03-04T09:00:00.000Z"
    )
    assert tidspunkt(dt.datetime(2024, 3, 4, 9, 0)) == "2024-03-04T09:00:00.000Z"  # naive = UTC


def test_event_keys_recognise_the_same_event_at_another_time() -> None:
    later = AT + dt.timedelta(hours=1)
    assert event_key(mottatt(AT)) != event_key(mottatt(later))
    assert event_key(mottatt(AT), with_time=False) == event_key(mottatt(later), with_time=False)
    assert event_key(mottatt(AT)) == event_key(mottatt(AT).model_dump(mode="json", exclude_none=True))


def test_a_document_from_another_system_is_read_with_events_this_process_never_sends() -> None:
    uuid = "12345678-9abc-4ef0-8234-56789abcdea1"
    body = {
        "version": "1.0.0",
        "avsender": {"systemnavn": "Fagsystem", "systemversjon": "2.0"},
        "hendelser": [
            {"type": "soknadsStatus", "hendelsestidspunkt": "2018-10-04T13:37:00.134Z", "status": "MOTTATT"},
            {"type": "tildeltNavKontor", "hendelsestidspunkt": "2018-10-04T13:42:00.134Z", "navKontor": "0315"},
            {"type": "dokumentasjonEtterspurt", "hendelsestidspunkt": "2018-10-11T13:42:00.134Z",
             "dokumenter": [{"dokumenttype": "Strømfaktura", "innsendelsesfrist": "2018-10-20T07:37:00.134Z"}]},
            {"type": "vedtakFattet", "hendelsestidspunkt": "2018-10-12T13:37:00.134Z", "referanse": "SAK1",
             "utfall": {"utfall": "AVSLATT"}, "vedtaksfil": {"referanse": {"type": "svarut", "id": uuid, "nr": 1}},
             "vedlegg": []},
        ],
        "nyttFelt": "",
    }  # fmt: skip
    doc = DigisosSoker.model_validate(body)
    other = doc.hendelser[2]
    assert isinstance(other, AnnenHendelse) and other.model_extra and "dokumenter" in other.model_extra
    assert isinstance(doc.hendelser[3], VedtakFattet)
    assert doc.model_dump(mode="json", exclude_unset=True) == body


def test_the_document_needs_an_event_and_a_sender() -> None:
    with pytest.raises(ValueError):
        document([])
    with pytest.raises(ValueError):
        DigisosSoker.model_validate({"version": "1.0.0", "hendelser": [mottatt(AT).model_dump(mode="json")]})
