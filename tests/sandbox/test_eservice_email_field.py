"""The citizen form's optional e-mail field: asked for with a label, kept in the payload only when given."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from sandbox.eservice import create_app
from sandbox.eservice.form import payload_from_form


def test_the_form_asks_for_an_optional_email_address_with_a_label(tmp_path: Path) -> None:
    page = TestClient(create_app(tmp_path / "e.sqlite")).get("/").text
    assert '<input type="email" name="email" id="email"' in page
    assert "E-postadress" in page and "frivilligt" in page


def test_the_email_address_is_in_the_payload_only_when_given() -> None:
    assert "email" not in payload_from_form({"email": "  "})
    assert payload_from_form({"email": " anna@exempel.se "})["email"] == "anna@exempel.se"
