"""Shared household costs: the table by household size (over seven), and a shared household's split.

The shared costs are those of the whole household (everyone living in the home). When other
adults live there (not sambo or spouse, so not covered by the application), the family gets
(family members / household size) x the shared costs, rounded to whole öre, half an öre up;
the other adults count only in the size (riksnorm.md; Socialstyrelsen's example 1 710 / 5).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from rules.engine.money import format_kr, round_ore
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.inputs import Member


def persons(n: int) -> str:
    """``1 person`` / ``3 personer``."""
    return f"{n} person" if n == 1 else f"{n} personer"


def who(member: Member) -> str:
    """A caseworker-facing name for a member."""
    return {"applicant": "sökande", "co_applicant": "medsökande"}.get(member.id, member.id)


def shared_costs(ev: Evaluation, size: int) -> Decimal:
    """Shared household costs for ``size`` members, with the rule for more than seven."""
    name = "riksnorm_gemensamma_kostnader"
    if size <= 7:
        table, amount = ev.param_item(name, str(size), persons(size))
        ev.note(r.OVER_SJU, False, f"Hushållet har {persons(size)} (högst 7): tabellbeloppet används.")
        return Decimal(amount)
    table, seven = ev.param_item(name, "7", persons(7))
    table, six = ev.param_item(name, "6", persons(6))
    total = seven + (size - 7) * (seven - six)
    ev.note(
        r.OVER_SJU,
        True,
        f"{size} personer: {format_kr(seven)} + {size - 7} × ({format_kr(seven)} − "
        f"{format_kr(six)}) = {format_kr(total)}.",
        (table,),
        {"size": size},
        total,
    )
    return Decimal(total)


def names(members: list[Member]) -> str:
    """``Moa``, ``Moa och Lo``, ``Moa, Lo och Kim``."""
    listed = [who(m) for m in members]
    return listed[0] if len(listed) == 1 else ", ".join(listed[:-1]) + " och " + listed[-1]


def family_share(total: Decimal, family: int, size: int) -> Decimal:
    """The family's share of the shared costs: ``total`` x family / size, to whole öre, half up."""
    return round_ore(total * family / size)


def _truncated(amount: Decimal) -> str:
    """``1 708,333`` for 1708.3333…: three decimals cut (not rounded), Swedish separators."""
    whole, frac = f"{amount.quantize(Decimal('0.001'), rounding=ROUND_DOWN):,.3f}".split(".")
    return f"{whole.replace(',', ' ')},{frac}"


def evaluate_shared(ev: Evaluation, size: int, others: list[Member]) -> Decimal:
    """Add the shared-costs line for a household of ``size`` of whom ``others`` are not covered."""
    if size == 0:
        return Decimal(0)
    total = shared_costs(ev, size)
    table = ev.param("riksnorm_gemensamma_kostnader")
    if not others:
        ev.note(r.DELAT_HUSHALL, False, "Ingen annan vuxen bor i hushållet: hela beloppet räknas.")
        ev.note(r.GEMENSAMMA, True, f"{persons(size)}: {format_kr(total)}.", (table,), {"size": size}, total)
        ev.add_line(
            "norm",
            "riksnorm",
            f"Riksnorm, gemensamma hushållskostnader ({persons(size)})",
            total,
            r.GEMENSAMMA,
        )
        return total
    family = size - len(others)
    share = family_share(total, family, size)
    exact = total * family / size
    computation = (
        f"Gemensamma hushållskostnader för {size} personer {format_kr(total)}, sökandens familj "
        f"{family} av {size}: {format_kr(total)} × {family}/{size} = {format_kr(share)}"
    )
    if share == exact:
        computation += "."
        rounding = " Andelen avrundas till hela öre (halvt öre uppåt); här går den jämnt ut."
    else:
        computation += f" ({_truncated(exact)}… kr avrundat till hela öre, halvt öre uppåt)."
        rounding = ""
    inputs = {"size": size, "family": family, "others": [m.id for m in others]}
    text = (
        f"Delat hushåll: {names(others)} omfattas inte av ansökan och räknas bara i hushållets "
        f"storlek ({persons(size)}) för fördelningen av de gemensamma kostnaderna, aldrig med egna "
        f"personliga kostnader. {computation}{rounding}"
    )
    ev.note(r.DELAT_HUSHALL, True, text, (table,), inputs, share)
    ev.note(r.GEMENSAMMA, True, computation, (table,), inputs, share)
    label = f"Riksnorm, gemensamma hushållskostnader, sökandens familjs andel ({family} av {size} personer)"
    ev.add_line("norm", "riksnorm", label, share, r.GEMENSAMMA)
    return share
