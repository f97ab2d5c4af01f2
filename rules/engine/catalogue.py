"""The parameter catalogue: every parameter, each dated value, the dates it covers, verified or not, and source.

For IT staff: :func:`list_parameters` returns the data, :func:`format_parameter_list` the same as
plain English text. Pure apart from reading the parameter files; no printing.

The dates a value covers follow :meth:`rules.engine.parameters.Parameter.at`: a value counts from
the date it takes effect until the day before the next value, and for ``period: year`` parameters
only within its own calendar year (a year without its own entry has no value at all).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from rules.engine.money import format_kr
from rules.engine.parameters import (
    Parameter,
    load_parameter_dir,
    load_parameter_overrides,
    load_parameter_set,
)

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ValueSpan:
    """One dated value and the days it covers (``until`` inclusive; None: until replaced)."""

    in_force_from: dt.date
    until: dt.date | None
    covers: str  # plain English, e.g. "2021-01-01 to 2021-12-31 (calendar year 2021 only)"
    value: Any
    verified: bool
    source: str
    verified_by: str = ""  # who confirmed it (``parameters verify``), and when
    verified_at: str = ""


@dataclass(frozen=True)
class ParameterInfo:
    """A parameter as IT staff see it; ``origin`` is the rules package or the municipality file."""

    name: str
    description: str
    unit: str
    reference: str
    period: str  # "year" or "open"
    origin: str
    replaces_default: bool
    values: tuple[ValueSpan, ...]

    @property
    def unverified(self) -> tuple[ValueSpan, ...]:
        """The values not yet checked against their official source."""
        return tuple(v for v in self.values if not v.verified)


def spans(parameter: Parameter) -> tuple[ValueSpan, ...]:
    """Each value of ``parameter`` with the range of days it covers."""
    entries = parameter.entries
    out = []
    for index, entry in enumerate(entries):
        start = entry.in_force_from
        following = entries[index + 1].in_force_from - ONE_DAY if index + 1 < len(entries) else None
        if parameter.period == "year":
            year_end = dt.date(start.year, 12, 31)
            last = min(year_end, following) if following else year_end
            until: dt.date | None = last
            covers = f"{start.isoformat()} to {last.isoformat()} (calendar year {start.year} only)"
        else:
            until = following
            covers = (
                f"{start.isoformat()} to {until.isoformat()}"
                if until
                else f"from {start.isoformat()}, open (until a later value replaces it)"
            )
        out.append(
            ValueSpan(
                start,
                until,
                covers,
                entry.value,
                entry.verified,
                entry.source,
                entry.verified_by,
                entry.verified_at,
            )
        )
    return tuple(out)


def _info(parameter: Parameter, origin: str, replaces_default: bool) -> ParameterInfo:
    return ParameterInfo(
        name=parameter.name,
        description=parameter.description,
        unit=parameter.unit,
        reference=parameter.reference,
        period=parameter.period,
        origin=origin,
        replaces_default=replaces_default,
        values=spans(parameter),
    )


def list_parameters(parameters_dir: Path, municipality_file: Path | None = None) -> list[ParameterInfo]:
    """Every parameter in ``parameters_dir`` with the dated values of ``municipality_file`` added as the
    rules use them (a value for the same date replaces the default's; a parameter only the
    municipality has is listed too), sorted by name.

    Raises :class:`rules.engine.parameters.ParameterFileError` (a sentence naming the file) when a
    file is malformed.
    """
    package = f"rules package ({parameters_dir})"
    defaults = load_parameter_dir(Path(parameters_dir))
    found = {name: _info(p, package, False) for name, p in defaults.items()}
    if municipality_file is not None:
        merged, meta = load_parameter_set(Path(parameters_dir), Path(municipality_file), package)
        _, overrides = load_parameter_overrides(Path(municipality_file))
        origin = f"municipality file {municipality_file} ({meta['municipality']})"
        for name in overrides:
            both = name in defaults
            found[name] = _info(merged[name], f"{package} and the {origin}" if both else origin, both)
    return [found[name] for name in sorted(found)]


def format_value(value: Any, unit: str = "") -> str:
    """A value for plain text: amounts as ``3 160 kr``, scales as ``key amount, ...``, lists joined."""
    if isinstance(value, Mapping):
        return ", ".join(f"{key}: {format_value(item, unit)}" for key, item in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(format_value(item, unit) for item in value)
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return format_kr(value) if unit.startswith("kr") else f"{value}"
    return str(value)


def format_parameter_list(parameters: Sequence[ParameterInfo]) -> str:
    """The catalogue as plain English text for IT staff, one block per parameter."""
    lines = [f"{len(parameters)} parameters."]
    unverified = sum(len(p.unverified) for p in parameters)
    if unverified:
        lines.append(
            f"{unverified} dated values are NOT verified: production refuses them (the case goes to a "
            "caseworker) until each is checked against its official source and marked verified: true."
        )
    for p in parameters:
        lines.append("")
        unit = f" ({p.unit})" if p.unit else ""
        lines.append(f"{p.name}{unit}: {p.description}")
        added = " (the municipality's dated values added to the defaults)" if p.replaces_default else ""
        lines.append(f"  from the {p.origin}{added}; legal reference: {p.reference or 'none given'}")
        if p.period == "year":
            lines.append(
                "  each value counts for its own calendar year only; a year without a value has none"
            )
        for v in p.values:
            state = "verified" if v.verified else "NOT VERIFIED"
            if v.verified_by:
                state += f" by {v.verified_by} ({v.verified_at})"
            lines.append(f"  {v.covers}: {state}; source: {v.source}")
            lines.append(f"    value: {format_value(v.value, p.unit)}")
    return "\n".join(lines)
