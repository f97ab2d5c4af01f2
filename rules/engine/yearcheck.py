"""Checking a newly entered year's table against the year before, item by item, and against published totals.

The government raises every item of a yearly table by one percentage (for riksnorm 2026: 0.7 %)
and publishes the items rounded to whole tens of kronor. A typo in one item (a value ten times too
large, two digits swapped, a value left from last year) then shows as one item whose change differs
from the others'. So :func:`check_year`

- pairs each item of year Y with the same item of the year before (a scale such as
  ``riksnorm_barn`` item by item: ``riksnorm_barn[7_10]``) and computes its percentage change;
- takes the common rate as the **median** of those changes (robust: a few typos do not move it);
- calls an item consistent when ``|value - round_to_step(previous x (1 + common rate))| <= step``,
  where ``step`` is the rounding of the published values (10 kr). Rounding the previous value,
  the common rate estimated from rounded values, and the published rounding each move a value by
  less than one step, so one step is the tolerance;
- when the year before is not entered, compares with the latest earlier year entered, *n* years
  back, with a tolerance of *n* steps (each year is rounded anew); an item outside it is only
  reported as ``differs`` (check it by hand), not as an error: over several years the government
  may have changed items by different percentages (2015 -> 2019 children's amounts rose about 23 %,
  adults' about 5 %), so "one percentage for all" holds only from one year to the next;
- flags values that are not whole multiples of ``step``, items missing in either year, and
  published totals (a sum of items, from a data file) that differ from the sum of the entered items.

:func:`rules.engine.yearcheck_text.format_year_check` says in plain English what to fix and what is OK. Pure apart from reading
the parameter and totals files; no printing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, Literal

from rules.engine.parameters import Parameter, ParameterValue, load_parameter_dir
from rules.engine.totals import PublishedTotal, load_published_totals

__all__ = [
    "ItemChange",
    "PublishedTotal",
    "TotalCheck",
    "YearCheck",
    "check_year",
    "load_published_totals",
    "round_to",
]

Status = Literal["ok", "inconsistent", "differs", "not_whole_step", "missing_now", "missing_before"]
PROBLEMS: frozenset[Status] = frozenset({"inconsistent", "not_whole_step", "missing_now"})


@dataclass(frozen=True)
class ItemChange:
    """One item (``param`` or ``param[key]``) in year Y and the year compared with."""

    item: str
    previous: Decimal | None
    previous_year: int | None  # the year ``previous`` is from (None: no earlier value)
    current: Decimal | None
    change: Decimal | None  # fraction: 0.007 is +0.7 %
    expected: Decimal | None  # previous x (1 + common rate), rounded to the step
    status: Status


@dataclass(frozen=True)
class TotalCheck:
    """A published total against the sum of the entered items (``computed`` None: a term is missing)."""

    total: PublishedTotal
    computed: Decimal | None
    parts: tuple[tuple[str, Decimal], ...]
    missing_terms: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.computed is not None and self.computed == self.total.value


@dataclass(frozen=True)
class YearCheck:
    """The result of :func:`check_year`; ``ok`` when nothing needs fixing (verification aside)."""

    subject: str
    year: int
    entered: bool  # any value takes effect in ``year``
    compared_with: int | None
    common_rate: Decimal | None
    tolerance: Decimal
    step: Decimal
    items: tuple[ItemChange, ...]
    totals: tuple[TotalCheck, ...]
    unverified: tuple[str, ...]  # parameters whose value for ``year`` is not verified yet
    notes: tuple[str, ...]  # plain-English remarks (several values in one year, ...)

    @property
    def problems(self) -> tuple[ItemChange, ...]:
        return tuple(item for item in self.items if item.status in PROBLEMS)

    @property
    def ok(self) -> bool:
        return self.entered and not self.problems and all(t.ok for t in self.totals)

    @property
    def ready(self) -> bool:
        """Nothing to fix and every value verified: the year can be used in production."""
        return self.ok and not self.unverified


def round_to(amount: Decimal, step: Decimal) -> Decimal:
    """``amount`` rounded to a multiple of ``step``, halves up (3 182,12 -> 3 180 for step 10)."""
    return (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def value_in(parameter: Parameter, year: int) -> ParameterValue | None:
    """The first value that takes effect in ``year``, or None."""
    return next((e for e in parameter.entries if e.in_force_from.year == year), None)


def flatten(name: str, value: Any) -> dict[str, Decimal]:
    """Item id -> amount: a number is one item, a mapping one item per key; other values none."""
    if isinstance(value, Mapping):
        return {f"{name}[{key}]": Decimal(v) for key, v in value.items() if _is_number(v)}
    return {name: Decimal(value)} if _is_number(value) else {}


def _is_number(value: Any) -> bool:
    return isinstance(value, Decimal | int | float) and not isinstance(value, bool)


def _year_items(parameters: Mapping[str, Parameter], year: int, last: bool = False) -> dict[str, Decimal]:
    """The items of the first value taking effect in ``year`` (``last``: of the last one, the value in
    force at the end of the year, which is what the next year's change starts from)."""
    items: dict[str, Decimal] = {}
    for name, parameter in parameters.items():
        values = parameter.values_in_year(year)
        if values:
            items.update(flatten(name, values[-1 if last else 0].value))
    return items


def _latest_items(parameters: Mapping[str, Parameter], year: int) -> dict[str, tuple[int, Decimal]]:
    """Item -> (year, amount) of each parameter's latest value taking effect before ``year``."""
    found: dict[str, tuple[int, Decimal]] = {}
    for name, parameter in parameters.items():
        earlier = [e for e in parameter.entries if e.in_force_from.year < year]
        if earlier:
            last = earlier[-1]
            found.update({k: (last.in_force_from.year, v) for k, v in flatten(name, last.value).items()})
    return found


def _compare(
    now: dict[str, Decimal],
    before: dict[str, Decimal],
    base: int | None,
    older: dict[str, tuple[int, Decimal]],
    step: Decimal,
    gap: int,
) -> tuple[Decimal | None, list[ItemChange]]:
    """Each item of ``now`` against ``before`` (year ``base``); ``older`` names items missing in both."""
    tolerance = step * gap
    outside: Status = "inconsistent" if gap == 1 else "differs"
    changes = {k: (now[k] - before[k]) / before[k] for k in now if k in before and before[k] != 0}
    rate = median(list(changes.values())) if changes else None
    items = []
    for key in sorted({*now, *before, *older}):
        current, previous = now.get(key), before.get(key)
        if current is None:
            when, amount = (base, previous) if previous is not None else older[key]
            items.append(ItemChange(key, amount, when, None, None, None, "missing_now"))
            continue
        if previous is None:
            status: Status = "not_whole_step" if current % step else "missing_before"
            items.append(ItemChange(key, None, None, current, None, None, status))
            continue
        expected = round_to(previous * (1 + rate), step) if rate is not None else None
        if current % step:
            status = "not_whole_step"
        elif expected is None:
            status = "ok" if current == previous else outside
        else:
            status = "ok" if abs(current - expected) <= tolerance else outside
        items.append(ItemChange(key, previous, base, current, changes.get(key), expected, status))
    return rate, items


def _totals(totals: Iterable[PublishedTotal], year: int, now: dict[str, Decimal]) -> list[TotalCheck]:
    checks = []
    for total in totals:
        if total.year != year:
            continue
        missing = tuple(term for term in total.terms if term not in now)
        parts = tuple((term, now[term]) for term in total.terms if term in now)
        computed = None if missing else sum((amount for _, amount in parts), Decimal(0))
        checks.append(TotalCheck(total, computed, parts, missing))
    return checks


def check_year(
    parameters: Path | Mapping[str, Parameter],
    year: int,
    published_totals: Sequence[PublishedTotal] = (),
    *,
    subject: str = "yearly",
    step: Decimal = Decimal(10),
    names: Iterable[str] | None = None,
) -> YearCheck:
    """Check the values entered for ``year`` in the ``period: year`` parameters (a parameter folder, or
    the parameters already loaded, e.g. merged with a municipality's file; only ``names`` if given)
    against the latest earlier year entered and against ``published_totals``.

    ``subject`` names the table in the text ("riksnorm"); ``step`` is the rounding of its values.
    """
    loaded = load_parameter_dir(parameters) if isinstance(parameters, Path) else parameters
    wanted = set(names) if names is not None else None
    yearly = {n: p for n, p in loaded.items() if p.period == "year" and (wanted is None or n in wanted)}
    now = _year_items(yearly, year)
    earlier = [
        e.in_force_from.year for p in yearly.values() for e in p.entries if e.in_force_from.year < year
    ]
    base = max(earlier) if earlier else None
    gap = year - base if base is not None else 1
    tolerance = step * gap
    notes = []
    for name, parameter in yearly.items():
        count = sum(1 for e in parameter.entries if e.in_force_from.year == year)
        if count > 1:
            notes.append(
                f"{name} has {count} values taking effect in {year}; the first one is checked against the "
                "year before: check the later one(s) against the official text by hand."
            )
    unverified = tuple(
        sorted(n for n, p in yearly.items() if any(not e.verified for e in p.values_in_year(year)))
    )
    rate: Decimal | None = None
    items: list[ItemChange] = []
    if now:
        before = _year_items(yearly, base, last=True) if base else {}
        older = {k: v for k, v in _latest_items(yearly, year).items() if k not in now and k not in before}
        rate, items = _compare(now, before, base, older, step, gap)
    return YearCheck(
        subject=subject,
        year=year,
        entered=bool(now),
        compared_with=base,
        common_rate=rate,
        tolerance=tolerance,
        step=step,
        items=tuple(items),
        totals=tuple(_totals(published_totals, year, now)),
        unverified=unverified,
        notes=tuple(notes),
    )
