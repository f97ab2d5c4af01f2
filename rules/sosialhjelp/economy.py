"""Expenses outside the rates (actual declared costs) and incomes (net, deducted from the need).

The guidance rates exclude housing, electricity/heating and home insurance: those are taken as
declared (the caseworker judges whether they are reasonable). Any other expense (childcare,
mortgage instalments, "other") goes to a caseworker and is not counted. Incomes are deducted
net, each line saying where it comes from (the applicant, or system data in the soknad); when the
same money is both in the system data and written by the applicant (bostøtte), the system data's
figure counts and a difference over the municipality's threshold goes to a caseworker. Barnetrygd is
counted only while ``barnetrygd_regnes_som_inntekt`` is true (before 2022-09-01). Unknown types and
missing or negative amounts go to a caseworker; for a missing amount the applicant is asked for a
document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rules.engine import AmountSource, MissingParameter, Rule, TypeEntry
from rules.engine.checks import compare_register
from rules.engine.money import format_kr
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.evaluation import Evaluation
from rules.sosialhjelp.inputs import Expense, Income
from rules.sosialhjelp.loading import IncomeType

EXPENSE_RULES = {"bolig": r.BOLIG, "strom_oppvarming": r.STROM, "hjemforsikring": r.HJEMFORSIKRING}
EXPENSE_NONE = {
    "bolig": "Ingen boutgifter oppgitt.",
    "strom_oppvarming": "Ingen utgifter til strøm eller oppvarming oppgitt.",
    "hjemforsikring": "Ingen hjemforsikring oppgitt.",
}
OUTSIDE_RATES = "faktisk utgift, ikke med i de veiledende satsene"


def _shown(label: str, description: str) -> str:
    """``label`` plus the applicant's own words when they add something (at most 80 characters)."""
    text = description.strip()
    if not text or text == label:
        return label
    return f"{label} «{text[:77] + '...' if len(text) > 80 else text}»"


Item = Expense | Income
INCOME_DOCUMENTS = {"jobb": "dokumentasjon_lonn"}  # else dokumentasjon_inntekt
EXPENSE_DOCUMENTS = {"husleie": "husleiekontrakt", "strom": "faktura_strom"}  # else dokumentasjon_utgift


@dataclass(frozen=True)
class Screen:
    """How one list (expenses or incomes) words its screening: unknown type, missing amount."""

    unknown: Rule
    missing: Rule
    what: str  # "Utgiftstypen" / "Inntektstypen"
    assess: str  # "utgiften" / "inntekten"
    amount: str  # "beløpet" / "nettobeløpet"
    documents: dict[str, str]
    document: str  # the completion code for any other type


EXPENSES = Screen(
    r.UTGIFT_UKJENT,
    r.UTGIFT_MANGLER,
    "Utgiftstypen",
    "utgiften",
    "beløpet",
    EXPENSE_DOCUMENTS,
    "dokumentasjon_utgift",
)
INCOMES = Screen(
    r.INNTEKT_UKJENT,
    r.INNTEKT_MANGLER,
    "Inntektstypen",
    "inntekten",
    "nettobeløpet",
    INCOME_DOCUMENTS,
    "dokumentasjon_inntekt",
)


def _screen(ev: Evaluation, item: Item, entry: TypeEntry | None, screen: Screen) -> Decimal | None:
    """The item's amount when its type is known and its amount stated; else the reason (and, for a
    missing amount, the document the applicant can supply) and None."""
    inputs = {"type": item.type, "beløp": item.amount}
    if entry is None:
        text = f"{screen.what} «{item.type}» er ukjent for reglene; saksbehandler vurderer {screen.assess}."
        ev.manual(screen.unknown, text, inputs)
        return None
    if item.amount is None or item.amount < 0:
        shown = _shown(entry.label, item.description)
        code = screen.documents.get(item.type, screen.document)
        asked = ev.request(ev.params.completion[code], screen.missing, shown) if item.amount is None else None
        ev.manual(
            screen.missing, f"{shown}: {screen.amount} mangler eller er negativt.", inputs, completion=asked
        )
        return None
    return item.amount


def evaluate_expenses(ev: Evaluation) -> Decimal:
    """Add the accepted expense lines (each from the application); return their sum."""
    total = Decimal(0)
    used: set[str] = set()
    assessed = False
    for item in ev.case.expenses:
        etype = ev.params.expense_types.get(item.type)
        amount = _screen(ev, item, etype, EXPENSES)
        if etype is None or amount is None:
            continue
        inputs = {"type": item.type, "beløp": amount}
        if etype.action == "manual":
            assessed = True
            text = f"{_shown(etype.label, item.description)} {format_kr(amount)} må vurderes av saksbehandler og er ikke regnet med."
            ev.manual(r.UTGIFT_VURDERING, text, inputs)
            continue
        assert etype.rule is not None  # the loader requires a rule for accepted types
        rule = EXPENSE_RULES[etype.rule]
        used.add(etype.rule)
        if amount == 0:
            ev.note(rule, False, f"{etype.label}: 0 kr.", inputs=inputs)
            continue
        source = ev.source(declared=amount)
        text = f"{etype.label}: {format_kr(amount)} ({OUTSIDE_RATES}; {source.text})."
        total += ev.count(rule, text, ("utgift", item.type, etype.label), amount, (), inputs, source)
    for key, rule in EXPENSE_RULES.items():
        if key not in used:
            ev.note(rule, False, EXPENSE_NONE[key])
    if not assessed:
        ev.note(r.UTGIFT_VURDERING, False, "Ingen andre utgifter som må vurderes.")
    return total


