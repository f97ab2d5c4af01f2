"""Published totals of a yearly table (e.g. riksnorm for one and for two adults), read from a dated YAML file.

File shape::

    totals:
      single:
        label: single person (ensamstående + gemensamma hushållskostnader för 1 person)
        terms: [riksnorm_ensamstaende, 'riksnorm_gemensamma_kostnader[1]']   # item ids
        values:
          2026: {value: 5220, derived: false, source: 'Regeringen, ...'}

A total's terms are item ids as :mod:`rules.engine.yearcheck` names them (``name`` or ``name[key]``);
``derived: true`` marks a total computed from a verified table rather than published as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml

from rules.engine.parameters import ParameterFileError


@dataclass(frozen=True)
class PublishedTotal:
    """A published total for one year: the sum of ``terms`` (item ids) must equal ``value``."""

    name: str
    label: str
    year: int
    value: Decimal
    terms: tuple[str, ...]
    source: str
    derived: bool  # computed from a verified table, not published as such


def load_published_totals(path: Path) -> list[PublishedTotal]:
    """Read a totals file (``totals: {name: {label, terms, values: {year: {value, source, derived}}}}``)."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ParameterFileError(f"{path}: cannot read the published totals ({exc}).") from exc
    if not isinstance(data, Mapping) or not isinstance(data.get("totals"), Mapping):
        raise ParameterFileError(f"{path}: expected a top-level 'totals' mapping.")
    found = []
    for name, spec in data["totals"].items():
        where = f"{path} ({name})"
        if (
            not isinstance(spec, Mapping)
            or not spec.get("terms")
            or not isinstance(spec.get("values"), Mapping)
        ):
            raise ParameterFileError(f"{where}: each total needs 'label', 'terms' and 'values'.")
        for year, entry in spec["values"].items():
            if (
                not isinstance(entry, Mapping)
                or "value" not in entry
                or not str(entry.get("source", "")).strip()
            ):
                raise ParameterFileError(f"{where} [{year}]: each year needs 'value' and 'source'.")
            found.append(
                PublishedTotal(
                    name=str(name),
                    label=str(spec.get("label", name)),
                    year=int(year),
                    value=Decimal(str(entry["value"])),
                    terms=tuple(str(t) for t in spec["terms"]),
                    source=str(entry["source"]).strip(),
                    derived=bool(entry.get("derived", False)),
                )
            )
    return found
