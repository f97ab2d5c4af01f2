"""Runs every YAML rules case: tests/rules/<name>/cases/*.yaml through the one case runner
(:func:`rules.engine.cases.check_case`) with ``rules.<name>.PACKAGE``.

The contract (rules/README.md, "YAML cases"): the package ``rules.<name>`` exports ``PACKAGE``, a
:class:`rules.engine.benefit.RulesPackage` (its input model, parameter loading and ``decide``). A
folder with cases but no such package fails with a sentence saying what to add.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from rules.engine.benefit import RulesPackage
from rules.engine.cases import check_case

TESTS_DIR = Path(__file__).parent
CONFIG_DIR = Path(__file__).resolve().parents[2] / "config"
# Minimum number of cases per package; a package not listed needs at least DEFAULT_MINIMUM.
MINIMUM_CASES = {"forsorjningsstod": 110, "sosialhjelp": 55}
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


def package(name: str) -> RulesPackage:
    """``rules.<name>.PACKAGE``, or a test failure naming what is missing."""
    module = f"rules.{name}"
    try:
        found: ModuleType | None = importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        found = None
    described = getattr(found, "PACKAGE", None)
    if not isinstance(described, RulesPackage):
        pytest.fail(
            f"tests/rules/{name}/cases/ holds cases but {module} exports no PACKAGE: add "
            f"PACKAGE = RulesPackage(BENEFIT, CaseInput, load_parameters, decide) to rules/{name}/__init__.py.",
            pytrace=False,
        )
    return described


def test_the_forsorjningsstod_cases_are_found() -> None:
    assert "forsorjningsstod" in PACKAGES, f"no cases found under {TESTS_DIR}/*/cases/"


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_package_has_a_rules_package_and_enough_cases(name: str) -> None:
    package(name)
    minimum = MINIMUM_CASES.get(name, DEFAULT_MINIMUM)
    count = len(PACKAGES[name])
    assert count >= minimum, f"tests/rules/{name}/cases/ has {count} cases; at least {minimum} are expected."


@pytest.mark.parametrize(("name", "path"), CASES, ids=[f"{name}/{path.stem}" for name, path in CASES])
def test_case(name: str, path: Path) -> None:
    spec: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(spec, dict), f"{path}: a case file must be a YAML mapping."
    problems = check_case(spec, package(name), CONFIG_DIR)
    assert not problems, f"{path.name}:\n  " + "\n  ".join(problems)
