"""The optional e-mail address of an application: accepted when valid, refused in plain Swedish otherwise."""

from __future__ import annotations

from typing import Any

import pytest

from connectors.eservice.models import validate_payload
from connectors.mail.address import InvalidAddress, check_address, domain_of
from tests.connectors.test_intake_model import valid_payload


def with_email(value: Any) -> dict[str, Any]:
    payload = valid_payload()
    payload["email"] = value
    return payload


def test_an_application_without_an_email_address_is_still_valid() -> None:
    app, errors = validate_payload(valid_payload())
    assert errors == [] and app is not None
    assert app.email is None


@pytest.mark.parametrize("value", [None, "", "   "])
def test_a_blank_email_address_means_none(value: Any) -> None:
    app, errors = validate_payload(with_email(value))
    assert errors == [] and app is not None and app.email is None


@pytest.mark.parametrize("value", ["  anna.testsson+fs@exempel.se ", "anna.testsson+fs@exempel.se\r\n"])
def test_a_valid_email_address_is_kept_without_surrounding_space(value: str) -> None:
    app, errors = validate_payload(with_email(value))
    assert errors == [] and app is not None
    assert app.email == "anna.testsson+fs@exempel.se"


@pytest.mark.parametrize(
    "value",
    [
        "anna",
        "anna@",
        "@exempel.se",
        "anna@exempel",
        "anna@@exempel.se",
        "anna testsson@exempel.se",
        "anna@exempel.se\r\nBcc: x@y.se",
        "a" * 65 + "@exempel.se",
        "anna@" + "a" * 250 + ".se",
        "<anna@exempel.se>",
        "anna..t@exempel.se",
    ],
)
def test_an_invalid_email_address_is_refused_in_swedish_without_echoing_it(value: str) -> None:
    app, errors = validate_payload(with_email(value))
    assert app is None
    assert len(errors) == 1
    assert errors[0].startswith("E-postadressen ")
    assert value.strip() not in errors[0]


@pytest.mark.parametrize("value", [5, ["anna@exempel.se"], {"a": 1}, True])
def test_an_email_address_that_is_not_text_is_refused(value: Any) -> None:
    app, errors = validate_payload(with_email(value))
    assert app is None and errors == ["E-postadressen ska vara text."]


def test_every_other_validation_still_applies_with_an_email_address() -> None:
    payload = with_email("anna@exempel.se")
    payload["costs"]["rent"] = -1
    payload["extra"] = "x"
    app, errors = validate_payload(payload)
    assert app is None
    assert "Hyran får inte vara ett negativt belopp." in errors
    assert any("extra" in error for error in errors)


def test_the_address_check_on_its_own() -> None:
    assert check_address(" a@b.se ") == "a@b.se"
    assert domain_of("Anna@Exempel.SE") == "exempel.se"
    with pytest.raises(InvalidAddress):
        check_address("a@b")
