"""``new-process``: the skeleton it writes passes the project's checks and runs at once."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from connectors import fodselsnummer
from connectors.identity import is_valid_identity_number
from robot.scaffold import ScaffoldError, check_name, create, example_identities

PROJECT = Path(__file__).resolve().parents[3]
COPIED = (
    "robot",
    "processes",
    "rules",
    "connectors",
    "sandbox",
    "bench",
    "config",
    "run_robot.py",
    "pyproject.toml",
)


def project_copy(root: Path) -> Path:
    target = root / "project"
    target.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in COPIED:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)
    shutil.copytree(PROJECT / "tests" / "rules", target / "tests" / "rules", ignore=ignore)
    for name in ("__init__.py", "conftest.py"):
        shutil.copy2(PROJECT / "tests" / name, target / "tests" / name)
    return target


@pytest.mark.parametrize("name", ["Capital", "1st", "with-dash", "class", "x", "forsorjningsstod"])
def test_a_bad_or_taken_name_is_refused_with_a_sentence(name: str) -> None:
    with pytest.raises(ScaffoldError):
        check_name(name, PROJECT)


def test_example_identity_numbers_are_synthetic_and_valid() -> None:
    assert all(is_valid_identity_number(number) for number in example_identities("sv"))
    assert all(number[9:12].startswith("98") for number in example_identities("sv"))
    assert all(fodselsnummer.is_synthetic(number) for number in example_identities("nb"))


def test_existing_files_are_kept(tmp_path: Path) -> None:
    (tmp_path / "processes").mkdir()
    (tmp_path / "rules" / "tilskudd").mkdir(parents=True)
    made = create(tmp_path, "tilskudd", "Tilskudd", "nb", settings_file=None)
    assert made.rules_kept == tmp_path / "rules" / "tilskudd"
    assert not (tmp_path / "rules" / "tilskudd" / "__init__.py").exists()
    init = (tmp_path / "processes" / "tilskudd" / "__init__.py").read_text("utf-8")
    assert "NORWEGIAN" in init and "Fødselsnummer" in init and "connectors.fodselsnummer" in init


@pytest.mark.slow
def test_the_skeleton_passes_the_checks_and_runs_once(tmp_path: Path) -> None:
    project = project_copy(tmp_path)
    env = {key: value for key, value in os.environ.items() if not key.startswith("ROBOT_")}
    env["ROBOT_SECRETS_DIR"] = str(tmp_path / "no-secrets")

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result

    python = sys.executable
    run(python, "run_robot.py", "new-process", "hyresbidrag", "--title", "Hyresbidrag")
    settings = tomllib.loads((project / "config" / "robot.toml").read_text("utf-8"))
    assert [p["name"] for p in settings["processes"]][-1] == "hyresbidrag"
    new = ["processes/hyresbidrag", "rules/hyresbidrag", "tests/processes/hyresbidrag"]
    run(python, "-m", "ruff", "check", *new)
    run(python, "-m", "ruff", "format", "--check", *new)
    run(python, "-m", "mypy", *new)
    tests = run(
        python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/processes/hyresbidrag", "tests/rules"
    )
    assert (
        "hyresbidrag/c01_example"
        in run(python, "-m", "pytest", "--collect-only", "-q", "tests/rules/test_cases.py").stdout
    )
    assert " passed" in tests.stdout
    env["ROBOT_PROCESS__FORSORJNINGSSTOD__ENABLED"] = "false"  # the new process alone, without a browser
    first = run(python, "run_robot.py", "once")
    assert "hyresbidrag: pass" in first.stdout and "proposed 2" in first.stdout
    status = run(python, "run_robot.py", "status")
    assert "hyresbidrag: 2 items" in status.stdout
