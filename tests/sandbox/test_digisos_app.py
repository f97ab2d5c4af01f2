"""The inbox stand-in: listing, acknowledging, appending and reading status events, idempotency,
refusal of invalid documents (NAV's current schema, reasons in Norwegian, the 2019 draft's shape
refused); and its check agreeing with the robot's models."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from connectors.digisos import DigisosSoker
from sandbox.digisos import InboxStore, create_app, seed
from sandbox.digisos.events import document_problems

ID = "0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9"
UUID_FILE = "12345678-9abc-4ef0-8234-56789abcdef0"


def doc(*events: dict[str, Any]) -> dict[str, Any]:
    return {
        "version": "1.0.0",
        "avsender": {"systemnavn": "Test", "systemversjon": "1"},
        "hendelser": list(events),
    }


MOTTATT = {"type": "soknadsStatus", "hendelsestidspunkt": "2024-03-04T09:00:00.000Z", "status": "MOTTATT"}
UNDER = {
    "type": "soknadsStatus",
    "hendelsestidspunkt": "2024-03-04T09:05:00.000Z",
    "status": "UNDER_BEHANDLING",
}
SAK = {
    "type": "saksStatus",
    "hendelsestidspunkt": "2024-03-04T09:06:00.000Z",
    "referanse": f"{ID}-livsopphold-2024-03",
    "tittel": "Økonomisk stønad til livsopphold mars 2024",
    "status": "UNDER_BEHANDLING",
}
VEDTAK = {
    "type": "vedtakFattet",
    "hendelsestidspunkt": "2024-03-05T10:00:00.000Z",
    "saksreferanse": f"{ID}-livsopphold-2024-03",
    "utfall": "INNVILGET",
    "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": UUID_FILE}},
    "vedlegg": [],
}
ETTERSPURT = {
    "type": "dokumentasjonEtterspurt",
    "hendelsestidspunkt": "2024-03-04T12:00:00.000Z",
    "dokumenter": [{"dokumenttype": "Husleiekontrakt", "innsendelsesfrist": "2024-03-18T22:59:59.000Z",
                    "dokumentreferanse": f"{ID}-husleiekontrakt"}],
}  # fmt: skip
# The shape of the 2019 draft the robot once wrote: "referanse" instead of "saksreferanse", "utfall"
# as an object, OMGJORT and ANNULERT (gone from NAV's schema).
OLD_VEDTAK = {**{k: v for k, v in VEDTAK.items() if k != "saksreferanse"},
              "referanse": VEDTAK["saksreferanse"], "utfall": {"utfall": "OMGJORT"}}  # fmt: skip
OLD_SAK = {**SAK, "status": "ANNULERT"}


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "inbox.sqlite"
    seed(path, [{"fiksDigisosId": ID, "innsendt": "2024-03-04T08:59:00.000Z", "soknad": {"version": "1.5.0", "x": [1]}},
                {"fiksDigisosId": "second", "innsendt": "2024-03-04T09:30:00.000Z", "soknad": ["garbage"]}])  # fmt: skip
    return path


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(db))


def test_new_submissions_are_redelivered_until_acknowledged(client: TestClient) -> None:
    first = client.get("/api/v1/soknader", params={"status": "new"}).json()["soknader"]
    assert [s["fiksDigisosId"] for s in first] == [ID, "second"]
    assert first[0] == {
        "fiksDigisosId": ID,
        "innsendt": "2024-03-04T08:59:00.000Z",
        "soknad": {"version": "1.5.0", "x": [1]},
    }
    assert first[1]["soknad"] == ["garbage"]
    assert client.get("/api/v1/soknader").json()["soknader"] == first
    assert client.post(f"/api/v1/soknader/{ID}/ack").json() == {"fiksDigisosId": ID, "kvittert": True}
    assert client.post(f"/api/v1/soknader/{ID}/ack").status_code == 200  # acknowledging twice is harmless
    assert [s["fiksDigisosId"] for s in client.get("/api/v1/soknader").json()["soknader"]] == ["second"]
    assert len(client.get("/api/v1/soknader", params={"status": "all"}).json()["soknader"]) == 2
    assert client.get("/api/v1/soknader", params={"status": "old"}).status_code == 422


def test_unknown_ids_are_404(client: TestClient) -> None:
    for response in (
        client.post("/api/v1/soknader/nope/ack"),
        client.post("/api/v1/soknader/nope/hendelser", json=doc(MOTTATT)),
        client.get("/api/v1/soknader/nope/hendelser"),
    ):
        assert response.status_code == 404
        assert "Ingen søknad" in response.json()["feil"][0]


def test_events_are_appended_once_and_read_back_as_a_digisos_soker_document(client: TestClient) -> None:
    empty = client.get(f"/api/v1/soknader/{ID}/hendelser").json()
    assert empty["hendelser"] == [] and empty["version"] == "1.0.0"
    assert client.post(f"/api/v1/soknader/{ID}/hendelser", json=doc(MOTTATT, UNDER)).json() == {
        "fiksDigisosId": ID, "lagtTil": 2, "fantesAllerede": 0,
    }  # fmt: skip
    again = client.post(f"/api/v1/soknader/{ID}/hendelser", json=doc(MOTTATT, UNDER, SAK, VEDTAK)).json()
    assert (again["lagtTil"], again["fantesAllerede"]) == (2, 2)
    assert client.post(f"/api/v1/soknader/{ID}/hendelser", json=doc(ETTERSPURT)).json()["lagtTil"] == 1
    reordered = {key: MOTTATT[key] for key in reversed(list(MOTTATT))}  # same event, keys in another order
    assert client.post(f"/api/v1/soknader/{ID}/hendelser", json=doc(reordered)).json()["lagtTil"] == 0
    body = client.get(f"/api/v1/soknader/{ID}/hendelser").json()
    assert body["hendelser"] == [MOTTATT, UNDER, SAK, VEDTAK, ETTERSPURT]
    DigisosSoker.model_validate(body)  # the robot's model reads the stand-in's document
    assert client.get("/api/v1/soknader/second/hendelser").json()["hendelser"] == []


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ("not json", "ikke gyldig JSON"),
        ([MOTTATT], "JSON-objekt"),
        ({**doc(MOTTATT), "avsender": {}}, "avsender"),
        (doc(), "minst én hendelse"),
        (doc({**MOTTATT, "status": "GODKJENT"}), "«status» har en ukjent verdi"),
        (doc({**MOTTATT, "hendelsestidspunkt": "2024-03-04 09:00"}), "hendelsestidspunkt"),
        (doc({**MOTTATT, "type": "forslagLaget"}), "ukjent hendelsestype"),
        (doc({k: v for k, v in SAK.items() if k != "referanse"}), "mangler feltet «referanse»"),
        (doc({**VEDTAK, "vedtaksfil": {"referanse": {"type": "dokumentlager", "id": "x"}}}), "vedtaksfil"),
        (doc({**VEDTAK, "utfall": "KANSKJE"}), "«utfall» har en ukjent verdi"),
        (doc({k: v for k, v in VEDTAK.items() if k != "saksreferanse"}), "mangler feltet «saksreferanse»"),
        (doc(OLD_VEDTAK), "mangler feltet «saksreferanse»"),
        (doc(OLD_VEDTAK), "«utfall» har en ukjent verdi"),
        (doc(OLD_SAK), "«status» har en ukjent verdi"),
        (doc({**ETTERSPURT, "dokumenter": [{"dokumenttype": "Husleiekontrakt"}]}), "«innsendelsesfrist»"),
    ],
)
def test_invalid_documents_are_refused_in_norwegian(
    client: TestClient, db: Path, body: Any, fragment: str
) -> None:
    if isinstance(body, str):
        response = client.post(f"/api/v1/soknader/{ID}/hendelser", content=body)
    else:
        response = client.post(f"/api/v1/soknader/{ID}/hendelser", json=body)
    assert response.status_code == 422
    assert any(fragment in problem for problem in response.json()["feil"]), response.json()
    assert InboxStore(db).events(ID) == []


def test_seeding_twice_keeps_the_first_submission_and_its_acknowledgement(
    db: Path, client: TestClient
) -> None:
    client.post(f"/api/v1/soknader/{ID}/ack")
    seed(db, [{"fiksDigisosId": ID, "innsendt": "2030-01-01T00:00:00.000Z", "soknad": {}}])
    listed = client.get("/api/v1/soknader", params={"status": "all"}).json()["soknader"]
    assert len(listed) == 2 and listed[0]["innsendt"] == "2024-03-04T08:59:00.000Z"
    assert [s["fiksDigisosId"] for s in client.get("/api/v1/soknader").json()["soknader"]] == ["second"]


VALID = [doc(MOTTATT), doc(MOTTATT, UNDER, SAK, VEDTAK, ETTERSPURT), doc({k: v for k, v in SAK.items() if k not in ("tittel", "status")}),
         doc({"type": "tildeltNavKontor", "hendelsestidspunkt": "2024-03-04T09:00:00.1Z", "navKontor": "0301"}),
         doc({**VEDTAK, "vedlegg": [{"tittel": "Vedlegg", "referanse": {"type": "svarut", "id": UUID_FILE, "nr": 1}}]}),
         doc({k: v for k, v in VEDTAK.items() if k not in ("utfall", "vedlegg")}), doc({**SAK, "referanse": "", "tittel": ""}),
         doc({**MOTTATT, "status": "BEHANDLES_IKKE"}), doc({**SAK, "status": "BEHANDLES_IKKE"}),
         doc({**ETTERSPURT, "forvaltningsbrev": {"referanse": {"type": "dokumentlager", "id": UUID_FILE}}}),
         {**doc(MOTTATT), "version": "1.0.0-beta+42", "ukjent": {"felt": 1}}]  # fmt: skip
INVALID = [doc(), doc({**MOTTATT, "status": "X"}), doc({**VEDTAK, "vedlegg": None}), doc(OLD_VEDTAK), doc(OLD_SAK),
           doc({"type": "tildeltNavKontor", "hendelsestidspunkt": "2024-03-04T09:00:00.1Z", "navKontor": "123"}),
           doc({"type": "tildeltNavKontor", "hendelsestidspunkt": "2024-03-04T09:00:00.1Z", "navKontor": "030101"}),
           doc({**VEDTAK, "vedtaksfil": {"referanse": {"type": "svarut", "id": UUID_FILE}}}),
           doc({**VEDTAK, "utfall": {"utfall": "INNVILGET"}}), doc({**ETTERSPURT, "dokumenter": None}),
           doc({**ETTERSPURT, "forvaltningsbrev": {}}),
           doc({**MOTTATT, "hendelsestidspunkt": "2024-03-04T09:00:00Z"})]  # fmt: skip


@pytest.mark.parametrize("body", VALID + INVALID)
def test_the_stand_in_and_the_robots_model_agree(body: dict[str, Any]) -> None:
    stand_in_ok = not document_problems(copy.deepcopy(body))
    try:
        DigisosSoker.model_validate(body)
        model_ok = True
    except ValueError:
        model_ok = False
    assert stand_in_ok == model_ok == (body in VALID)
