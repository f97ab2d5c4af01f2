"""The self-booking stand-in: a link per application, the applicant picks a time, nobody else can book."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from sandbox.booking import BookingStore, create_app, weekday_times

MONDAY = dt.date(2021, 12, 6)


@pytest.fixture
def client(tmp_path: Path) -> TestClient:
    return TestClient(create_app(tmp_path / "booking.sqlite", first_day=MONDAY, days=2))


def link(client: TestClient, reference: str = "ES-000123") -> dict[str, object]:
    answer = client.post("/api/links", json={"reference": reference})
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def test_free_times_are_on_weekdays(client: TestClient) -> None:
    times = client.get("/api/times").json()["times"]
    assert [t["starts_at"] for t in times] == [
        "2021-12-06T09:00", "2021-12-06T10:30", "2021-12-06T13:00", "2021-12-06T14:30",
        "2021-12-07T09:00", "2021-12-07T10:30", "2021-12-07T13:00", "2021-12-07T14:30",
    ]  # fmt: skip
    assert {t["minutes"] for t in times} == {45}
    assert weekday_times(dt.date(2021, 12, 10), days=2)[4].date() == dt.date(
        2021, 12, 13
    )  # Friday, then Monday


def test_one_link_per_application_and_creating_it_books_nothing(client: TestClient) -> None:
    first = client.post("/api/links", json={"reference": "ES-000123"})
    again = client.post("/api/links", json={"reference": "ES-000123"})
    other = link(client, "ES-000124")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json() == again.json()
    assert first.json()["url"] == f"http://testserver/boka/{first.json()['token']}"
    assert first.json()["booked"] is None and other["token"] != first.json()["token"]
    assert len(client.get("/api/times").json()["times"]) == 8


@pytest.mark.parametrize("body", [{}, {"reference": ""}, {"reference": "../x"}, {"reference": 5}, ["ES-1"]])
def test_a_link_needs_a_sensible_reference(client: TestClient, body: object) -> None:
    assert client.post("/api/links", json=body).status_code == 422


def test_the_applicant_picks_a_time_on_their_own_page(client: TestClient) -> None:
    token = link(client)["token"]
    page = client.get(f"/boka/{token}")
    assert (
        page.status_code == 200
        and '<html lang="sv">' in page.text
        and "<legend>Lediga tider</legend>" in page.text
    )
    assert '<label for="time_2">måndag 6 december 2021 kl. 10.30–11.15</label>' in page.text
    booked = client.post(f"/boka/{token}", data={"time": "2"}, follow_redirects=False)
    assert booked.status_code == 303
    confirmation = client.get(booked.headers["location"]).text
    assert (
        'id="booked">måndag 6 december 2021 kl. 10.30–11.15' in confirmation
        and "Tiden är bokad" in confirmation
    )
    assert client.get("/api/links/ES-000123").json()["booked"] == {
        "starts_at": "2021-12-06T10:30",
        "minutes": 45,
    }
    assert 2 not in [t["id"] for t in client.get("/api/times").json()["times"]]


def test_changing_the_time_frees_the_first(client: TestClient) -> None:
    token = link(client)["token"]
    client.post(f"/boka/{token}", data={"time": "1"})
    client.post(f"/boka/{token}", data={"time": "5"})
    free = [t["id"] for t in client.get("/api/times").json()["times"]]
    assert 1 in free and 5 not in free
    assert client.get("/api/links/ES-000123").json()["booked"]["starts_at"] == "2021-12-07T09:00"


def test_a_taken_time_cannot_be_booked_again(client: TestClient) -> None:
    first, second = link(client, "ES-1")["token"], link(client, "ES-2")["token"]
    client.post(f"/boka/{first}", data={"time": "3"})
    answer = client.post(f"/boka/{second}", data={"time": "3"})
    assert answer.status_code == 409 and "Tiden hann bokas av någon annan" in answer.text
    assert client.get("/api/links/ES-2").json()["booked"] is None


@pytest.mark.parametrize("form", [{}, {"time": "x"}, {"time": "999"}])
def test_a_choice_that_is_no_free_time_is_refused(client: TestClient, form: dict[str, str]) -> None:
    token = link(client)["token"]
    assert client.post(f"/boka/{token}", data=form).status_code in (409, 422)
    assert client.get("/api/links/ES-000123").json()["booked"] is None


def test_an_unknown_token_books_nothing(client: TestClient) -> None:
    assert client.get("/boka/gissad").status_code == 404
    assert client.post("/boka/gissad", data={"time": "1"}).status_code == 404
    assert client.get("/api/links/ES-NOPE").status_code == 404
    assert len(client.get("/api/times").json()["times"]) == 8


def test_the_robot_has_no_way_to_book(client: TestClient) -> None:
    routes = {(method, route.path) for route in client.app.routes for method in getattr(route, "methods", ())}  # type: ignore[attr-defined]
    api_writes = {(method, path) for method, path in routes if path.startswith("/api") and method != "GET"}
    assert api_writes == {("POST", "/api/links")}


def test_times_are_kept_and_not_seeded_twice(tmp_path: Path) -> None:
    db = tmp_path / "booking.sqlite"
    create_app(db, first_day=MONDAY, days=1)
    create_app(db, first_day=MONDAY + dt.timedelta(days=7), days=1)
    assert len(BookingStore(db).free_times()) == 4
