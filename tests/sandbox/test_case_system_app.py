"""The case system stand-in through HTTP: login, sessions, search, case page, saving, review, escaping."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from fastapi.testclient import TestClient

from sandbox.case_system import CaseSystemDatabase, create_app, seed


def test_pages_require_login_and_wrong_password_is_refused(client: TestClient, login) -> None:
    assert client.get("/sok", follow_redirects=False).headers["location"] == "/login?msg=inloggning"
    refused = client.post("/login", data={"anv": "robot", "losen": "fel"})
    assert refused.status_code == 401
    assert "Felaktigt användarnamn eller lösenord" in refused.text
    login(client)
    assert client.get("/sok").status_code == 200


def test_idle_timeout_redirects_to_login_with_message(db_path: Path, login, users) -> None:
    now = [1000.0]
    client = TestClient(create_app(db_path, users=users, idle_timeout_seconds=60, clock=lambda: now[0]))
    login(client)
    now[0] += 59
    assert client.get("/sok", follow_redirects=False).status_code == 200
    now[0] += 61
    expired = client.get("/sok", follow_redirects=False)
    assert expired.headers["location"] == "/login?msg=utgangen"
    assert "Din session har gått ut" in client.get(expired.headers["location"]).text


def test_search_finds_case_and_case_page_shows_history(
    client: TestClient, login, case_seed, identity
) -> None:
    login(client)
    case = case_seed(1)
    found = client.get("/sok", params={"pnr": case.identity_number.replace("-", "")}, follow_redirects=False)
    assert found.headers["location"] == "/arende/1"
    page = client.get("/arende/1").text
    for text in (
        case.case_number,
        case.name,
        case.identity_number,
        "Cia Testsson",
        "2016-04-02",
        "Riksnorm hushåll",
    ):
        assert text in page
    assert "15 120,00" in page and "6 500,00" in page
    # the calculation form is loaded into its frame on demand, by the "Ny beräkning" link
    assert '<iframe name="kalkylram" src="about:blank"' in page
    assert 'href="/arende/1/kalkyl" target="kalkylram" id="nyberakning"' in page
    missing = client.get("/sok", params={"pnr": identity("19700101", 999)})
    assert "Ingen akt hittades" in missing.text


def test_saved_proposal_stores_calculation_decision_and_note_together(
    client: TestClient, db_path: Path, login, case_seed, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    saved = client.post("/arende/1/kalkyl", data=proposal_form(instance))
    assert saved.status_code == 200 and "Förslaget är sparat" in saved.text
    [proposal] = CaseSystemDatabase(db_path).proposals(identity_number=case_seed(1).identity_number)
    assert proposal["reference"] == "ES-000001"
    assert proposal["amount"] == Decimal(4870) and proposal["decision"] == "bevilja"
    assert [r["amount"] for r in proposal["rows"]] == [Decimal("9870.00"), Decimal(5000)]
    assert proposal["period"] == ("2021-12-01", "2021-12-31") and proposal["month"] == "2021-12"
    assert proposal["status_text"] == "Förslag – väntar på handläggare"
    assert proposal["note"] == "Förslag av robot." and proposal["confirmed_by"] is None
    assert "Förslag – väntar på handläggare" in client.get("/arende/1").text


def test_form_instance_can_be_submitted_once(
    client: TestClient, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    assert client.post("/arende/1/kalkyl", data=proposal_form(instance)).status_code == 200
    again = client.post("/arende/1/kalkyl", data=proposal_form(instance))
    assert again.status_code == 422 and "redan skickats" in again.text
    assert len(CaseSystemDatabase(db_path).proposals()) == 1


def test_invalid_form_stores_nothing(
    client: TestClient, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    data = proposal_form(instance, **{f"fld_{instance}_r1_amt": "", f"fld_{instance}_belopp": "12,50"})
    rejected = client.post("/arende/1/kalkyl", data=data)
    assert rejected.status_code == 422
    assert "Rad 2: belopp saknas" in rejected.text and "hela kronor" in rejected.text
    database = CaseSystemDatabase(db_path)
    assert database.proposals() == [] and database.journal_notes() == []


def test_expired_session_on_save_stores_nothing(
    client: TestClient, app, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    app.state.sessions.expire_all()
    response = client.post("/arende/1/kalkyl", data=proposal_form(instance), follow_redirects=False)
    assert response.headers["location"] == "/login?msg=inloggning"
    assert CaseSystemDatabase(db_path).proposals() == []


def test_the_sum_the_page_computes_must_match_the_rows(
    client: TestClient, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    for wrong in ("", "4 871,00"):
        rejected = client.post(
            "/arende/1/kalkyl", data=proposal_form(instance, **{f"fld_{instance}_summa": wrong})
        )
        assert rejected.status_code == 422 and "Summan stämmer inte" in rejected.text
    assert CaseSystemDatabase(db_path).proposals() == []


def test_the_case_page_lists_every_proposal_with_month_status_and_who_handled_it(
    client: TestClient, app, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    client.post("/arende/1/kalkyl", data=proposal_form(open_form(client), "ES-000001"))
    client.post("/arende/1/kalkyl", data=proposal_form(open_form(client), "ES-000002"))
    caseworker = TestClient(app)
    login(caseworker, "handlaggare1")
    first, second = CaseSystemDatabase(db_path).proposals()
    caseworker.post(f"/handlaggare/{first['id']}/faststall")
    caseworker.post(f"/handlaggare/{second['id']}/avsla")
    page = client.get("/arende/1").text
    assert "<td>Beräkningsmånad</td>" in page and "<td>Hanterad</td>" in page
    for reference, status in (("ES-000001", "Fastställt"), ("ES-000002", "Förslaget avslaget")):
        row = next(line for line in page.splitlines() if f"<tr><td>{reference}</td>" in line)
        assert "<td>2021-12</td>" in row and f"<td>{status}</td>" in row and "<td>handlaggare1</td>" in row
    assert "<b>Beräkningshistorik</b>" in page and "<td>2021-11</td>" in page


def test_the_journal_form_posts_a_note_and_a_task_together(
    client: TestClient, app, db_path: Path, login
) -> None:
    login(client)
    page = client.get("/arende/1").text
    assert 'name="jtext" rows="6" cols="90" maxlength="4000"' in page and 'maxlength="500"' in page
    saved = client.post(
        "/arende/1/journal",
        data={
            "jref": "ES-000009",
            "jtext": "Manuell handläggning.",
            "uppgift": "1",
            "utext": "Hyran är hög.",
        },
        follow_redirects=False,
    )
    assert saved.status_code == 200 and "Journalanteckningen är sparad." in saved.text  # the case page
    database = CaseSystemDatabase(db_path)
    [task] = database.tasks()
    assert (task["reference"], task["text"], task["status"], task["case_number"]) == (
        "ES-000009",
        "Hyran är hög.",
        "oppen",
        "EB-2021-0001",
    )
    assert "Hyran är hög." in client.get("/arende/1").text
    too_long = client.post(
        "/arende/1/journal", data={"jref": "ES-000010", "uppgift": "1", "utext": "x" * 501}
    )
    assert too_long.status_code == 422 and "Uppgiften är för lång (högst 500 tecken)" in too_long.text
    assert len(database.tasks()) == 1 and len(database.journal_notes()) == 1

    listed = client.get("/attgora").text
    assert "ES-000009" in listed and "Hyran är hög." in listed
    assert client.post(f"/attgora/{task['id']}/klar").status_code == 403  # the robot cannot
    caseworker = TestClient(app)
    login(caseworker, "handlaggare1")
    done = caseworker.post(f"/attgora/{task['id']}/klar")
    assert done.status_code == 200 and "Uppgiften är markerad som klar" in done.text
    assert "ES-000009" not in caseworker.get("/attgora").text
    [finished] = database.tasks()
    assert (finished["status"], finished["done_by"]) == ("klar", "handlaggare1")
    assert caseworker.post(f"/attgora/{task['id']}/klar").status_code == 409


def test_every_request_is_recorded_for_request_budgets(client: TestClient, app, login) -> None:
    login(client)
    app.state.requests.clear()
    client.get("/sok", params={"pnr": "x"})
    client.get("/arende/1")
    assert [(r.method, r.path, r.status) for r in app.state.requests.list()] == [
        ("GET", "/sok", 200),
        ("GET", "/arende/1", 200),
    ]


def test_journal_note_is_stored_as_text_and_rendered_escaped(
    client: TestClient, db_path: Path, login
) -> None:
    login(client)
    text = "Manuell handläggning: <b>hyran</b> överstiger taket.\nRad två."
    saved = client.post(
        "/arende/1/journal", data={"jref": "ES-000002", "jtext": text}, follow_redirects=False
    )
    assert saved.status_code == 200
    [note] = CaseSystemDatabase(db_path).journal_notes(reference="ES-000002")
    assert note["text"] == text and note["author"] == "robot"
    page = client.get("/arende/1").text
    assert "&lt;b&gt;hyran&lt;/b&gt;" in page and "<b>hyran</b>" not in page
    empty = client.post("/arende/1/journal", data={"jref": "", "jtext": ""})
    assert empty.status_code == 422 and len(CaseSystemDatabase(db_path).journal_notes()) == 1


def test_script_in_name_is_escaped(client: TestClient, login) -> None:
    login(client)
    page = client.get("/arende/2").text
    assert "&lt;script&gt;alert(" in page and "<script>alert('x')" not in page


def test_caseworker_confirms_and_robot_cannot(
    client: TestClient, app, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    client.post("/arende/1/kalkyl", data=proposal_form(open_form(client)))
    [proposal] = CaseSystemDatabase(db_path).proposals()
    refused = client.post(f"/handlaggare/{proposal['id']}/faststall")
    assert refused.status_code == 403 and "Behörighet saknas" in refused.text
    caseworker = TestClient(app)
    login(caseworker, "handlaggare1")
    assert "ES-000001" in caseworker.get("/handlaggare").text
    done = caseworker.post(f"/handlaggare/{proposal['id']}/faststall")
    assert done.status_code == 200 and "Förslaget är fastställt" in done.text
    [confirmed] = CaseSystemDatabase(db_path).proposals()
    assert confirmed["status"] == "faststalld" and confirmed["confirmed_by"] == "handlaggare1"
    assert confirmed["confirmed_at"]
    assert caseworker.post(f"/handlaggare/{proposal['id']}/avsla").status_code == 409
    assert "ES-000001" not in caseworker.get("/handlaggare").text


def test_seed_is_idempotent(db_path: Path, case_seed) -> None:
    assert seed(db_path, [case_seed(1), case_seed(3)]) == 1
    database = CaseSystemDatabase(db_path)
    assert database.case_count() == 3
    case = database.case(1)
    assert case is not None and len(case["members"]) == 1 and len(case["previous"]["rows"]) == 3
