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

from dataclasses import dataclass, field
from decimal import Decimal

from rules.engine.bands import AgeBand, age_on
from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.inputs import Member
from rules.forsorjningsstod.shared import evaluate_shared, who

LUNCH_AGE = 6  # the lower amount for lunch at preschool exists for the bands of ages 0-6
YOUTH_AGE = 18  # from 19, a child counts as school youth only in upper-secondary school (to 20)
SCHOOL_YOUTH_AGE = 20


def band_label(band: AgeBand) -> str:
    """``under 1 år``, ``3 år``, ``1–2 år``: the band as the riksnorm tables name it."""
    if band.last == 0:
        return "under 1 år"
    return f"{band.label} år"


@dataclass
class Household:
    """The household as the norm and the housing cap see it."""

    size: int = 0  # everyone living in the home: the family and other adults
    adults: int = 0  # the family's adults: applicant and co-applicant
    children: int = 0  # the family's children and school youth
    others: list[Member] = field(default_factory=list)  # other adults, counted only in ``size``
    norm_total: Decimal = Decimal(0)


def _classify(ev: Evaluation) -> tuple[list[Member], list[Member], list[tuple[Member, int]], list[Member]]:
    """Split counted members into applicants, co-applicants, children (with age) and other adults."""
    applicants: list[Member] = []
    co_applicants: list[Member] = []
    children: list[tuple[Member, int]] = []
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
        elif age <= YOUTH_AGE or (age <= SCHOOL_YOUTH_AGE and m.in_upper_secondary_school):
            if age > YOUTH_AGE:
                ev.note(r.UNGDOM_19_20, True, f"{who(m)} är {age} år och går i gymnasieskola: skolungdom.")
            children.append((m, age))
        elif age <= SCHOOL_YOUTH_AGE:
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
    ev.note_age_day(r.ALDER)
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
    for member, age in children:
        try:
            total += _child(ev, member, age)
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
            asked = ev.request(ev.params.completion["sambo_eller_gift"], r.HUSHALL_OGILTIG)
            text = "Medsökande finns men det framgår inte om paret är sambor eller gifta."
            ev.manual(r.HUSHALL_OGILTIG, text, completion=asked)
        norm = ev.param("riksnorm_sambor")
        ev.note(r.ENSAMSTAENDE, False, "Sökanden har medsökande: beloppet för sambor används i stället.")
        text = f"Sambor/makar: {format_kr(norm.value)} för båda tillsammans."
        row = ("norm", "riksnorm", "Riksnorm, sambor/makar (sökande och medsökande)")
        return ev.count(r.SAMBOR, text, row, norm.value, (norm,), {"cohabitation": ev.case.cohabitation})
    norm = ev.param("riksnorm_ensamstaende")
    ev.note(r.SAMBOR, False, "Ingen medsökande.")
    row = ("norm", "riksnorm", "Riksnorm, ensamstående vuxen (sökande)")
    return ev.count(r.ENSAMSTAENDE, f"Ensamstående vuxen: {format_kr(norm.value)}.", row, norm.value, (norm,))


def _child(ev: Evaluation, member: Member, age: int) -> Decimal:
    bands, band = ev.band("riksnorm_aldersgrupper", age)
    if band is None:
        ev.incomplete = True
        ev.manual(r.BARN, f"{who(member)} är {age} år, en ålder som ingen åldersgrupp i riksnormen omfattar.")
        return Decimal(0)
    label = band_label(band)
    item = f"barn {label}"
    inputs = {"id": member.id, "band": band.key}
    if band.last <= LUNCH_AGE and member.lunch_at_preschool:
        norm, amount = ev.param_item("riksnorm_barn_utan_lunch", band.key, item)
        text = f"{who(member)}, {label}, äter lunch i förskolan: lägre belopp {format_kr(amount)}."
        row = ("norm", "riksnorm", f"Riksnorm, barn {label}, lunch i förskolan ({who(member)})")
        return ev.count(r.BARN_LUNCH, text, row, amount, (norm, bands), inputs)
    norm, amount = ev.param_item("riksnorm_barn", band.key, item)
    if band.last <= LUNCH_AGE:
        ev.note(
            r.BARN_LUNCH, False, f"{who(member)} äter lunch hemma: fullt belopp.", inputs={"id": member.id}
        )
    row = ("norm", "riksnorm", f"Riksnorm, barn {label} ({who(member)})")
    return ev.count(
        r.BARN, f"{who(member)}, {label}: {format_kr(amount)}.", row, amount, (norm, bands), inputs
    )
