"""Dated parameters: one YAML file per parameter, values keyed by the date they take effect.

File shape (after openfisca-country-template)::

    description: Riksnorm, personliga kostnader för en ensamstående vuxen
    label: Riksnorm för ensamstående vuxen      # Swedish, used in reasons
    unit: kr/månad
    reference: SoF (2001:937) 2 kap. 1 §
    period: year          # "year": a value counts only for the calendar year it takes effect in
                          # "open" (default): a value counts until a later one replaces it
    values:
      2021-01-01:
        value: 3160       # a number, a mapping (a scale by band) or a list
        source: SFS 2020:1013
        verified: true

Loading is the only I/O; :meth:`Parameter.at` is pure and cheap (results are cached per date).
A date with no value in force raises :class:`MissingParameter` carrying a Swedish reason: a value is
never borrowed from another year.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, field_serializer

from rules.engine.money import to_json_number

Period = Literal["year", "open"]


class ParameterFileError(ValueError):
    """A parameter file is malformed. The message names the file and what to fix."""


class MissingParameter(Exception):
    """No value is in force for the date asked for, or the value in force lacks an item (``item``: the
    item's caseworker-facing name, e.g. "3 personer"). ``span`` is the year (``period: year``) or the
    month the value was wanted for. The caseworker's reason is written in the benefit's words from
    ``label``, ``item`` and ``span`` (:meth:`rules.engine.scratchpad.Scratchpad.missing`)."""

    def __init__(
        self, name: str, label: str, when: dt.date, period: Period, reference: str = "", item: str = ""
    ) -> None:
        self.name = name
        self.label = label
        self.when = when
        self.period = period
        self.reference = reference
        self.item = item
        self.span = str(when.year) if period == "year" else when.strftime("%Y-%m")
        super().__init__(f"{name}{f' [{item}]' if item else ''}: no value for {self.span}")


class ParameterValue(BaseModel):
    """One dated value of a parameter, as used in a calculation and shown in its trace."""

    model_config = ConfigDict(frozen=True)

    name: str
    value: Any
    in_force_from: dt.date
    source: str
    verified: bool
    verified_by: str = ""  # who confirmed the value against its official source (municipality files)
    verified_at: str = ""  # when (ISO 8601)

    @field_serializer("value", when_used="json")
    def _value_json(self, value: Any) -> Any:
        return to_json_number(value)

    def describe(self) -> str:
        """``name (from 2021-01-01, source)`` for notes and reasons."""
        return f"{self.name} (från {self.in_force_from.isoformat()}, källa: {self.source})"


@dataclass
class Parameter:
    """A named parameter with its dated values, sorted by the date they take effect."""

    name: str
    description: str
    label: str
    unit: str
    reference: str
    period: Period
    entries: tuple[ParameterValue, ...]
    _starts: list[dt.date] = field(default_factory=list, repr=False)
    _cache: dict[dt.date, ParameterValue | None] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._starts = [e.in_force_from for e in self.entries]

    def at(self, when: dt.date) -> ParameterValue:
        """The value in force on ``when``; raises :class:`MissingParameter` if there is none."""
        try:
            found = self._cache[when]
        except KeyError:
            found = self._find(when)
            self._cache[when] = found
        if found is None:
            raise MissingParameter(self.name, self.label, when, self.period, self.reference)
        return found

    def values_in_year(self, year: int) -> tuple[ParameterValue, ...]:
        """Every value taking effect in ``year`` (a mid-year change gives more than one)."""
        return tuple(e for e in self.entries if e.in_force_from.year == year)

    def with_entries(self, entries: Sequence[ParameterValue], other: Parameter) -> Parameter:
        """This parameter's values with ``entries`` added; an entry for a date already here replaces it.
        The texts (description, label, unit, reference) are ``other``'s; both must have the same period."""
        if other.period != self.period:
            raise ParameterFileError(
                f"{other.name}: the municipality file says period {other.period!r}, the rules package "
                f"{self.period!r}; a municipality value must follow the package's period."
            )
        by_date = {e.in_force_from: e for e in self.entries}
        by_date.update({e.in_force_from: e for e in entries})
        return Parameter(
            name=self.name,
            description=other.description,
            label=other.label,
            unit=other.unit,
            reference=other.reference or self.reference,
            period=self.period,
            entries=tuple(by_date[when] for when in sorted(by_date)),
        )

    def _find(self, when: dt.date) -> ParameterValue | None:
        index = bisect.bisect_right(self._starts, when) - 1
        if index < 0:
            return None
        entry = self.entries[index]
        if self.period == "year" and entry.in_force_from.year != when.year:
            return None
        return entry


class ParameterSet(Mapping[str, Parameter]):
    """All parameters of one configuration (national defaults merged with a municipality's), by name."""

    def __init__(self, parameters: Mapping[str, Parameter], origins: Mapping[str, str] | None = None) -> None:
        self._parameters = dict(parameters)
        self.origins = dict(origins or {})

    def names(self) -> list[str]:
        return sorted(self._parameters)

    def __getitem__(self, name: str) -> Parameter:
        return self._parameters[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    def merged(self, overrides: Mapping[str, Parameter], origin: str) -> ParameterSet:
        """A new set with the dated values of ``overrides`` (a municipality's file) added.

        A parameter the set has gets the override's values besides its own; a value for the same
        date replaces the set's (so a municipality can confirm or complete one year without copying
        the others). A parameter the set does not have is added as it is.
        """
        parameters = dict(self._parameters)
        for name, override in overrides.items():
            base = parameters.get(name)
            parameters[name] = override if base is None else base.with_entries(override.entries, override)
        origins = {**self.origins, **dict.fromkeys(overrides, origin)}
        return ParameterSet(parameters, origins)


def _normalise(value: Any, where: str) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        return value
    if isinstance(value, Mapping):
        return {str(k): _normalise(v, where) for k, v in value.items()}
    if isinstance(value, list):
        return [_normalise(v, where) for v in value]
    raise ParameterFileError(f"{where}: value {value!r} is neither a number, a mapping nor a list.")


def _as_date(key: Any, where: str) -> dt.date:
    if isinstance(key, dt.date):
        return key
    try:
        return dt.date.fromisoformat(str(key))
    except ValueError as exc:
        raise ParameterFileError(f"{where}: '{key}' is not a date; key values by YYYY-MM-DD.") from exc


def parse_parameter(name: str, data: Any, where: str) -> Parameter:
    """Build a :class:`Parameter` from the mapping read from YAML; errors name ``where``."""
    if not isinstance(data, Mapping):
        raise ParameterFileError(f"{where}: expected a mapping with 'description' and 'values'.")
    for key in ("description", "values"):
        if key not in data:
            raise ParameterFileError(f"{where}: the key '{key}' is missing.")
    period = data.get("period", "open")
    if period not in ("year", "open"):
        raise ParameterFileError(f"{where}: period must be 'year' or 'open', not {period!r}.")
    values = data["values"]
    if not isinstance(values, Mapping) or not values:
        raise ParameterFileError(f"{where}: 'values' must map dates to entries.")
    entries = []
    for key, entry in values.items():
        when = _as_date(key, where)
        at = f"{where} [{when.isoformat()}]"
        if not isinstance(entry, Mapping) or "value" not in entry:
            raise ParameterFileError(f"{at}: each dated entry needs 'value', 'source' and 'verified'.")
        if not str(entry.get("source", "")).strip():
            raise ParameterFileError(f"{at}: 'source' is missing; say where the value comes from.")
        if not isinstance(entry.get("verified"), bool):
            raise ParameterFileError(f"{at}: 'verified' must be true or false.")
        entries.append(
            ParameterValue(
                name=name,
                value=_normalise(entry["value"], at),
                in_force_from=when,
                source=str(entry["source"]).strip(),
                verified=entry["verified"],
                verified_by=str(entry.get("verified_by") or ""),
                verified_at=str(entry.get("verified_at") or ""),
            )
        )
    entries.sort(key=lambda e: e.in_force_from)
    return Parameter(
        name=name,
        description=str(data["description"]),
        label=str(data.get("label", data["description"])),
        unit=str(data.get("unit", "")),
        reference=str(data.get("reference", "")),
        period=period,
        entries=tuple(entries),
    )


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ParameterFileError(f"{path}: not valid YAML ({exc}).") from exc


def load_parameter_dir(directory: Path) -> dict[str, Parameter]:
    """Load every ``*.yaml`` in ``directory``; the file name (without suffix) is the parameter name."""
    if not directory.is_dir():
        raise ParameterFileError(f"{directory}: the parameter folder does not exist.")
    return {
        path.stem: parse_parameter(path.stem, _read_yaml(path), str(path))
        for path in sorted(directory.glob("*.yaml"))
    }


def load_parameter_overrides(path: Path) -> tuple[dict[str, Any], dict[str, Parameter]]:
    """Load a municipality file: its metadata and its ``parameters`` mapping (name -> parameter)."""
    if not path.is_file():
        raise ParameterFileError(f"{path}: the municipality file does not exist; check the path in config.")
    data = _read_yaml(path)
    if not isinstance(data, Mapping) or not isinstance(data.get("parameters"), Mapping):
        raise ParameterFileError(f"{path}: expected a top-level 'parameters' mapping.")
    meta = {k: v for k, v in data.items() if k != "parameters"}
    parameters = {
        str(name): parse_parameter(str(name), spec, f"{path} ({name})")
        for name, spec in data["parameters"].items()
    }
    return meta, parameters


def load_parameter_set(
    parameters_dir: Path, municipality_file: Path | None, package: str
) -> tuple[ParameterSet, dict[str, Any]]:
    """A benefit's parameters: the folder's defaults (origin ``package``) merged with the dated values
    of a municipality's file, and that file's other keys (``municipality``: its name; empty without one)."""
    defaults = load_parameter_dir(parameters_dir)
    parameters = ParameterSet(defaults, dict.fromkeys(defaults, package))
    if municipality_file is None:
        return parameters, {}
    path = Path(municipality_file)
    meta, overrides = load_parameter_overrides(path)
    meta.setdefault("municipality", path.stem)
    return parameters.merged(overrides, str(meta["municipality"])), meta
