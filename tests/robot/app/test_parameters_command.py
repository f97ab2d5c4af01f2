"""``parameters check|verify`` and ``demo --month`` as IT staff run them: sentences and exit codes, never a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.robot.app.test_cli import PROJECT, robot

SWEDISH = PROJECT / "config" / "municipalities" / "exempelkommun.yaml"
NORWEGIAN = PROJECT / "config" / "municipalities" / "eksempel_kommune.yaml"


def test_verify_records_a_year_in_the_municipality_file_named_by_the_settings(tmp_path: Path) -> None:
    own = tmp_path / "kommun.yaml"
    shutil.copy(SWEDISH, own)
    result = robot(
        tmp_path, "parameters", "verify", "2021", "--source", "SFS 2020:1013", "--by", "Anna",
        ROBOT_PROCESS__FORSORJNINGSSTOD__MUNICIPALITY_FILE=str(own),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith(f"Recorded in {own}: the riksnorm values of 2021")
    values = yaml.safe_load(own.read_text(encoding="utf-8"))["parameters"]["riksnorm_sambor"]["values"]
    assert [str(date) for date in values] == ["2021-01-01"]
    listed = robot(
        tmp_path, "parameters", "list", ROBOT_PROCESS__FORSORJNINGSSTOD__MUNICIPALITY_FILE=str(own)
    )
    assert "verified by Anna (" in listed.stdout


def test_verify_refuses_a_year_with_something_to_fix_and_writes_nothing(tmp_path: Path) -> None:
    own = tmp_path / "kommun.yaml"
    shutil.copy(SWEDISH, own)
    before = own.read_bytes()
    result = robot(
        tmp_path, "parameters", "verify", "2026", "--source", "SFS 2025:1", "--by", "Anna",
        ROBOT_PROCESS__FORSORJNINGSSTOD__MUNICIPALITY_FILE=str(own),
    )  # fmt: skip
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "riksnorm_sambor: no value for 2026" in result.stdout and "Nothing was recorded" in result.stdout
    assert own.read_bytes() == before


def test_the_norwegian_process_verifies_into_its_own_municipality_file(tmp_path: Path) -> None:
    own = tmp_path / "kommune.yaml"
    shutil.copy(NORWEGIAN, own)
    result = robot(
        tmp_path, "parameters", "verify", "2022", "--process", "sosialhjelp", "--source", "rundskriv A-2/2021",
        "--by", "Kari Nordmann", ROBOT_PROCESS__SOSIALHJELP__MUNICIPALITY_FILE=str(own),
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    values = yaml.safe_load(own.read_text(encoding="utf-8"))["parameters"]["livsopphold_barn"]["values"]
    assert [str(date) for date in values] == ["2022-01-01", "2022-07-01"]  # both halves of the year


def test_verify_and_check_need_a_year(tmp_path: Path) -> None:
    result = robot(tmp_path, "parameters", "verify")
    assert (
        result.returncode == 2
        and "Say which year: python run_robot.py parameters verify 2026" in result.stderr
    )


def test_the_demo_refuses_a_month_the_e_service_cannot_take_with_a_sentence(tmp_path: Path) -> None:
    result = robot(tmp_path, "demo", "--month", "1990-01")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "The demo's month must be written YYYY-MM in 2000-2099" in result.stderr
