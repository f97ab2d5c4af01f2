"""``python run_robot.py new-process NAME``: a working skeleton of a new process, ready to make real.

It writes, from the templates beside this module:

* ``processes/NAME/``: the ProcessDefinition (settings model, factory, report labels, masking,
  commands), the process with ``handle``/``record_manual``/``reconcile``, and in-memory example
  systems so it runs at once;
* ``rules/NAME/``: example rules on the rules engine, with one dated parameter file (unverified, with
  a source) and its words (``texts.yaml``); ``tests/rules/NAME/cases/``: two YAML cases with their hand
  calculations, run by the engine's one case runner;
* ``tests/processes/NAME/test_handle.py``: a unit test of ``handle`` with fake systems;
* a ``[[processes]]`` block appended to the settings file.

Existing files are never overwritten (they are listed as kept). Right after it, ``make test``
passes and ``python run_robot.py once`` runs the new process.
"""

from __future__ import annotations

import datetime as dt
import keyword
import random
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from string import Template

from connectors import fodselsnummer

TEMPLATES = Path(__file__).parent / "templates"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")

# template -> path in the project ({name} filled in)
FILES = {
    "process_init.py.tmpl": "processes/{name}/__init__.py",
    "process_settings.py.tmpl": "processes/{name}/settings.py",
    "process_factory.py.tmpl": "processes/{name}/factory.py",
    "process_systems.py.tmpl": "processes/{name}/systems.py",
    "process_process.py.tmpl": "processes/{name}/process.py",
    "process_tools.py.tmpl": "processes/{name}/tools.py",
    "rules_init.py.tmpl": "rules/{name}/__init__.py",
    "rules_texts.{language}.yaml.tmpl": "rules/{name}/texts.yaml",
    "rules_parameter.yaml.tmpl": "rules/{name}/parameters/{name}_belopp.yaml",
    "rules_case.yaml.tmpl": "tests/rules/{name}/cases/c01_example.yaml",
    "rules_case_missing.yaml.tmpl": "tests/rules/{name}/cases/c02_missing_year.yaml",
    "test_handle.py.tmpl": "tests/processes/{name}/test_handle.py",
}
PACKAGE_MARKERS = ("tests/rules/{name}/__init__.py", "tests/processes/{name}/__init__.py")

LANGUAGES: dict[str, dict[str, str]] = {
    "sv": {
        "labels": "SWEDISH",
        "identity_module": "identity",
        "subject_label": "Personnummer",
        "approve": "Bevilja",
        "reject": "Avslå",
        "manual": "Manuell",
        "timezone": "Europe/Stockholm",
        "legal_reference": "Ange lagrummet (t.ex. SoL 4 kap. 1 §)",
        "rule_amount": "Belopp per månad",
        "rule_income": "Inkomst avräknas",
        "rule_verified": "Beloppet är verifierat mot sin källa",
        "rule_need": "Behov = belopp per månad",
        "rule_rounding": "Avrundning till hela kronor (0,50 kr avrundas uppåt)",
        "rule_outcome": "Förslag till beslut",
        "rule_missing": "Belopp som saknas för perioden",
        "income_label": "Inkomst",
        "income_line": "Inkomst {income} räknas av.",
        "param_label": "Belopp per månad",
        "amount_reason": "Belopp per månad: {amount}.",
        "already_received": "Ansökan {reference} för samma månad har redan tagits emot.",
        "manual_note": "Ansökan {reference}: roboten lämnar ärendet till handläggare eftersom:",
    },
    "nb": {
        "labels": "NORWEGIAN",
        "identity_module": "fodselsnummer",
        "subject_label": "Fødselsnummer",
        "approve": "Innvilge",
        "reject": "Avslag",
        "manual": "Manuell",
        "timezone": "Europe/Oslo",
        "legal_reference": "Oppgi hjemmel (f.eks. sosialtjenesteloven § 18)",
        "rule_amount": "Beløp per måned",
        "rule_income": "Inntekt trekkes fra",
        "rule_verified": "Beløpet er verifisert mot kilden",
        "rule_need": "Behov = beløp per måned",
        "rule_rounding": "Avrunding til hele kroner (50 øre rundes opp)",
        "rule_outcome": "Forslag til vedtak",
        "rule_missing": "Beløp som mangler for perioden",
        "income_label": "Inntekt",
        "income_line": "Inntekt {income} trekkes fra.",
        "param_label": "Beløp per måned",
        "amount_reason": "Beløp per måned: {amount}.",
        "already_received": "Søknad {reference} for samme måned er allerede mottatt.",
        "manual_note": "Søknad {reference}: roboten overlater saken til saksbehandler fordi:",
    },
}


