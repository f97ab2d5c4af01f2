"""Fixtures for the rules web API: settings with the data folder in a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot.settings import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    data = tmp_path / "data"
    return load_settings(
        paths={"data_dir": data, "reports_dir": data / "reports", "log_file": data / "logs" / "robot.jsonl"},
        database={"url": f"sqlite:///{data / 'robot.db'}"},
    )
