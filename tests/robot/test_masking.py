"""Masking of identity numbers and secrets."""

from __future__ import annotations

from typing import Any

import pytest

from robot.masking import SECRET_MASK, mask_identity, mask_secrets, mask_text, mask_value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("19850312-2398", "19850312-****"),
        ("198503122398", "19850312-****"),
        ("850312-2398", "850312-****"),
        ("8503122398", "850312-****"),
        ("191212121212 turns 100: 121212+1212", "19121212-**** turns 100: 121212+****"),
        ("samordningsnummer 19850372-1234", "samordningsnummer 19850372-****"),
        (
            "Ansökan från 19850312-2398 (Anna) och 19860101-1234.",
            "Ansökan från 19850312-**** (Anna) och 19860101-****.",
        ),
        (
            "personalNumber=198503122398&fromDate=2021-10-01",
            "personalNumber=19850312-****&fromDate=2021-10-01",
        ),
    ],
)
def test_identity_numbers_are_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    "text",
    ["ES-000123", "2021-12-01", "amount 12500 kr", "20211125091400", "1234567890123", "phone 08-123 456 78"],
)
def test_other_numbers_are_left_alone(text: str) -> None:
    assert mask_text(text) == text


def test_mask_identity_always_masks_a_field() -> None:
    assert mask_identity("19850312-2398") == "19850312-****"
    assert mask_identity("odd-value-9999") == "odd-value-****"
    assert mask_identity(None) == ""


def test_mask_secrets_masks_secret_keys_recursively() -> None:
    settings: dict[str, Any] = {
        "case_system": {"url": "http://x", "password": "hunter2", "username": "robot"},
        "api_token": "abc",
        "database": {"url": "postgresql+psycopg://robot:s3cret@db/robot"},
        "empty_secret": None,
        "items": [{"client_secret": "zzz"}],
    }
    masked = mask_secrets(settings)
    assert masked["case_system"] == {"url": "http://x", "password": SECRET_MASK, "username": "robot"}
    assert masked["api_token"] == SECRET_MASK
    assert masked["database"]["url"] == f"postgresql+psycopg://robot:{SECRET_MASK}@db/robot"
    assert masked["empty_secret"] is None
    assert masked["items"] == [{"client_secret": SECRET_MASK}]
    assert settings["case_system"]["password"] == "hunter2"  # the original is untouched


def test_mask_value_handles_nested_data_and_integers() -> None:
    value = {"who": ["19850312-2398"], "number": 198503122398, "count": 3, "password": "x", "ok": True}
    assert mask_value(value) == {
        "who": ["19850312-****"],
        "number": "19850312-****",
        "count": 3,
        "password": SECRET_MASK,
        "ok": True,
    }


def test_the_engines_own_ids_are_kept_whole_and_the_rest_of_the_text_is_still_masked() -> None:
    """A pass id (uuid hex) may hold eleven or twelve digits in a row: cut, its evidence path in the report
    and its log lines could not be found. A number next to it is masked as always."""
    run_id = "651793" + "198503129812" + "f40349519fbdae"  # 32 hex digits, a personnummer-like run inside
    assert len(run_id) == 32
    path = f"data/artifacts/{run_id}/item-7/attempt-2/page.html 19850312-9812 01818016510"
    masked = mask_text(path)
    assert masked.startswith(f"data/artifacts/{run_id}/item-7/")
    assert "19850312-9812" not in masked and "01818016510" not in masked
    assert mask_text("198503129812f40349519fbdae12345678") != "198503129812f40349519fbdae12345678", (
        "34 characters: not an id of ours, so masked"
    )
