"""The household and its riksnorm: who counts, in which age band, and the shared household costs.

Choices (stated in the trace): age is counted on the first day of the month applied for; a
person not living at home is not part of the household; 19-20-year-olds count as school youth
only in upper-secondary school, otherwise (and from 21) as adults sharing the household.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rules.engine.money import format_kr, round_ore
from rules.engine.parameters import MissingParameter
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.inputs import Member

BAND_LABELS = {
    "under_1": "under 1 år",
    "1_2": "1–2 år",
    "3": "3 år",
    "4_6": "4–6 år",
    "7_10": "7–10 år",
    "11_14": "11–14 år",
    "15_18": "15–18 år",
    "19_20": "19–20 år",
}
LUNCH_BANDS = frozenset({"under_1", "1_2", "3", "4_6"})


@dataclass
class Household:
    """The household as the norm and the housing cap see it."""

    size: int = 0
    adults: int = 0
    children: int = 0
    members: list[Member] = field(default_factory=list)  # counted members, input order
    norm_total: Decimal = Decimal(0)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Whole years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def band_for(age: int) -> str:
    """The riksnorm age band for a child of ``age`` (0-20)."""
    if age < 1:
        return "under_1"
    if age <= 2:
        return "1_2"
    if age == 3:
        return "3"
    if age <= 6:
        return "4_6"
    if age <= 10:
        return "7_10"
    if age <= 14:
        return "11_14"
    return "15_18" if age <= 18 else "19_20"


def persons(n: int) -> str:
    """``1 person`` / ``3 personer``."""
    return f"{n} person" if n == 1 else f"{n} personer"


def who(member: Member) -> str:
    """A caseworker-facing name for a member."""
    return {"applicant": "sökande", "co_applicant": "medsökande"}.get(member.id, member.id)


def shared_costs(ev: Evaluation, size: int) -> Decimal:
    """Shared household costs for ``size`` members, with the rule for more than seven."""
    table = ev.param("riksnorm_gemensamma_kostnader")
    amounts = table.value
    if size <= 7:
        ev.note(r.OVER_SJU, False, f"Hushållet har {persons(size)} (högst 7): tabellbeloppet används.")
        return Decimal(amounts[str(size)])
    step = amounts["7"] - amounts["6"]
    total = amounts["7"] + (size - 7) * step
    ev.note(
        r.OVER_SJU,
        True,
        f"{size} personer: {format_kr(amounts['7'])} + {size - 7} × ({format_kr(amounts['7'])} − "
        f"{format_kr(amounts['6'])}) = {format_kr(total)}.",
        (table,),
        {"size": size},
        total,
    )
    return Decimal(total)


def _classify(ev: Evaluation) -> tuple[list[Member], list[Member], list[tuple[Member, str]], list[Member]]:
    """Split counted members into applicants, co-applicants, children (with band) and other adults."""
    applicants: list[Member] = []
    co_applicants: list[Member] = []
    children: list[tuple[Member, str]] = []
    others: list[Member] = []
    day = ev.month_start
    for m in ev.case.members:
        age = age_on(m.birth_date, day)
        if age < 0:
            ev.manual(
                r.HUSHALL_OGILTIG, f"Födelsedatum för {who(m)} ({m.birth_date}) är efter {ev.case.month}."
            )
            continue
        if m.role in ("applicant", "co_applicant"):
            if not m.living_at_home:
                ev.manual(r.HUSHALL_OGILTIG, f"{who(m).capitalize()} anges inte bo i hushållet.")
            (applicants if m.role == "applicant" else co_applicants).append(m)
            continue
        if not m.living_at_home:
            ev.note(
                r.HUSHALL_UTANFOR,
                True,
                f"{who(m)} bor inte i hushållet och räknas inte.",
                inputs={"id": m.id},
            )
            continue
        if m.role == "other_adult":
            others.append(m)
        elif age <= 18 or (age <= 20 and m.in_upper_secondary_school):
            if age >= 19:
                ev.note(r.UNGDOM_19_20, True, f"{who(m)} är {age} år och går i gymnasieskola: skolungdom.")
            children.append((m, band_for(age)))
        elif age <= 20:
            ev.note(
                r.UNGDOM_19_20, True, f"{who(m)} är {age} år och går inte i gymnasieskola: räknas som vuxen."
            )
            others.append(m)
        else:
            ev.note(r.VUXEN_UTAN_BARNNORM, True, f"{who(m)} är {age} år och räknas som vuxen i hushållet.")
            others.append(m)
    return applicants, co_applicants, children, others


def evaluate_household(ev: Evaluation) -> Household:
    """Count the household and add its riksnorm lines. Missing amounts make the figures incomplete."""
    ev.note(
        r.ALDER,
        True,
        f"Åldern räknas per {ev.month_start.isoformat()}, den första dagen i ansökningsmånaden.",
        inputs={"dag": ev.month_start},
    )
    applicants, co_applicants, children, others = _classify(ev)
    if len(applicants) != 1:
        ev.incomplete = True
        ev.manual(r.HUSHALL_OGILTIG, f"Ansökan har {len(applicants)} sökande; exakt en sökande krävs.")
    if len(co_applicants) > 1:
        ev.manual(r.HUSHALL_OGILTIG, f"Ansökan har {len(co_applicants)} medsökande; högst en är möjlig.")
    hh = Household()
    hh.members = [*applicants, *co_applicants, *(m for m, _ in children), *others]
    hh.size = len(hh.members)
    hh.adults = len(applicants) + len(co_applicants) + len(others)
    hh.children = len(children)
    total = Decimal(0)
    try:
        total += _adults(ev, applicants, co_applicants)
    except MissingParameter as error:
        ev.missing(error)
    for member, band in children:
        try:
            total += _child(ev, member, band)
        except MissingParameter as error:
            ev.missing(error)
    try:
        total += _shared(ev, hh.size, others)
    except MissingParameter as error:
        ev.missing(error)
    hh.norm_total = total
    return hh


def _adults(ev: Evaluation, applicants: list[Member], co_applicants: list[Member]) -> Decimal:
    if not applicants and not co_applicants:
        return Decimal(0)
    if co_applicants:
        if ev.case.cohabitation is None:
            ev.manual(
                r.HUSHALL_OGILTIG, "Medsökande finns men det framgår inte om paret är sambor eller gifta."
            )
        norm = ev.param("riksnorm_sambor")
        text = f"Sambor/makar: {format_kr(norm.value)} för båda tillsammans."
        ev.note(r.SAMBOR, True, text, (norm,), {"cohabitation": ev.case.cohabitation}, norm.value)
        ev.note(r.ENSAMSTAENDE, False, "Sökanden har medsökande: beloppet för sambor används i stället.")
        ev.add_line(
            "norm", "riksnorm", "Riksnorm, sambor/makar (sökande och medsökande)", norm.value, r.SAMBOR
        )
        return Decimal(norm.value)
    norm = ev.param("riksnorm_ensamstaende")
    ev.note(r.SAMBOR, False, "Ingen medsökande.")
    ev.note(r.ENSAMSTAENDE, True, f"Ensamstående vuxen: {format_kr(norm.value)}.", (norm,), None, norm.value)
    ev.add_line("norm", "riksnorm", "Riksnorm, ensamstående vuxen (sökande)", norm.value, r.ENSAMSTAENDE)
    return Decimal(norm.value)


def _child(ev: Evaluation, member: Member, band: str) -> Decimal:
    label = BAND_LABELS[band]
    if band in LUNCH_BANDS and member.lunch_at_preschool:
        norm = ev.param("riksnorm_barn_utan_lunch")
        amount = norm.value[band]
        text = f"{who(member)}, {label}, äter lunch i förskolan: lägre belopp {format_kr(amount)}."
        ev.note(r.BARN_LUNCH, True, text, (norm,), {"id": member.id, "band": band}, amount)
        ev.add_line(
            "norm",
            "riksnorm",
            f"Riksnorm, barn {label}, lunch i förskolan ({who(member)})",
            amount,
            r.BARN_LUNCH,
        )
        return Decimal(amount)
    norm = ev.param("riksnorm_barn")
    amount = norm.value[band]
    if band in LUNCH_BANDS:
        ev.note(
            r.BARN_LUNCH, False, f"{who(member)} äter lunch hemma: fullt belopp.", inputs={"id": member.id}
        )
    ev.note(
        r.BARN,
        True,
        f"{who(member)}, {label}: {format_kr(amount)}.",
        (norm,),
        {"id": member.id, "band": band},
        amount,
    )
    ev.add_line("norm", "riksnorm", f"Riksnorm, barn {label} ({who(member)})", amount, r.BARN)
    return Decimal(amount)


def _shared(ev: Evaluation, size: int, others: list[Member]) -> Decimal:
    if size == 0:
        return Decimal(0)
    total = shared_costs(ev, size)
    table = ev.param("riksnorm_gemensamma_kostnader")
    if not others:
        ev.note(r.ANNAN_VUXEN, False, "Ingen annan vuxen delar hushållet.")
        ev.note(r.GEMENSAMMA, True, f"{persons(size)}: {format_kr(total)}.", (table,), {"size": size}, total)
        ev.add_line(
            "norm",
            "riksnorm",
            f"Riksnorm, gemensamma hushållskostnader ({persons(size)})",
            total,
            r.GEMENSAMMA,
        )
        return total
    single = ev.param("riksnorm_ensamstaende")
    share = round_ore(total / size)
    result = Decimal(0)
    for m in others:
        amount = single.value + share
        text = (
            f"{who(m)}: {format_kr(single.value)} + {format_kr(total)} / {size} = {format_kr(amount)} "
            "(ensamstående vuxen plus sin andel av de gemensamma kostnaderna)."
        )
        ev.note(r.ANNAN_VUXEN, True, text, (single, table), {"id": m.id, "size": size}, amount)
        ev.add_line(
            "norm", "riksnorm", f"Riksnorm, vuxen i gemensamt hushåll ({who(m)})", amount, r.ANNAN_VUXEN
        )
        result += amount
    rest = total - share * len(others)
    family = size - len(others)
    text = (
        f"{size} personer: {format_kr(total)}, varav {family}/{size} för sökandens familj "
        f"= {format_kr(rest)}."
    )
    ev.note(r.GEMENSAMMA, True, text, (table,), {"size": size, "others": len(others)}, rest)
    label = f"Riksnorm, gemensamma hushållskostnader ({size} personer, familjens andel {family}/{size})"
    ev.add_line("norm", "riksnorm", label, rest, r.GEMENSAMMA)
    return result + rest
