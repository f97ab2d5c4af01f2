"""The household and its riksnorm: who counts, in which age band (shared costs: ``shared.py``).

Choices (stated in the trace): age is counted on the first day of the month applied for; a
person not living at home is not part of the household; 19-20-year-olds count as school youth
only in upper-secondary school, otherwise (and from 21) as adults sharing the household.

An application covers the applicant's family: the applicant, the co-applicant and the children
they support. Another adult living in the home (a lodger, a sibling, an adult child of 21 or
more, a 19-20-year-old not in upper-secondary school) counts only in the household size used to
split the shared costs; their personal costs are never part of the need (they apply on their
own). The family's norm is its personal costs plus (family members / household size) x the
shared costs for the whole household, the share rounded to whole öre, half an öre up, as in
Socialstyrelsen's example (single adult in a household of five, 2014: 2 950 + 1 710 / 5 = 3 292).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.inputs import Member
from rules.forsorjningsstod.shared import evaluate_shared, who

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

    size: int = 0  # everyone living in the home: the family and other adults
    adults: int = 0  # the family's adults: applicant and co-applicant
    children: int = 0  # the family's children and school youth
    others: list[Member] = field(default_factory=list)  # other adults, counted only in ``size``
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
                r.UNGDOM_19_20,
                True,
                f"{who(m)} är {age} år och går inte i gymnasieskola: räknas som vuxen som inte omfattas "
                "av ansökan.",
            )
            others.append(m)
        else:
            ev.note(
                r.VUXEN_UTAN_BARNNORM,
                True,
                f"{who(m)} är {age} år och räknas som vuxen som inte omfattas av ansökan.",
            )
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
    hh.size = len(applicants) + len(co_applicants) + len(children) + len(others)
    hh.adults = len(applicants) + len(co_applicants)
    hh.children = len(children)
    hh.others = others
    ev.outside = frozenset(m.id for m in others)
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
        total += evaluate_shared(ev, hh.size, hh.others)
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
