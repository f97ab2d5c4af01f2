"""A municipality confirms a year's amounts against the official text: ``parameters verify YEAR``.

The shipped tables mark a value verified only where its source is official (the SFS text,
Socialstyrelsen, the ministry's rundskriv); production refuses the rest. A municipality that has
read the year's table against the official text records that here: :func:`record_verification`
writes every value taking effect in the year, for the named parameters, into the municipality's
OWN file (``config/municipalities/...``), each with ``verified: true``, the official source, who
and when. The rules package's files are never written. The municipality's file adds its dated
values to the defaults (a value for the same date replaces the default's, see
:meth:`rules.engine.parameters.ParameterSet.merged`), so production can use the year from then on.

The caller runs the year check first and refuses to record a year that has something to fix (an
item missing, a value not in whole tens, a published total that does not add up): a partly known
year (riksnorm 2026) is completed in the municipality's file from the official text before it is
verified. Comments and layout of the municipality's file are kept (ruamel.yaml round trip).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from rules.engine.money import to_json_number
from rules.engine.parameters import Parameter, ParameterFileError, ParameterValue, load_parameter_set
from rules.engine.totals import PublishedTotal
from rules.engine.yearcheck import YearCheck, check_year
from rules.engine.yearcheck_text import format_year_check


class VerificationRefused(ValueError):
    """The verification cannot be recorded; the message says what to do."""


@dataclass(frozen=True)
class Recorded:
    """What :func:`record_verification` wrote: the file and each parameter with its dates."""

    municipality_file: Path
    year: int
    values: tuple[ParameterValue, ...]

    def describe(self) -> list[str]:
        return [f"{value.name} from {value.in_force_from.isoformat()}" for value in self.values]


def _yaml() -> YAML:
    handler = YAML()  # round trip: keeps comments, key order and quoting
    handler.preserve_quotes = True
    handler.width = 4096
    handler.indent(mapping=2, sequence=4, offset=2)
    return handler


def _plain(value: Any) -> Any:
    """A parameter value as YAML writes it: numbers as numbers, a scale as a one-line mapping."""
    plain = to_json_number(value)
    if isinstance(plain, dict):
        flow = CommentedMap(plain)
        flow.fa.set_flow_style()
        return flow
    return plain


def values_to_record(
    parameters: Mapping[str, Parameter], names: Sequence[str], year: int
) -> list[ParameterValue]:
    """Every value of ``names`` taking effect in ``year`` (in date order per parameter)."""
    found: list[ParameterValue] = []
    for name in names:
        parameter = parameters.get(name)
        if parameter is not None:
            found.extend(parameter.values_in_year(year))
    return found


def record_verification(
    municipality_file: Path,
    parameters: Mapping[str, Parameter],
    names: Sequence[str],
    year: int,
    source: str,
    verified_by: str,
    when: dt.datetime,
) -> Recorded:
    """Write ``names``' values taking effect in ``year`` into ``municipality_file`` as verified.

    ``parameters`` are the values as production would use them (the defaults merged with the
    municipality's file). Raises :class:`VerificationRefused` with a sentence when the source or the
    name is empty, the file is missing, or no value takes effect in ``year``.
    """
    source, verified_by = source.strip(), verified_by.strip()
    if not source:
        raise VerificationRefused(
            'Say which official text you checked the values against, e.g. --source "SFS 2023:727".'
        )
    if not verified_by:
        raise VerificationRefused('Say who checked the values, e.g. --by "Anna Andersson, socialkontoret".')
    path = Path(municipality_file)
    if not path.is_file():
        raise VerificationRefused(
            f"The municipality file {path} does not exist; check municipality_file in the settings."
        )
    values = values_to_record(parameters, names, year)
    if not values:
        raise VerificationRefused(f"No values take effect in {year}; enter them before verifying the year.")
    handler = _yaml()
    try:
        document = handler.load(path.read_text(encoding="utf-8"))
    except Exception as error:  # ruamel raises many kinds; each means the file cannot be read as YAML
        raise ParameterFileError(f"{path}: not valid YAML ({error}).") from error
    if not isinstance(document, CommentedMap):
        raise ParameterFileError(f"{path}: expected a mapping with 'municipality' and 'parameters'.")
    if not isinstance(document.get("parameters"), dict):
        document["parameters"] = CommentedMap()
    stamp = when.isoformat(timespec="seconds")
    for value in values:
        block = _block(document["parameters"], parameters[value.name])
        block["values"][value.in_force_from] = CommentedMap(
            [
                ("value", _plain(value.value)),
                ("source", source),
                ("verified", True),
                ("verified_by", verified_by),
                ("verified_at", stamp),
                ("shipped_source", value.source),
            ]
        )
        _sort_dates(block)
    with path.open("w", encoding="utf-8") as out:
        handler.dump(document, out)
    return Recorded(path, year, tuple(values))


def _block(parameters: CommentedMap, parameter: Parameter) -> CommentedMap:
    """The municipality file's entry for ``parameter``, made with the package's texts if it is new."""
    found = parameters.get(parameter.name)
    if isinstance(found, CommentedMap):
        block = found
    else:
        block = CommentedMap(
            [
                ("description", parameter.description),
                ("label", parameter.label),
                ("unit", parameter.unit),
                ("reference", parameter.reference),
                ("period", parameter.period),
                ("values", CommentedMap()),
            ]
        )
        parameters[parameter.name] = block
    if not isinstance(block.get("values"), dict):
        block["values"] = CommentedMap()
    return block


def _sort_dates(block: CommentedMap) -> None:
    """Keep the dated values in date order (a verified year may come before values already there)."""
    values = block["values"]
    ordered = sorted(values.items(), key=lambda item: str(item[0]))
    if [key for key, _ in ordered] != list(values):
        block["values"] = CommentedMap(ordered)


def verify_year(
    check: YearCheck,
    municipality_file: Path | None,
    parameters: Mapping[str, Parameter],
    names: Sequence[str],
    source: str,
    verified_by: str,
    when: dt.datetime,
) -> tuple[str, bool]:
    """``parameters verify YEAR``: record the year as verified when ``check`` (the year check of the
    values as production would use them) has nothing to fix. The text for IT staff, and whether it
    was recorded."""
    if municipality_file is None:
        return (
            "This process has no municipality file, and a verification is written only into the "
            "municipality's own file (never into the rules package). Set municipality_file in the "
            'process\'s settings block, e.g. municipality_file = "config/municipalities/<name>.yaml", and run '
            "the command again.",
            False,
        )
    if not check.ok:
        return (
            format_year_check(check)
            + f"\nNothing was recorded: {check.year} can be verified once the check has nothing to fix. Enter "
            f"missing or corrected values from the official text in {municipality_file} (same shape as the "
            "rules package's files) and run the command again.",
            False,
        )
    try:
        recorded = record_verification(
            municipality_file, parameters, names, check.year, source, verified_by, when
        )
    except VerificationRefused as error:
        return str(error), False
    listed = "; ".join(recorded.describe())
    return (
        f"Recorded in {recorded.municipality_file}: the {check.subject} values of {check.year} ({listed}) are "
        f"verified against {source.strip()!r} by {verified_by.strip()} at {when.isoformat(timespec='seconds')}. "
        f"Production now computes {check.year} with these values for this municipality; "
        f"`python run_robot.py parameters list` shows them.",
        True,
    )


def check_and_verify(
    parameters_dir: Path,
    municipality_file: Path | None,
    year: int,
    source: str,
    verified_by: str,
    *,
    subject: str,
    step: Decimal,
    names: Sequence[str] | None = None,
    totals: Sequence[PublishedTotal] = (),
    when: dt.datetime | None = None,
) -> tuple[str, bool]:
    """The whole ``parameters verify YEAR`` for one rules package: the year check of the values as
    production uses them (the package's folder merged with the municipality's file), then
    :func:`verify_year` for ``names`` (default: every ``period: year`` parameter)."""
    parameters, _ = load_parameter_set(parameters_dir, municipality_file, str(parameters_dir))
    yearly = list(names) if names is not None else [n for n, p in parameters.items() if p.period == "year"]
    check = check_year(parameters, year, totals, subject=subject, step=step, names=yearly)
    moment = when or dt.datetime.now(dt.UTC).astimezone()
    return verify_year(check, municipality_file, parameters, yearly, source, verified_by, moment)
