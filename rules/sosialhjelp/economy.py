"""Expenses outside the rates (actual declared costs) and incomes (net, deducted from the need).

The guidance rates exclude housing, electricity/heating and home insurance: those are taken as
declared (the caseworker judges whether they are reasonable). Any other expense (childcare,
mortgage instalments, "other") goes to a caseworker and is not counted. Incomes are deducted
net; barnetrygd is counted only while ``barnetrygd_regnes_som_inntekt`` is true (before
2022-09-01). Unknown types and missing or negative amounts go to a caseworker.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.evaluation import Evaluation

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


def evaluate_expenses(ev: Evaluation) -> Decimal:
    """Add the accepted expense lines; return their sum."""
    total = Decimal(0)
    used: set[str] = set()
    assessed = False
    for item in ev.case.expenses:
        etype = ev.params.expense_types.get(item.type)
        inputs = {"type": item.type, "beløp": item.amount}
        if etype is None:
            text = f"Utgiftstypen «{item.type}» er ukjent for reglene; saksbehandler vurderer utgiften."
            ev.manual(r.UTGIFT_UKJENT, text, inputs)
            continue
        shown = _shown(etype.label, item.description)
        if item.amount is None or item.amount < 0:
            ev.manual(r.UTGIFT_MANGLER, f"{shown}: beløpet mangler eller er negativt.", inputs)
            continue
        if etype.action == "manual":
            assessed = True
            text = f"{shown} {format_kr(item.amount)} må vurderes av saksbehandler og er ikke regnet med."
            ev.manual(r.UTGIFT_VURDERING, text, inputs)
            continue
        assert etype.rule is not None  # the loader requires a rule for accepted types
        rule = EXPENSE_RULES[etype.rule]
        used.add(etype.rule)
        if item.amount == 0:
            ev.note(rule, False, f"{etype.label}: 0 kr.", inputs=inputs)
            continue
        ev.note(
            rule, True, f"{etype.label}: {format_kr(item.amount)} ({OUTSIDE_RATES}).", (), inputs, item.amount
        )
        ev.add_line("utgift", item.type, etype.label, item.amount, rule)
        total += item.amount
    for key, rule in EXPENSE_RULES.items():
        if key not in used:
            ev.note(rule, False, EXPENSE_NONE[key])
    if not assessed:
        ev.note(r.UTGIFT_VURDERING, False, "Ingen andre utgifter som må vurderes.")
    return total


def evaluate_incomes(ev: Evaluation) -> Decimal:
    """Add the deducted income lines; return their sum."""
    total = Decimal(0)
    groups: dict[str, dict[str, str]] = {}
    conditional = False
    for item in ev.case.incomes:
        itype = ev.params.income_types.get(item.type)
        inputs = {"type": item.type, "beløp": item.amount}
        if itype is None:
            text = f"Inntektstypen «{item.type}» er ukjent for reglene; saksbehandler vurderer inntekten."
            ev.manual(r.INNTEKT_UKJENT, text, inputs)
            continue
        shown = _shown(itype.label, item.description)
        if item.amount is None or item.amount < 0:
            ev.manual(r.INNTEKT_MANGLER, f"{shown}: nettobeløpet mangler eller er negativt.", inputs)
            continue
        if itype.group:
            groups.setdefault(itype.group, {})[itype.code] = itype.label
        if itype.action == "manual":
            text = f"{shown} {format_kr(item.amount)} vurderes av saksbehandler og er ikke trukket fra."
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
                    f"{itype.label} {format_kr(item.amount)} regnes ikke som inntekt "
                    f"(gjelder fra {flag.in_force_from.isoformat()})."
                )
                ev.note(r.BARNETRYGD, True, text, (flag,), inputs, Decimal(0))
                continue
            text = f"{itype.label} regnes som inntekt i {ev.case.month} (endringen gjelder fra 2022-09-01)."
            ev.note(r.BARNETRYGD, False, text, (flag,), inputs)
        ev.note(
            r.TREKK, True, f"{itype.label}: {format_kr(item.amount)} trekkes fra.", (), inputs, item.amount
        )
        ev.add_line("inntekt", item.type, itype.label, item.amount, r.TREKK)
        total += item.amount
    for labels in groups.values():
        if len(labels) > 1:
            listed = " og ".join(labels.values())
            ev.manual(
                r.INNTEKT_DOBBEL,
                f"{listed} kan være samme inntekt oppgitt to ganger; saksbehandler avstemmer.",
            )
    if not conditional:
        ev.note(r.BARNETRYGD, False, "Ingen barnetrygd oppgitt.")
    if not ev.case.incomes:
        ev.note(r.TREKK, False, "Ingen inntekter oppgitt.")
    return total
