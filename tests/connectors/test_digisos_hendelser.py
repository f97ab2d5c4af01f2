"""NAV's digisos-søker document: every event the builders make follows NAV's current schema (checked
with jsonschema against the project's schema file), the time format, recognising the same event,
reading documents from other systems (events this process never sends are kept), what a document needs."""

from __future__ import annotations

import datetime as dt

import pytest

from connectors.digisos import (
    DigisosSoker,
    Etterspurt,
    document,
    dokumentasjon_etterspurt,
    ferdigbehandlet,
    mottatt,
    sak_referanse,
    sak_under_behandling,
    under_behandling,
    vedtak_fattet,
)
from connectors.digisos.hendelser import (
    AnnenHendelse,
    DokumentasjonEtterspurt,
    VedtakFattet,
    event_key,
    tidspunkt,
)
from tests.digisos_schema import assert_nav_valid

AT = dt.datetime(2024, 3, 4, 9, 0, 0, 134000, tzinfo=dt.UTC)
ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
LETTER = "12345678-9abc-4ef0-8234-56789abcdef0"
SAK = sak_referanse(ID, "2024-03")
FRIST = dt.datetime(2024, 3, 18, 22, 59, 59, tzinfo=dt.UTC)
BUILT = {
    "mottatt": mottatt(AT),
    "under_behandling": under_behandling(AT),
    "ferdigbehandlet": ferdigbehandlet(AT),
    "sak_under_behandling": sak_under_behandling(SAK, "2024-03", AT),
    **{f"vedtak_fattet_{u}": vedtak_fattet(SAK, u, LETTER, AT) for u in ("INNVILGET", "DELVIS_INNVILGET", "AVSLATT", "AVVIST")},
    "dokumentasjon_etterspurt": dokumentasjon_etterspurt(
        [Etterspurt("Husleiekontrakt", FRIST, "Gjeldende kontrakt", f"{SAK}-husleie"), Etterspurt("Kontoutskrift", FRIST)],
        AT,
    ),
    "dokumentasjon_etterspurt_med_brev": dokumentasjon_etterspurt([Etterspurt("Strømfaktura", FRIST)], AT, LETTER),
}  # fmt: skip


@pytest.mark.parametrize("event", BUILT.values(), ids=BUILT.keys())
def test_every_event_the_robot_builds_follows_navs_current_schema(event: object) -> None:
    sent = document([event]).model_dump(mode="json", exclude_none=True)
    assert_nav_valid(sent)


def test_a_decision_names_its_sak_and_its_outcome_as_nav_wants_today() -> None:
    sent = vedtak_fattet(SAK, "AVSLATT", LETTER, AT).model_dump(mode="json", exclude_none=True)
    assert sent["saksreferanse"] == SAK and sent["utfall"] == "AVSLATT" and "referanse" not in sent
    assert sent["vedtaksfil"] == {"referanse": {"type": "dokumentlager", "id": LETTER}}


def test_a_documentation_request_has_each_document_with_its_deadline() -> None:
    sent = BUILT["dokumentasjon_etterspurt"].model_dump(mode="json", exclude_none=True)
    assert sent["dokumenter"] == [
        {"dokumenttype": "Husleiekontrakt", "tilleggsinformasjon": "Gjeldende kontrakt",
         "innsendelsesfrist": "2024-03-18T22:59:59.000Z", "dokumentreferanse": f"{SAK}-husleie"},
        {"dokumenttype": "Kontoutskrift", "innsendelsesfrist": "2024-03-18T22:59:59.000Z"},
    ]  # fmt: skip
    assert "forvaltningsbrev" not in sent
    with pytest.raises(ValueError):
        dokumentasjon_etterspurt([], AT)


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
            {"type": "vedtakFattet", "hendelsestidspunkt": "2018-10-12T13:37:00.134Z", "saksreferanse": "SAK1",
             "utfall": "DELVIS_INNVILGET", "vedtaksfil": {"referanse": {"type": "svarut", "id": uuid, "nr": 1}}},
            {"type": "vilkar", "hendelsestidspunkt": "2018-10-12T13:38:00.134Z", "vilkarreferanse": "V1",
             "status": "RELEVANT"},
        ],
        "nyttFelt": "",
    }  # fmt: skip
    doc = DigisosSoker.model_validate(body)
    asked = doc.hendelser[2]
    assert isinstance(asked, DokumentasjonEtterspurt) and asked.dokumenter[0].dokumenttype == "Strømfaktura"
    assert isinstance(doc.hendelser[3], VedtakFattet) and doc.hendelser[3].utfall == "DELVIS_INNVILGET"
    other = doc.hendelser[4]
    assert isinstance(other, AnnenHendelse) and other.model_extra == {
        "vilkarreferanse": "V1",
        "status": "RELEVANT",
    }
    assert doc.model_dump(mode="json", exclude_unset=True) == body


def test_the_document_needs_an_event_and_a_sender() -> None:
    with pytest.raises(ValueError):
        document([])
    with pytest.raises(ValueError):
        DigisosSoker.model_validate({"version": "1.0.0", "hendelser": [mottatt(AT).model_dump(mode="json")]})
