"""The e-service's status events (digisos-style) and the "Följ ditt ärende" page."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from sandbox.eservice import create_app, seed
from sandbox.eservice.events import STEPS
from sandbox.eservice.follow import kronor, shown_time

IDENTITY = "19850312-2395"
OTHER = "19860101-1235"
REFERENCE = "ES-ST-0001"


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    db = tmp_path / "eservice.sqlite"
    seed(
        db,
        [{"reference": REFERENCE, "applicant": {"identity_number": IDENTITY, "name": "<b>Anna</b>"}}],
        submitted_at="2021-11-25T09:14:00",
    )
    return TestClient(create_app(db))


def publish(client: TestClient, step: str, **body: object) -> Response:
    return client.post(f"/api/applications/{REFERENCE}/events", json={"step": step, **body})


def test_an_event_is_stored_once_per_reference_and_step(client: TestClient) -> None:
    first = publish(client, "mottagen", occurred_at="2021-11-25T10:00:00+01:00")
    assert first.status_code == 201
    assert first.json() == {
        "reference": REFERENCE,
        "step": "mottagen",
        "occurred_at": "2021-11-25T09:00:00Z",
        "details": {},
        "created": True,
    }
    again = publish(client, "mottagen", occurred_at="2021-11-26T10:00:00Z")
    assert again.status_code == 200
    assert again.json()["created"] is False
    assert again.json()["occurred_at"] == "2021-11-25T09:00:00Z"
    listed = client.get(f"/api/applications/{REFERENCE}/events").json()
    assert [event["step"] for event in listed["events"]] == ["mottagen"]


def test_events_are_listed_in_the_order_they_happened(client: TestClient) -> None:
    publish(client, "under_behandling", occurred_at="2021-11-25T10:05:00Z")
    publish(client, "mottagen", occurred_at="2021-11-25T10:00:00Z")
    publish(client, "beviljad", occurred_at="2021-11-26T08:00:00Z", details={"amount": 12684})
    events = client.get(f"/api/applications/{REFERENCE}/events").json()["events"]
    assert [event["step"] for event in events] == ["mottagen", "under_behandling", "beviljad"]
    assert events[2]["details"] == {"amount": 12684}


def test_a_time_without_a_zone_is_utc_and_no_time_means_now(client: TestClient) -> None:
    assert publish(client, "mottagen", occurred_at="2021-11-25T10:00:00").json()["occurred_at"] == (
        "2021-11-25T10:00:00Z"
    )
    assert publish(client, "under_behandling").json()["occurred_at"].endswith("Z")


@pytest.mark.parametrize(
    "body",
    [
        {"step": "klar"},
        {"step": "beviljad"},
        {"step": "beviljad", "details": {"amount": -1}},
        {"step": "beviljad", "details": {"amount": "12684"}},
        {"step": "beviljad", "details": {"amount": 1.5}},
        {"step": "avslagen", "details": {"amount": 0}},
        {"step": "mote"},
        {"step": "mote", "details": {"booking_url": "javascript:alert(1)"}},
        {"step": "mottagen", "details": {"booking_url": "https://boka.example/x"}},
        {"step": "mottagen", "details": {"reason": "hemligt"}},
        {"step": "mottagen", "extra": 1},
        {"step": "mottagen", "occurred_at": "igår"},
        ["mottagen"],
    ],
)
def test_an_invalid_event_is_refused_with_422_and_stores_nothing(client: TestClient, body: object) -> None:
    answer = client.post(f"/api/applications/{REFERENCE}/events", json=body)
    assert answer.status_code == 422
    assert answer.json()["error"] == "invalid"
    assert "hemligt" not in answer.text
    assert client.get(f"/api/applications/{REFERENCE}/events").json()["events"] == []


def test_a_body_that_is_not_json_is_refused(client: TestClient) -> None:
    answer = client.post(f"/api/applications/{REFERENCE}/events", content=b"\xff{")
    assert answer.status_code == 422


def test_an_unknown_reference_is_a_json_404(client: TestClient) -> None:
    assert client.post("/api/applications/ES-NOPE/events", json={"step": "mottagen"}).status_code == 404
    assert client.get("/api/applications/ES-NOPE/events").json()["error"] == "not_found"


def test_every_step_is_documented_and_has_an_applicant_text() -> None:
    from sandbox.eservice import events, follow

    for step in STEPS:
        assert f"``{step}``" in (events.__doc__ or "")
        assert step in follow.STEP_TEXTS


def log_in(client: TestClient, reference: str = REFERENCE, identity: str = IDENTITY) -> Response:
    return client.post(
        "/folj", data={"reference": reference, "identity_number": identity}, follow_redirects=False
    )


def test_the_follow_page_asks_for_reference_and_identity_number_with_labels(client: TestClient) -> None:
    page = client.get("/folj")
    assert page.status_code == 200
    for text in (
        '<html lang="sv">',
        "<h1>Följ ditt ärende</h1>",
        '<label for="reference">',
        '<label for="identity_number">',
    ):
        assert text in page.text


@pytest.mark.parametrize(
    ("reference", "identity"),
    [(REFERENCE, OTHER), ("ES-NOPE", IDENTITY), (REFERENCE, ""), ("", IDENTITY), (REFERENCE, "19850312")],
)
def test_a_wrong_login_says_so_without_saying_which_part_was_wrong(
    client: TestClient, reference: str, identity: str
) -> None:
    answer = log_in(client, reference, identity)
    assert answer.status_code == 401
    assert "Vi hittar ingen ansökan med det referensnumret och personnumret" in answer.text
    assert 'role="alert"' in answer.text
    assert "folj_session" not in answer.headers.get("set-cookie", "")


def test_the_applicant_sees_the_timeline_and_the_decision(client: TestClient) -> None:
    publish(client, "mottagen", occurred_at="2021-11-25T09:00:00Z")
    publish(client, "forslag_hos_handlaggare", occurred_at="2021-11-25T09:30:00Z")
    publish(client, "beviljad", occurred_at="2021-12-01T10:15:00Z", details={"amount": 12684})
    answer = log_in(client, REFERENCE, IDENTITY.replace("-", ""))  # the hyphen does not matter
    assert answer.status_code == 303
    page = client.get("/folj").text
    assert (
        page.index("Du skickade din ansökan")
        < page.index("Ansökan är mottagen")
        < page.index("Förslag till beslut")
    )
    assert "Du får försörjningsstöd med 12\u00a0684\u00a0kr." in page
    assert '<time datetime="2021-12-01T10:15:00Z">1 december 2021 kl. 11.15</time>' in page
    assert 'id="decision_heading"' in page
    assert IDENTITY not in page and "<b>Anna</b>" not in page


def test_a_meeting_shows_the_booking_link(client: TestClient) -> None:
    publish(client, "hos_handlaggare")
    publish(client, "mote", details={"booking_url": "http://127.0.0.1:9/boka/abc?x=1&y=2"})
    log_in(client)
    page = client.get("/folj").text
    assert '<a id="booking_link" href="http://127.0.0.1:9/boka/abc?x=1&amp;y=2">' in page
    assert "Vi vill träffa dig" in page and 'id="decision_heading"' not in page


def test_a_rejection_says_where_the_reasons_are(client: TestClient) -> None:
    publish(client, "avslagen")
    log_in(client)
    page = client.get("/folj").text
    assert "Du får inte försörjningsstöd den här gången" in page and "överklaga" in page


def test_logging_out_ends_the_session_and_another_client_sees_nothing(
    client: TestClient, tmp_path: Path
) -> None:
    log_in(client)
    assert "Logga ut" in client.get("/folj").text
    stranger = TestClient(client.app)
    stranger.cookies.set("folj_session", "guessed")
    assert "Referensnummer" in stranger.get("/folj").text
    client.post("/folj/logga-ut")
    assert "Referensnummer" in client.get("/folj").text


def test_swedish_amounts_and_times() -> None:
    assert kronor(1234567) == "1\u00a0234\u00a0567\u00a0kr"
    assert shown_time("2021-07-01T22:30:00Z") == "2 juli 2021 kl. 00.30"
    assert shown_time("2021-11-25T09:14:00") == "25 november 2021 kl. 09.14"
    assert shown_time("trasig") == "trasig"
