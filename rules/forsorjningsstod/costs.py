"""Reasonable costs outside the norm: housing up to the local cap, electricity, insurance, travel, fees.

Housing above the municipality's cap goes to a caseworker (giving time to lower the cost is a
human judgement); the figures then show the cap. The cap's household type is that of the family
the application covers: other adults in the home count only in the split of the shared costs. "Other" costs always go to a caseworker and are
not counted.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.engine.trace import Rule
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.household import Household
from rules.forsorjningsstod.shared import names

# (cost code, CaseInput.costs field, Swedish label, rule)
SIMPLE_COSTS: tuple[tuple[str, str, str, Rule], ...] = (
    ("hushallsel", "household_electricity", "Hushållsel", r.HUSHALLSEL),
    ("hemforsakring", "home_insurance", "Hemförsäkring", r.HEMFORSAKRING),
    ("arbetsresor", "work_travel", "Arbetsresor", r.ARBETSRESOR),
    ("fackavgift", "union_fee", "Fackföreningsavgift", r.FACKAVGIFT),
    ("akassaavgift", "akassa_fee", "A-kasseavgift", r.AKASSAAVGIFT),
)
TO_CASEWORKER = "den ska prövas av handläggare."
HOUSEHOLD_TYPE_LABELS = {
    "1_vuxen": "1 vuxen",
    "2_vuxna": "2 vuxna",
    "1_barn": "1–2 vuxna med 1 barn",
    "2_barn": "1–2 vuxna med 2 barn",
    "3_barn": "1–2 vuxna med 3 barn",
    "4_barn": "1–2 vuxna med 4 barn",
    "5_barn_eller_fler": "1–2 vuxna med 5 eller fler barn",
}


def household_type(hh: Household) -> str | None:
    """The housing-cap category of the family the application covers (applicant, co-applicant,
    children), or None when no category fits. Other adults in the home do not change it."""
    if hh.adults not in (1, 2):
        return None
    if hh.children == 0:
        return "1_vuxen" if hh.adults == 1 else "2_vuxna"
    return "5_barn_eller_fler" if hh.children >= 5 else f"{hh.children}_barn"


def evaluate_costs(ev: Evaluation, hh: Household) -> Decimal:
    """Add cost lines; return their sum (what the figures count)."""
    try:
        accepted = ev.param("godkanda_kostnader")
    except MissingParameter as error:
        ev.missing(error)
        return Decimal(0)
    total = _housing(ev, hh, accepted.value)
    costs = ev.case.costs
    for code, attr, label, rule in SIMPLE_COSTS:
        amount: Decimal = getattr(costs, attr)
        if amount == 0:
            ev.note(rule, False, f"{label}: ingen kostnad uppgiven.")
        elif code not in accepted.value:
            text = f"{label} {format_kr(amount)} godtas inte automatiskt av kommunen; {TO_CASEWORKER}"
            ev.manual(r.EJ_GODTAGEN, text, {"code": code, "amount": amount}, (accepted,))
        else:
            row = ("kostnad", code, label)
            text = f"{label}: {format_kr(amount)} godtas."
            total += ev.count(
                rule, text, row, amount, (accepted,), {"amount": amount}, ev.source(declared=amount)
            )
    if not costs.other:
        ev.note(r.OVRIG_KOSTNAD, False, "Inga övriga kostnader uppgivna.")
    for item in costs.other:
        text = (
            f'Övrig kostnad "{item.description}" {format_kr(item.amount)} ska prövas av handläggare '
            "och är inte medräknad."
        )
        detail = f"{item.description} {format_kr(item.amount)}"
        asked = ev.request(ev.params.completion["kvitto_ovrig_kostnad"], r.OVRIG_KOSTNAD, detail)
        inputs = {"description": item.description, "amount": item.amount}
        ev.manual(r.OVRIG_KOSTNAD, text, inputs, completion=asked)
    return total


def _housing(ev: Evaluation, hh: Household, accepted: list[str]) -> Decimal:
    rent = ev.case.costs.rent
    if rent == 0:
        ev.note(r.BOENDE, False, "Ingen boendekostnad uppgiven.")
        return Decimal(0)
    if "boende" not in accepted:
        text = f"Boendekostnad {format_kr(rent)} godtas inte automatiskt av kommunen; {TO_CASEWORKER}"
        ev.manual(r.EJ_GODTAGEN, text, {"code": "boende", "amount": rent})
        return Decimal(0)
    try:
        caps = ev.param("boendekostnad_tak")
    except MissingParameter as error:
        ev.missing(error)
        return Decimal(0)
    kind = household_type(hh)
    if kind is None or kind not in caps.value:
        text = (
            f"Kommunen har inget tak för boendekostnad för ett hushåll med {hh.adults} vuxna och "
            f"{hh.children} barn; boendekostnaden {format_kr(rent)} ska prövas av handläggare."
        )
        ev.manual(r.BOENDE_TAK, text, {"adults": hh.adults, "children": hh.children, "rent": rent}, (caps,))
        ev.add_line("kostnad", "boende", "Boendekostnad (hyra)", rent, r.BOENDE, ev.source(declared=rent))
        return rent
    cap = caps.value[kind]
    kind_label = HOUSEHOLD_TYPE_LABELS.get(kind, kind)
    family = (
        f" Hushållstypen gäller sökandens familj; {names(hh.others)} räknas inte in." if hh.others else ""
    )
    inputs = {"rent": rent, "household_type": kind}
    if rent <= cap:
        text = f"Hyran {format_kr(rent)} ryms inom kommunens tak {format_kr(cap)} ({kind_label}).{family}"
        ev.note(r.BOENDE_TAK, False, text, (caps,), inputs)
        row = ("kostnad", "boende", "Boendekostnad (hyra)")
        return ev.count(r.BOENDE, text, row, rent, (caps,), inputs, ev.source(declared=rent))
    text = (
        f"Hyran {format_kr(rent)} överstiger kommunens tak {format_kr(cap)} för {kind_label}; "
        "handläggaren prövar om tid ska ges att sänka kostnaden. "
        f"I beräkningen har {format_kr(cap)} tagits upp.{family}"
    )
    ev.manual(r.BOENDE_TAK, text, inputs, (caps,))
    label = "Boendekostnad (hyra), upp till kommunens tak"
    ev.add_line("kostnad", "boende", label, cap, r.BOENDE, ev.source(declared=rent))
    return Decimal(cap)
