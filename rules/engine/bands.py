"""Age bands as dated parameters: which bands apply from when, so a benefit's bands can change from a date.

A bands parameter (``period: open``: the bands hold until a later entry replaces them) maps each
band's key to its first and last age in whole years, e.g. for Norway's guidance rates::

    values:
      2018-01-01:
        value: {"0_5": [0, 5], "6_10": [6, 10], "11_17": [11, 17]}

A later entry with other keys (a study proposes splitting 11-17) changes the bands from its date;
the rates of that year then use the new keys, and a rate whose key is missing is reported as a
missing item (:meth:`rules.engine.parameters.Parameter.item`), never taken from another band.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rules.engine.parameters import ParameterFileError, ParameterValue


@dataclass(frozen=True, slots=True)
class AgeBand:
    """One band: its key in the rate tables and its first and last age (inclusive)."""

    key: str
    first: int
    last: int

    @property
    def label(self) -> str:
        """``"4–6"``, ``"3"``, ``"under 1"`` is the package's business; this is the plain range."""
        return str(self.first) if self.first == self.last else f"{self.first}–{self.last}"


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def bands_of(value: ParameterValue) -> tuple[AgeBand, ...]:
    """The bands of a bands parameter's value, youngest first; a malformed value names the parameter."""
    raw: Any = value.value
    if not isinstance(raw, Mapping) or not raw:
        raise ParameterFileError(f"{value.name}: the value must map each band to [first age, last age].")
    bands = []
    for key, ages in raw.items():
        if not (isinstance(ages, list) and len(ages) == 2 and all(isinstance(a, Decimal) for a in ages)):
            raise ParameterFileError(f"{value.name} [{key}]: write the band as [first age, last age].")
        first, last = int(ages[0]), int(ages[1])
        if first > last or first < 0:
            raise ParameterFileError(
                f"{value.name} [{key}]: the first age must be 0 or more, and not above the last."
            )
        bands.append(AgeBand(str(key), first, last))
    bands.sort(key=lambda band: band.first)
    for before, after in itertools.pairwise(bands):
        if after.first != before.last + 1:
            raise ParameterFileError(
                f"{value.name}: the bands {before.key} and {after.key} leave a gap or overlap; "
                "each band must start the year after the one before ends."
            )
    return tuple(bands)


def band_for(age: int, bands: tuple[AgeBand, ...]) -> AgeBand | None:
    """The band ``age`` falls in, or None when it is outside every band."""
    return next((band for band in bands if band.first <= age <= band.last), None)
