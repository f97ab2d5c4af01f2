"""Runs every YAML rules case: tests/rules/<name>/cases/*.yaml through ``rules.<name>.case_runner``.

The adapter contract (rules/README.md, "YAML cases"): ``rules.<name>.case_runner`` defines
``check_case(spec: dict[str, Any], config_dir: Path) -> list[str]``, which returns human-readable
mismatches (an empty list: the case passes); ``config_dir`` is the project's ``config/`` folder.
A folder with cases but no adapter fails with a sentence saying what to add.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

TESTS_DIR = Path(__file__).parent
CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
# Minimum number of cases per package; a package not listed needs at least DEFAULT_MINIMUM.
MINIMUM_CASES = {"forsorjningsstod": 40, "sosialhjelp": 20}
DEFAULT_MINIMUM = 1


def case_packages() -> dict[str, list[Path]]:
    """Package name -> its case files, for every tests/rules/<name>/cases/ holding YAML files."""
    found = {}
    for folder in sorted(TESTS_DIR.glob("*/cases")):
        files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
        if files:
            found[folder.parent.name] = files
    return found


PACKAGES = case_packages()
CASES = [(name, path) for name, files in PACKAGES.items() for path in files]


def adapter(name: str) -> ModuleType:
    """``rules.<name>.case_runner``, or a test failure naming what is missing."""
    module = f"rules.{name}.case_runner"
    try:
        found: ModuleType | None = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name not in (module, f"rules.{name}"):
            raise
        found = None
    if found is None:
        pytest.fail(
            f"tests/rules/{name}/cases/ holds cases but there is no adapter {module}: add "
            f"rules/{name}/case_runner.py defining check_case(spec, config_dir) -> list[str].",
            pytrace=False,
        )
    if not callable(getattr(found, "check_case", None)):
        pytest.fail(f"{module} does not define check_case(spec, config_dir) -> list[str].", pytrace=False)
    return found


def test_the_forsorjningsstod_cases_are_found() -> None:
    assert "forsorjningsstod" in PACKAGES, f"no cases found under {TESTS_DIR}/*/cases/"


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_package_has_an_adapter_and_enough_cases(name: str) -> None:
    adapter(name)
    minimum = MINIMUM_CASES.get(name, DEFAULT_MINIMUM)
    count = len(PACKAGES[name])
    assert count >= minimum, f"tests/rules/{name}/cases/ has {count} cases; at least {minimum} are expected."


@pytest.mark.parametrize(("name", "path"), CASES, ids=[f"{name}/{path.stem}" for name, path in CASES])
def test_case(name: str, path: Path) -> None:
    spec: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(spec, dict), f"{path}: a case file must be a YAML mapping."
    problems = adapter(name).check_case(spec, CONFIG_DIR)
    assert isinstance(problems, list), f"rules.{name}.case_runner.check_case must return a list of strings."
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)
