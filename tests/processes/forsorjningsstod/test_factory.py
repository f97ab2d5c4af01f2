"""Creating the process from its settings: the income register asks with the configured context, and
production refuses to ask SSBTEK as the sandbox's fictitious municipality."""

from __future__ import annotations

from pathlib import Path

import pytest

from processes.forsorjningsstod.factory import register
from processes.forsorjningsstod.settings import SANDBOX_QUESTION, ForsorjningsstodSettings
from robot.process import ProcessContext
from robot.settings import SettingsError

OWN = {
    "municipality_id": "9998",
    "organisation_number": "298888-8885",  # fictitious, formally valid
    "organisation_name": "Provkommun",
    "handler": "robot-fs",
    "purpose": SANDBOX_QUESTION.purpose,
    "legal_basis": SANDBOX_QUESTION.legal_basis,
}


def context(environment: str, options: ForsorjningsstodSettings, tmp_path: Path) -> ProcessContext:
    return ProcessContext(
        name="forsorjningsstod",
        options=options,
        environment=environment,  # type: ignore[arg-type]
        secret=lambda name: "x",
        data_dir=tmp_path,
    )


def test_the_sandbox_asks_as_the_fictitious_municipality(tmp_path: Path) -> None:
    with register(
        context("sandbox", ForsorjningsstodSettings(), tmp_path), ForsorjningsstodSettings()
    ) as client:
        assert client.context == SANDBOX_QUESTION


def test_production_refuses_the_sandbox_organisation_number(tmp_path: Path) -> None:
    options = ForsorjningsstodSettings()
    with pytest.raises(SettingsError, match=r"income_register\.question\.organisation_number"):
        register(context("production", options, tmp_path), options)


def test_production_asks_as_the_configured_municipality(tmp_path: Path) -> None:
    options = ForsorjningsstodSettings.model_validate(
        {"income_register": {"url": "https://ssbtek.kommun.example", "question": OWN}}
    )
    with register(context("production", options, tmp_path), options) as client:
        assert client.context.organisation_number == "162988888885"  # as SSBTEK writes it
        assert (client.context.municipality_id, client.context.handler) == ("9998", "robot-fs")


def test_a_misspelt_question_key_is_refused() -> None:
    with pytest.raises(ValueError, match="handlar"):
        ForsorjningsstodSettings.model_validate(
            {"income_register": {"url": "http://127.0.0.1:8702", "question": {**OWN, "handlar": "x"}}}
        )
