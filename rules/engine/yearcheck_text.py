"""Plain-English text of a year check for IT staff: what to fix, what still to do, what is OK.

:func:`format_year_check` is what ``parameters check YEAR`` prints; every line is a sentence that
names the item and says what to do.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.money import format_kr
from rules.engine.yearcheck import ItemChange, PublishedTotal, TotalCheck, YearCheck


def percent(change: Decimal) -> str:
    """``+0.70 %``."""
    return f"{change * 100:+.2f} %"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _source(total: PublishedTotal) -> str:
    kind = "derived from the verified table" if total.derived else "published"
    return f"{kind}; source: {total.source}"


def _not_entered(check: YearCheck) -> list[str]:
    if not check.totals:
        return [
            f"No {check.subject} values for {check.year} are entered yet, and no published totals for "
            f"{check.year} are on file to check them against."
        ]
    amounts = _and([format_kr(t.total.value) for t in check.totals])
    lines = [
        f"No {check.subject} values for {check.year} are entered yet; when you enter them, the totals "
        f"will be checked against {amounts}."
    ]
    lines += [f"  {format_kr(t.total.value)}: {t.total.label} ({_source(t.total)})." for t in check.totals]
    return lines


def _item_problem(check: YearCheck, item: ItemChange) -> str:
    before = check.compared_with
    if item.status == "missing_now":
        return (
            f"{item.item}: no value for {check.year} ({item.previous_year}: {format_kr(item.previous or 0)}). "
            "Enter it from the official text."
        )
    if item.status == "not_whole_step":
        return (
            f"{item.item}: {format_kr(item.current or 0)} is not a whole multiple of {format_kr(check.step)}, "
            f"as every {check.subject} amount is. Check it against the official text."
        )
    change = (
        f" is {percent(item.change)} on {before} ({format_kr(item.previous or 0)})"
        if item.change is not None
        else ""
    )
    expected = (
        f"; with the common change it should be about {format_kr(item.expected)}"
        if item.expected is not None
        else ""
    )
    return (
        f"{item.item}: {format_kr(item.current or 0)} for {check.year}{change}{expected}. Check it "
        "against the official text (a digit too many or too few, two digits swapped, last year's value left?)."
    )


def _sum(check: TotalCheck) -> str:
    return " + ".join(format_kr(amount) for _, amount in check.parts) + f" = {format_kr(check.computed or 0)}"


def _total_problem(check: TotalCheck, year: int) -> str:
    total = check.total
    if check.computed is None:
        missing = _and(list(check.missing_terms))
        verb, pronoun = ("has", "it") if len(check.missing_terms) == 1 else ("have", "them")
        return (
            f"The {total.label} total ({format_kr(total.value)}) cannot be checked: {missing} {verb} no value "
            f"for {year}. Enter {pronoun}."
        )
    return (
        f"The {total.label} total: the entered items give {_sum(check)}, but the total is "
        f"{format_kr(total.value)} ({_source(total)}). One of {_and(list(total.terms))} is wrong."
    )


def _hand_checks(check: YearCheck) -> list[str]:
    base = check.compared_with
    new = [item for item in check.items if item.status == "missing_before"]
    if base is None:
        return (
            [f"There is no earlier year: check all {len(new)} items against the official text by hand."]
            if new
            else []
        )
    todo = [
        f"{item.item}: {format_kr(item.current or 0)} has no {base} value to compare with; check it "
        "against the official text by hand."
        for item in new
    ]
    todo += [
        f"{item.item}: {format_kr(item.current or 0)} is {percent(item.change or Decimal(0))} on {base} "
        f"({format_kr(item.previous or 0)}), about {format_kr(item.expected or 0)} expected with the common "
        "change. Over several years items may change differently: check it against the official text."
        for item in check.items
        if item.status == "differs"
    ]
    return todo


def format_year_check(check: YearCheck) -> str:
    """The text for ``check``."""
    if not check.entered:
        return "\n".join(_not_entered(check))
    subject = check.subject[:1].upper() + check.subject[1:]
    lines = [f"{subject} for {check.year}: {len(check.items)} items checked."]
    base = check.compared_with
    if base is None:
        lines.append(
            "There is no earlier year to compare with; only the rounding and the totals are checked."
        )
    elif check.common_rate is None:
        lines.append(f"No item of {check.year} has a value in {base} to compare with.")
    elif check.common_rate is not None:
        gap = check.year - base
        if gap > 1:
            lines.append(
                f"No values are entered for the {gap - 1} year(s) between {base} and {check.year}, so "
                f"{check.year} is compared with {base}: the common change covers {gap} years, the "
                f"tolerance is {format_kr(check.tolerance)} (one rounding step per year), and an item outside "
                "it is only a hint to check by hand (items need not move together over several years). "
                f"Entering {check.year - 1} first gives a stricter check."
            )
        lines.append(
            f"Common change from {base}: {percent(check.common_rate)} (the median of the items' changes). "
            f"An item is consistent when it equals its {base} value x {1 + check.common_rate:.4f} rounded "
            f"to whole {format_kr(check.step)}, within ±{format_kr(check.tolerance)}."
        )
    fix = [_item_problem(check, item) for item in check.problems]
    fix += [_total_problem(t, check.year) for t in check.totals if not t.ok]
    hand = _hand_checks(check)
    todo = []
    if check.unverified:
        todo.append(
            f"The {check.year} values of {_and(list(check.unverified))} are not verified: production refuses "
            "them. Once you have read every value against the official text (the SFS, the rundskriv), record "
            f'it with `python run_robot.py parameters verify {check.year} --source "..." --by "your name"` '
            "(it writes into the municipality's own file; add --process NAME for another process than the first)."
        )
    todo += list(check.notes)
    consistent = sum(1 for item in check.items if item.status == "ok")
    ok = (
        [f"{consistent} of {len(check.items)} items are consistent with the common change."]
        if consistent
        else []
    )
    ok += [f"The {t.total.label} total: {_sum(t)}, as {_source(t.total)}." for t in check.totals if t.ok]
    if not check.totals:
        ok.append(f"(No published totals for {check.year} are on file; add them with their source.)")
    sections = ((f"To fix ({len(fix)}):", fix), ("Check by hand:", hand), ("Still to do:", todo), ("OK:", ok))
    for heading, entries in sections:
        if entries:
            lines.append(heading)
            lines.extend(f"  - {entry}" for entry in entries)
    if fix:
        lines.append(f"Result: {len(fix)} thing(s) to fix; correct them and run the check again.")
    elif check.unverified:
        lines.append(
            f"Result: nothing to fix; once every value is checked against the official text, `parameters "
            f"verify {check.year}` records it (with --process NAME for another process than the first)."
        )
    else:
        hint = " (see 'Check by hand' for what the comparison cannot settle)" if hand else ""
        lines.append(f"Result: nothing to fix, and every {check.year} value is marked verified{hint}.")
    return "\n".join(lines)