class ScaffoldError(ValueError):
    """The name or the project cannot take a new process; the message says why and what to do."""


@dataclass(frozen=True)
class Scaffold:
    written: list[Path]
    kept: list[Path]  # existed already: left as they are
    settings_file: Path | None
    rules_kept: Path | None = None  # the rules package existed: its example files were not written


def _luhn_digit(nine: str) -> int:
    total = sum(sum(divmod(int(digit) * (2 - index % 2), 10)) for index, digit in enumerate(nine))
    return (10 - total % 10) % 10


def example_identities(language: str) -> list[str]:
    """Three synthetic, formally valid identity numbers (Swedish serials 980-989; Norwegian month + 80)."""
    births = [dt.date(1985, 3, 12), dt.date(1979, 11, 2), dt.date(1992, 6, 23)]
    if language == "nb":
        rng = random.Random(7)
        return [fodselsnummer.synthetic(birth, rng) for birth in births]
    numbers = []
    for index, birth in enumerate(births):
        nine = f"{birth:%y%m%d}98{index}"
        numbers.append(f"{birth:%Y%m%d}-98{index}{_luhn_digit(nine)}")
    return numbers


def substitutions(name: str, title: str, language: str) -> dict[str, str]:
    year = dt.date.today().year
    words = dict(LANGUAGES[language])
    identities = ", ".join(f'"{number}"' for number in example_identities(language))
    return {
        **words,
        "name": name,
        "NAME": name.upper(),
        "Class": "".join(part.capitalize() for part in name.split("_")),
        "title": title,
        "example_year": str(year),
        "example_month": f"{year}-03",
        "example_identities": identities,
    }


def check_name(name: str, project: Path) -> None:
    if not NAME.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(
            f"{name!r} cannot be a process name: use 2-41 lower-case letters, digits and _, starting with a "
            "letter (e.g. bostadsanpassning)."
        )
    if (project / "processes" / name).exists():
        raise ScaffoldError(f"processes/{name}/ exists already; choose another name or remove it first.")


def create(project: Path, name: str, title: str, language: str, settings_file: Path | None) -> Scaffold:
    """Write the skeleton into ``project``; append its settings block to ``settings_file`` (if given)."""
    check_name(name, project)
    if language not in LANGUAGES:
        raise ScaffoldError(f"Unknown language {language!r}; use one of: {', '.join(LANGUAGES)}.")
    values = substitutions(name, title, language)
    written: list[Path] = []
    kept: list[Path] = []
    targets = {template: project / path.format(name=name) for template, path in FILES.items()}
    rules_exist = (project / "rules" / name).exists()
    for template, target in targets.items():
        if rules_exist and template.startswith("rules_"):
            continue
        if target.exists():
            kept.append(target)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        source = TEMPLATES / template.format(language=language)
        target.write_text(Template(source.read_text("utf-8")).substitute(values), "utf-8")
        written.append(target)
    for marker in PACKAGE_MARKERS:
        path = project / marker.format(name=name)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("", encoding="utf-8")
            written.append(path)
    if settings_file is not None:
        block = Template((TEMPLATES / "settings_block.toml.tmpl").read_text("utf-8")).substitute(values)
        with settings_file.open("a", encoding="utf-8") as handle:
            handle.write(block)
    _format([path for path in written if path.suffix == ".py"])
    rules_kept = project / "rules" / name if rules_exist else None
    return Scaffold(written=written, kept=kept, settings_file=settings_file, rules_kept=rules_kept)


def _format(paths: list[Path]) -> None:
    """Format the new code as the project does (ruff), when ruff is installed; never fails the scaffold."""
    if not paths:
        return
    for arguments in (["check", "--fix-only", "--quiet"], ["format", "--quiet"]):
        try:
            subprocess.run(
                [sys.executable, "-m", "ruff", *arguments, *map(str, paths)], check=False, timeout=60
            )
        except (OSError, subprocess.TimeoutExpired):
            return
