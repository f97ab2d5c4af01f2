"""The project's JSON Schema of NAV's digisos-søker document (sandbox/digisos/digisos_soker.schema.json).

It accepts documents shaped like NAV's published examples (our own documents in that shape, in
digisos_documents/), refuses what NAV's own "feil-" test documents show to be invalid (one case per
kind, mirrored here with our own values), and refuses the 2019 draft's shape this project once wrote.
NAV's examples and negative cases: navikt/soknadsosialhjelp-filformat,
src/test/resources/json/digisos/soker/ (komplett.json, minimal.json, kan-ha-nye-felter.json, feil-*.json,
parts/**). The stand-in's check and the robot's reading model must agree with the schema.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from connectors.digisos import DigisosSoker
from sandbox.digisos.events import document_problems
from tests.digisos_schema import SCHEMA, assert_nav_valid, schema_errors

DOCUMENTS = Path(__file__).with_name("digisos_documents")
EXAMPLES = sorted(DOCUMENTS.glob("*.json"))
FULL = json.loads((DOCUMENTS / "fullstendig.json").read_text("utf-8"))
UUID = "5e6f7081-92a3-44b5-86c7-d8e9f0a1b2c3"


def test_the_schema_is_a_valid_json_schema() -> None:
    Draft202012Validator.check_schema(SCHEMA)


def test_every_event_type_of_nav_appears_in_the_full_example() -> None:
    types = {event["type"] for event in FULL["hendelser"]}
    assert types == set(SCHEMA["$defs"]["hendelse"]["properties"]["type"]["enum"])


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_documents_shaped_like_navs_examples_are_accepted(path: Path) -> None:
    body = json.loads(path.read_text("utf-8"))
    assert_nav_valid(body)
    assert document_problems(copy.deepcopy(body)) == []
    assert DigisosSoker.model_validate(body).model_dump(mode="json", exclude_unset=True) == body


def event(kind: str) -> dict[str, Any]:
    return copy.deepcopy(next(e for e in FULL["hendelser"] if e["type"] == kind))


def with_event(changed: dict[str, Any]) -> dict[str, Any]:
    return {**FULL, "hendelser": [changed]}


def without(kind: str, *fields: str) -> dict[str, Any]:
    return with_event({k: v for k, v in event(kind).items() if k not in fields})


def changed(kind: str, **fields: Any) -> dict[str, Any]:
    return with_event({**event(kind), **fields})


# One per kind of NAV's negative test documents, and the 2019 draft's shapes.
INVALID = {
    "mangler-avsender": {k: v for k, v in FULL.items() if k != "avsender"},
    "mangler-hendelser": {k: v for k, v in FULL.items() if k != "hendelser"},
    "mangler-version": {k: v for k, v in FULL.items() if k != "version"},
    "mangler-systemnavn": {**FULL, "avsender": {"systemversjon": "1"}},
    "ingen-hendelser": {**FULL, "hendelser": []},
    "hendelse-er-tom": with_event({}),
    "hendelse-eksisterer-ikke": changed("soknadsStatus", type="forslagLaget"),
    "mangler-hendelsestidspunkt": without("soknadsStatus", "hendelsestidspunkt"),
    "tidspunkt-uten-brok": changed("soknadsStatus", hendelsestidspunkt="2024-05-02T07:15:00Z"),
    "status-eksisterer-ikke": changed("soknadsStatus", status="GODKJENT"),
    "status-mangler": without("soknadsStatus", "status"),
    "navKontor-tre-siffer": changed("tildeltNavKontor", navKontor="120"),
    "navKontor-fem-siffer": changed("tildeltNavKontor", navKontor="12011"),
    "navKontor-seks-siffer": changed("tildeltNavKontor", navKontor="120101"),
    "navKontor-mangler": without("tildeltNavKontor", "navKontor"),
    "vedtak-mangler-vedtaksfil": without("vedtakFattet", "vedtaksfil"),
    "vedtak-mangler-vedtaksfil-referanse": changed("vedtakFattet", vedtaksfil={}),
    "vedtak-mangler-saksreferanse": without("vedtakFattet", "saksreferanse"),
    "vedlegg-mangler-tittel": changed(
        "vedtakFattet", vedlegg=[{"referanse": {"type": "dokumentlager", "id": UUID}}]
    ),
    "vedlegg-mangler-referanse": changed("vedtakFattet", vedlegg=[{"tittel": "Beregning"}]),
    "svarut-mangler-nr": changed("vedtakFattet", vedtaksfil={"referanse": {"type": "svarut", "id": UUID}}),
    "dokumentlager-id-er-ikke-uuid": changed(
        "vedtakFattet", vedtaksfil={"referanse": {"type": "dokumentlager", "id": "brev-1"}}
    ),
    "filreferanse-ukjent-type": changed(
        "vedtakFattet", vedtaksfil={"referanse": {"type": "epost", "id": UUID}}
    ),
    "dokument-mangler-dokumenttype": changed(
        "dokumentasjonEtterspurt", dokumenter=[{"innsendelsesfrist": "2024-05-17T21:59:59.000Z"}]
    ),
    "dokument-mangler-innsendelsesfrist": changed(
        "dokumentasjonEtterspurt", dokumenter=[{"dokumenttype": "Kontoutskrift"}]
    ),
    "dokument-feil-dokumentreferanse": changed(
        "dokumentasjonEtterspurt",
        dokumenter=[
            {
                "dokumenttype": "Kontoutskrift",
                "innsendelsesfrist": "2024-05-17T21:59:59.000Z",
                "dokumentreferanse": 34,
            }
        ],
    ),
    "etterspurt-mangler-dokumenter": without("dokumentasjonEtterspurt", "dokumenter"),
    "etterspurt-forvaltningsbrev-uten-referanse": changed("dokumentasjonEtterspurt", forvaltningsbrev={}),
    "forelopigSvar-mangler-forvaltningsbrev": without("forelopigSvar", "forvaltningsbrev"),
    "saksStatus-mangler-referanse": without("saksStatus", "referanse"),
    "utbetaling-mangler-referanse": without("utbetaling", "utbetalingsreferanse"),
    "utbetaling-kontonummer-ti-siffer": changed("utbetaling", kontonummer="1234567890"),
    "vilkar-mangler-referanse": without("vilkar", "vilkarreferanse"),
    "dokumentasjonkrav-ukjent-status": changed("dokumentasjonkrav", status="OPPFOLGES"),
    "rammevedtak-belop-som-tekst": changed("rammevedtak", belop="1800"),
    # the 2019 draft this project once wrote:
    "2019-vedtak-med-referanse": with_event(
        {
            **{k: v for k, v in event("vedtakFattet").items() if k != "saksreferanse"},
            "referanse": "SAK-2024-051",
        }
    ),
    "2019-utfall-som-objekt": changed("vedtakFattet", utfall={"utfall": "INNVILGET"}),
    "2019-utfall-omgjort": changed("vedtakFattet", utfall="OMGJORT"),
    "2019-saksstatus-annulert": changed("saksStatus", status="ANNULERT"),
}


@pytest.mark.parametrize("body", INVALID.values(), ids=INVALID.keys())
def test_what_nav_refuses_is_refused_by_the_schema_and_the_stand_in(body: dict[str, Any]) -> None:
    assert schema_errors(body), "the schema accepted it"
    assert document_problems(copy.deepcopy(body)), "the stand-in accepted it"


OLD_SHAPE = {
    "version": "1.0.0",
    "avsender": {"systemnavn": "Sosialhjelpsrobot", "systemversjon": "0.1.0"},
    "hendelser": [
        {"type": "saksStatus", "hendelsestidspunkt": "2024-03-04T09:06:00.000Z", "referanse": "S-2024-03",
         "tittel": "Økonomisk stønad til livsopphold mars 2024", "status": "UNDER_BEHANDLING"},
        {"type": "vedtakFattet", "hendelsestidspunkt": "2024-03-05T10:00:00.000Z", "referanse": "S-2024-03",
         "utfall": {"utfall": "INNVILGET"}, "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": UUID}},
         "vedlegg": []},
    ],
}  # fmt: skip


def test_the_2019_shape_the_robot_once_wrote_is_refused_by_schema_stand_in_and_model() -> None:
    with pytest.raises(AssertionError, match="saksreferanse"):
        assert_nav_valid(OLD_SHAPE)
    problems = document_problems(copy.deepcopy(OLD_SHAPE))
    assert "Hendelse 2 (vedtakFattet) mangler feltet «saksreferanse»." in problems
    assert any("«utfall» har en ukjent verdi" in p for p in problems)
    with pytest.raises(ValueError):
        DigisosSoker.model_validate(OLD_SHAPE)


READ_BY_THE_ROBOT = [
    "soknadsStatus",
    "tildeltNavKontor",
    "saksStatus",
    "vedtakFattet",
    "dokumentasjonEtterspurt",
]


@pytest.mark.parametrize(
    "body",
    [
        b
        for name, b in INVALID.items()
        if all(e.get("type") in READ_BY_THE_ROBOT for e in b.get("hendelser") or [{}])
    ],
)
def test_the_robots_model_refuses_what_the_schema_refuses_for_the_events_it_writes(
    body: dict[str, Any],
) -> None:
    with pytest.raises(ValueError):
        DigisosSoker.model_validate(body)