def evaluate_incomes(ev: Evaluation) -> Decimal:
    """Add the deducted income lines (each with its source); return their sum."""
    valid: list[tuple[Income, IncomeType, Decimal]] = []
    for item in ev.case.incomes:
        itype = ev.params.income_types.get(item.type)
        amount = _screen(ev, item, itype, INCOMES)
        if itype is not None and amount is not None:
            valid.append((item, itype, amount))
    declared = _same_money(ev, valid)
    total = Decimal(0)
    conditional = False
    for item, itype, amount in valid:
        if id(item) in declared.skip:
            continue
        inputs = {"type": item.type, "beløp": amount}
        if itype.action == "manual":
            text = f"{_shown(itype.label, item.description)} {format_kr(amount)} vurderes av saksbehandler og er ikke trukket fra."
            ev.manual(r.INNTEKT_VURDERING, text, inputs, legal=itype.legal_reference)
            continue
        if itype.counted_if:
            conditional = True
            try:
                flag = ev.param(itype.counted_if)
            except MissingParameter as error:
                ev.missing(error)
                continue
            if not flag.value:
                text = (
                    f"{itype.label} {format_kr(amount)} regnes ikke som inntekt "
                    f"(gjelder fra {flag.in_force_from.isoformat()})."
                )
                ev.note(r.BARNETRYGD, True, text, (flag,), inputs, Decimal(0))
                continue
            text = f"{itype.label} regnes som inntekt i {ev.case.month} (endringen gjelder fra 2022-09-01)."
            ev.note(r.BARNETRYGD, False, text, (flag,), inputs)
        source = _source(ev, item, declared.figures.get(id(item)))
        text = f"{itype.label}: {format_kr(amount)} trekkes fra ({source.text})."
        total += ev.count(r.TREKK, text, ("inntekt", item.type, itype.label), amount, (), inputs, source)
    if not conditional:
        ev.note(r.BARNETRYGD, False, "Ingen barnetrygd oppgitt.")
    if not ev.case.incomes:
        ev.note(r.TREKK, False, "Ingen inntekter oppgitt.")
    return total


def _source(ev: Evaluation, item: Income, declared: Decimal | None) -> AmountSource:
    if item.origin == "register":
        return ev.source(item.agency or "NAV", item.agency or "NAV", "", declared, item.amount)
    return ev.source(declared=item.amount)


@dataclass
class SameMoney:
    """Incomes that are the same money: the applicant's row to leave out (its figure kept on the
    register row's source), by the row's id."""

    skip: set[int] = field(default_factory=set)
    figures: dict[int, Decimal] = field(default_factory=dict)


def _same_money(ev: Evaluation, valid: list[tuple[Income, IncomeType, Decimal]]) -> SameMoney:
    """A group (bostøtte from the applicant and from Husbanken) with one register row and one of the
    applicant's: the register's figure counts, the difference is checked against the municipality's
    threshold. Any other group with more than one row goes to a caseworker (the same money twice?)."""
    found = SameMoney()
    groups: dict[str, list[tuple[Income, IncomeType, Decimal]]] = {}
    for row in valid:
        if row[1].group:
            groups.setdefault(str(row[1].group), []).append(row)
    for rows in groups.values():
        if len(rows) < 2:
            continue
        origins = sorted(row[0].origin for row in rows)
        if origins == ["applicant", "register"]:
            applicant = next(row for row in rows if row[0].origin == "applicant")
            register = next(row for row in rows if row[0].origin == "register")
            found.skip.add(id(applicant[0]))
            found.figures[id(register[0])] = applicant[2]
            what = f"{register[1].label} ({applicant[1].label} {format_kr(applicant[2])})"
            inputs = {"group": register[1].group}
            compare_register(
                ev, r.INNTEKT_AVVIK, "inntekt_avvik_terskel", applicant[2], register[2], what, inputs
            )
            continue
        listed = " og ".join(dict.fromkeys(row[1].label for row in rows))
        ev.manual(
            r.INNTEKT_DOBBEL, f"{listed} kan være samme inntekt oppgitt to ganger; saksbehandler avstemmer."
        )
    return found
