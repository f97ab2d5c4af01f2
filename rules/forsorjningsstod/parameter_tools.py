"""Försörjningsstöd's parameter tools for IT staff: the catalogue and the check of a newly entered year.

One function per command, so the command line (``python run_robot.py parameters list|check``) calls
this module and prints what it returns:

- :func:`list_text` / :func:`parameter_list`: every parameter of the rules package (and of a
  municipality file), each dated value with the dates it covers, verified or not, and its source;
- :func:`check_text` / :func:`year_check`: the riksnorm values of one year against the year
  before (item by item) and against the published totals in ``published_totals.yaml``;
- :func:`verify_text`: ``parameters verify YEAR``: the check, then the year's riksnorm values
  recorded as verified in the municipality's own file (:mod:`rules.engine.verification`).

Nothing is printed; only :func:`verify_text` writes, and only into the municipality's file.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from rules.engine.catalogue import ParameterInfo, format_parameter_list, list_parameters
from rules.engine.parameters import load_parameter_set
from rules.engine.verification import check_and_verify
from rules.engine.yearcheck import YearCheck, check_year, load_published_totals
from rules.engine.yearcheck_text import format_year_check
from rules.forsorjningsstod.loading import PARAMETER_DIR

PUBLISHED_TOTALS_FILE = Path(__file__).parent / "published_totals.yaml"
RIKSNORM = (
    "riksnorm_barn",
    "riksnorm_barn_utan_lunch",
    "riksnorm_ensamstaende",
    "riksnorm_sambor",
    "riksnorm_gemensamma_kostnader",
)
ROUNDING_STEP = Decimal(10)  # riksnorm amounts are whole tens of kronor


def parameter_list(
    municipality_file: Path | None = None, parameters_dir: Path = PARAMETER_DIR
) -> list[ParameterInfo]:
    """The catalogue as data (see :func:`rules.engine.catalogue.list_parameters`)."""
    return list_parameters(parameters_dir, municipality_file)


def list_text(municipality_file: Path | None = None, parameters_dir: Path = PARAMETER_DIR) -> str:
    """The catalogue as plain English text for IT staff."""
    return format_parameter_list(parameter_list(municipality_file, parameters_dir))


def year_check(
    year: int,
    parameters_dir: Path = PARAMETER_DIR,
    totals_file: Path = PUBLISHED_TOTALS_FILE,
    municipality_file: Path | None = None,
) -> YearCheck:
    """The riksnorm check of ``year`` as data (with a municipality's own values when given, as
    production uses them); ``.ok`` is False when something must be fixed."""
    parameters, _ = load_parameter_set(parameters_dir, municipality_file, "regelpaketet")
    return check_year(
        parameters,
        year,
        load_published_totals(totals_file),
        subject="riksnorm",
        step=ROUNDING_STEP,
        names=RIKSNORM,
    )


def check_text(
    year: int,
    parameters_dir: Path = PARAMETER_DIR,
    totals_file: Path = PUBLISHED_TOTALS_FILE,
    municipality_file: Path | None = None,
) -> str:
    """The riksnorm check of ``year`` in plain English sentences: what to fix and what is OK."""
    return format_year_check(year_check(year, parameters_dir, totals_file, municipality_file))


__all__ = [
    "PUBLISHED_TOTALS_FILE",
    "RIKSNORM",
    "check_text",
    "format_year_check",
    "list_text",
    "parameter_list",
    "verify_text",
    "year_check",
]


def verify_text(
    year: int,
    source: str,
    verified_by: str,
    municipality_file: Path | None,
    when: dt.datetime | None = None,
    parameters_dir: Path = PARAMETER_DIR,
    totals_file: Path = PUBLISHED_TOTALS_FILE,
) -> tuple[str, bool]:
    """``parameters verify YEAR``: check the year as production would use it, then record its riksnorm
    values as verified in ``municipality_file``; the text and whether it was recorded."""
    return check_and_verify(
        parameters_dir,
        municipality_file,
        year,
        source,
        verified_by,
        subject="riksnorm",
        step=ROUNDING_STEP,
        names=RIKSNORM,
        totals=load_published_totals(totals_file),
        when=when,
    )
