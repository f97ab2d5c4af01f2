"""The e-service stand-in: the citizen form, the JSON API, re-delivery and hostile payloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sandbox.eservice import SubmissionStore, create_app, seed
from sandbox.eservice.form import number, payload_from_form


@pytest.fixture
def eservice_db(tmp_path: Path) -> Path:
    return tmp_path / "eservice.sqlite"


@pytest.fixture
def client(eservice_db: Path) -> TestClient:
    return TestClient(create_app(eservice_db))


def test_form_is_swedish_and_has_every_part(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    for text in (
        "Ansök om försörjningsstöd",
        "Personnummer",
        "Medsökande",
        "Hyra",
        "Hushållsel",
        "Hemförsäkring",
        "Arbetsresor",
        "Fackavgift",
        "A-kasseavgift",
        "Inkomster",
        "Har något ändrats",
        "tillgångar",
        "Meddelande",
        'name="member_5_name"',
        'name="income_5_amount"',
        'name="other_2_description"',
        "Äter lunch i förskolan",
        "Går i gymnasiet",
    ):
        assert text in page.text, text


def test_form_post_stores_the_payload_and_shows_a_receipt(client: TestClient) -> None:
    form = {
        "identity_number": "19850312-2395",
        "name": "Anna Testsson",
        "month": "2021-12",
        "co_identity_number": "19860101-1235",
        "co_name": "Bo Testsson",
        "co_relation": "sambo",
        "member_0_name": "Cia Testsson",
        "member_0_birth_date": "2016-04-02",
        "member_0_relation": "barn",
        "member_0_living_at_home": "on",
        "member_0_lunch_at_preschool": "on",
        "rent": "6 500",
        "household_electricity": "300",
        "home_insurance": "150,50",
        "work_travel": "",
        "union_fee": "0",
        "akassa_fee": "0",
        "other_0_description": "Tandvård",
        "other_0_amount": "800",
        "income_0_person": "applicant",
        "income_0_type": "lon",
        "income_0_amount": "5000",
        "income_1_person": "applicant",
        "income_1_type": "",
        "income_1_amount": "",
        "has_changed": "ja",
        "change_description": "Nytt jobb",
        "has_assets": "nej",
        "message": "Hej <b>",
    }
    receipt = client.post("/", data=form)
    assert receipt.status_code == 200
    assert "din ansökan är mottagen" in receipt.text
    listed = client.get("/api/applications?status=new").json()["applications"]
    assert len(listed) == 1
    reference = listed[0]["reference"]
    assert reference in receipt.text
    payload = listed[0]["payload"]
    assert payload["reference"] == reference
    assert payload["applicant"] == {"identity_number": "19850312-2395", "name": "Anna Testsson"}
    assert payload["co_applicant"]["relation"] == "sambo"
    assert payload["household_members"] == [
        {
            "name": "Cia Testsson",
            "birth_date": "2016-04-02",
            "relation": "barn",
            "living_at_home": True,
            "lunch_at_preschool": True,
            "in_upper_secondary_school": False,
        }
    ]
    assert payload["costs"] == {
        "rent": 6500,
        "household_electricity": 300,
        "home_insurance": 150.5,
        "work_travel": 0,
        "union_fee": 0,
        "akassa_fee": 0,
        "other": [{"description": "Tandvård", "amount": 800}],
    }
    assert payload["incomes"] == [{"person": "applicant", "type": "lon", "amount": 5000}]
    assert (payload["has_changed"], payload["has_assets"]) == (True, False)
    assert payload["message"] == "Hej <b>"


def test_form_keeps_what_it_cannot_parse_for_the_robot_to_reject() -> None:
    assert number("sextusen") == "sextusen"
    assert number("1e9999") == "1e9999"
    assert number(" 1 200,25 ") == 1200.25
    payload = payload_from_form({"rent": "mycket", "has_assets": "kanske"})
    assert payload["costs"]["rent"] == "mycket"
    assert payload["has_assets"] is None
    assert payload["co_applicant"] is None


def test_receipt_escapes_html(client: TestClient, eservice_db: Path) -> None:
    page = client.post("/", data={"name": "<script>alert(1)</script>"})
    assert "<script>" not in page.text


def test_unacknowledged_submissions_are_redelivered_until_acknowledged(
    client: TestClient, eservice_db: Path
) -> None:
    refs = seed(eservice_db, [{"reference": "ES-1-00001", "month": "2021-12"}, {"reference": "ES-1-00002"}])
    assert refs == ["ES-1-00001", "ES-1-00002"]
    for _ in range(2):
        listed = client.get("/api/applications", params={"status": "new"}).json()["applications"]
        assert [item["reference"] for item in listed] == refs
        assert set(listed[0]) == {"reference", "submitted_at", "form", "payload"}
        assert listed[0]["form"] == "forsorjningsstod"
    ack = client.post("/api/applications/ES-1-00001/ack")
    assert ack.json() == {"reference": "ES-1-00001", "acknowledged": True}
    assert client.post("/api/applications/ES-1-00001/ack").status_code == 200  # idempotent
    assert [i["reference"] for i in client.get("/api/applications").json()["applications"]] == ["ES-1-00002"]
    assert len(client.get("/api/applications?status=all").json()["applications"]) == 2


def test_acknowledging_an_unknown_reference_is_a_json_404(client: TestClient) -> None:
    answer = client.post("/api/applications/ES-NOPE/ack")
    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"


def test_reseeding_keeps_references_and_acknowledgements(eservice_db: Path) -> None:
    seed(eservice_db, [{"reference": "ES-1-00001"}])
    SubmissionStore(eservice_db).acknowledge("ES-1-00001")
    seed(eservice_db, [{"reference": "ES-1-00001"}])
    assert SubmissionStore(eservice_db).list("new") == []


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [1, 2],
        "text",
        7,
        {"reference": 5},
        {"reference": "bad ref/../x"},
        {"x": float("nan")},
        {"deep": [[[[{"a": None}]]]]},
        {"reference": "x" * 500},
    ],
)
def test_hostile_payloads_are_stored_as_is_with_a_generated_reference(
    client: TestClient, eservice_db: Path, payload: Any
) -> None:
    (reference,) = seed(eservice_db, [payload])
    assert reference.startswith("ES-")
    (item,) = client.get("/api/applications").json()["applications"]
    assert item["reference"] == reference
    if isinstance(payload, dict) and "x" in payload:
        assert item["payload"]["x"] != item["payload"]["x"]  # NaN survives as NaN
    else:
        assert item["payload"] == payload


def test_generated_references_never_collide_with_given_ones(eservice_db: Path) -> None:
    refs = seed(eservice_db, [{"reference": "ES-000002"}, None, None])
    assert len(set(refs)) == 3


def test_citizen_writes_who_the_income_belongs_to_in_swedish() -> None:
    from sandbox.eservice.form import person_key

    assert person_key("Sökande") == "applicant"
    assert person_key(" medsökande ") == "co_applicant"
    assert person_key("Cia Testsson") == "Cia Testsson"


def test_submission_time_carries_its_offset_so_any_machine_zone_reads_it_right(eservice_db: Path) -> None:
    """The stand-in stamps Swedish time with its offset: read as an aware time it is now, on any machine."""
    from datetime import UTC, datetime, timedelta

    store = SubmissionStore(eservice_db)
    reference = store.add({"name": "x"})
    stored = store.get(reference)
    assert stored is not None
    stamped = stored.submitted_at
    moment = datetime.fromisoformat(stamped)
    assert moment.tzinfo is not None
    assert abs(datetime.now(UTC) - moment) < timedelta(minutes=1)
