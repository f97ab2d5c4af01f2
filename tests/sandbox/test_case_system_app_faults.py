"""Fault injection in the case system: maintenance, 500s before any write, alerts, latency, session expiry."""

from __future__ import annotations

import time
from pathlib import Path

from fastapi.testclient import TestClient

from sandbox.case_system import CaseSystemDatabase, create_app
from sandbox.faults import MAINTENANCE_TEXT, FaultSettings


def test_maintenance_page_is_503(client: TestClient, app, login) -> None:
    app.state.faults = FaultSettings(maintenance=True)
    response = client.get("/login")
    assert response.status_code == 503 and MAINTENANCE_TEXT in response.text


def test_injected_500_on_save_stores_nothing(
    client: TestClient, app, db_path: Path, login, open_form, proposal_form
) -> None:
    login(client)
    instance = open_form(client)
    app.state.faults = FaultSettings(post_error_rate=1.0)
    response = client.post("/arende/1/kalkyl", data=proposal_form(instance))
    assert response.status_code == 500
    assert CaseSystemDatabase(db_path).proposals() == []
    app.state.faults = FaultSettings()
    assert client.post("/arende/1/kalkyl", data=proposal_form(instance)).status_code == 200
    assert len(CaseSystemDatabase(db_path).proposals()) == 1


def test_error_rate_is_a_seeded_fraction(client: TestClient, app, login) -> None:
    def failures(seed: int) -> list[int]:
        app.state.faults = FaultSettings(error_rate=0.3, seed=seed)
        return [client.get("/login").status_code for _ in range(100)]

    first = failures(7)
    assert 10 <= first.count(500) <= 50
    app.state.faults = FaultSettings(error_rate=0.3, seed=8)
    client.get("/login")  # a different seed resets the generator
    assert failures(7) == first


def test_unexpected_alert_is_rendered_when_drawn(client: TestClient, app, login) -> None:
    app.state.faults = FaultSettings(dialog_rate=1.0)
    assert "alert(" in client.get("/login").text
    app.state.faults = FaultSettings()
    assert "alert(" not in client.get("/login").text


def test_latency_and_slow_every_nth_request(client: TestClient, app, login) -> None:
    app.state.faults = FaultSettings(slow_every=2, slow_ms=300)
    timings = []
    for _ in range(2):
        start = time.monotonic()
        client.get("/login")
        timings.append(time.monotonic() - start)
    assert max(timings) >= 0.3 and min(timings) < 0.3


def test_session_expiry_fault_overrides_idle_timeout(db_path: Path, login, users) -> None:
    now = [0.0]
    faults = FaultSettings(session_expiry_seconds=30)
    client = TestClient(create_app(db_path, faults, users, clock=lambda: now[0]))
    login(client)
    for _ in range(3):  # activity does not keep the session alive
        now[0] += 10
        assert client.get("/sok", follow_redirects=False).status_code == 200
    now[0] += 1
    assert client.get("/sok", follow_redirects=False).headers["location"] == "/login?msg=utgangen"
