"""Checks that send a case to a caseworker: changed, new or disappeared incomes, a changed household
or housing cost, assets, a declared change, missing register data, and the case context.

Each check is its own rule with its own reason; all are evaluated, so every reason is reported.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.incomes import agency_name, person_label, sum_by_key
from rules.forsorjningsstod.inputs import CaseContext, MissingRegisterData

ROLE_LABELS = {"applicant": "sökande", "co_applicant": "medsökande", "child": "barn", "other_adult": "vuxen"}


def evaluate_changes(ev: Evaluation) -> None:
    """Run every change and context check."""
    _register_changes(ev)
    case = ev.case
    if case.has_assets:
        ev.manual(r.TILLGANGAR, "Sökanden har uppgett tillgångar som kan behöva användas före bistånd.")
    else:
        ev.note(r.TILLGANGAR, False, "Inga tillgångar uppgivna.")
    if case.has_changed:
        said = case.change_description.strip()
        asked = None if said else ev.request(ev.params.completion["beskriv_andring"], r.ANMALD_ANDRING)
        text = f'Sökanden har anmält en ändring: "{said or "ingen beskrivning"}".'
        ev.manual(r.ANMALD_ANDRING, text, {"text": said}, completion=asked)
    else:
        ev.note(r.ANMALD_ANDRING, False, "Ingen ändring anmäld.")
    if case.case is None:
        ev.manual(
            r.ARENDE_SAKNAS, "Uppgifter om ärendet (status, planering, tidigare beräkning) har inte hämtats."
        )
        return
    _case_context(ev, case.case)


def _register_changes(ev: Evaluation) -> None:
    register = ev.case.register
    if register is None:
        return  # already a reason (inkomst.register_ej_hamtat)
    _missing_sources(ev, register.missing)
    control = sum_by_key(register.control_month)
    comparison = sum_by_key(register.comparison_month)
    try:
        threshold = ev.param("inkomstandring_troskel")
    except MissingParameter as error:
        ev.missing(error, incomplete=False)
        threshold = None
    months = f"{ev.comparison_month} → {ev.control_month}"
    for key, now in control.items():
        person, code = key
        label = f"{_type_label(ev, code)} för {person_label(person)}"
        before = comparison.get(key)
        if before is None or (before == 0 and now != 0):
            ev.manual(
                r.NY_INKOMST,
                f"Ny inkomst: {label} {format_kr(now)} i {ev.control_month}, ingen i {ev.comparison_month}.",
            )
            continue
        if threshold is None or before == 0:
            continue
        change = abs(now - before) / before
        inputs = {"comparison": before, "control": now, "change": change}
        text = (
            f"{label} har ändrats med {_pct(change)} ({format_kr(before)} i {ev.comparison_month}, "
            f"{format_kr(now)} i {ev.control_month}); gränsen är {_pct(threshold.value)}."
        )
        if change > threshold.value:
            ev.manual(r.INKOMST_ANDRAD, text, inputs, (threshold,))
        else:
            ev.note(r.INKOMST_ANDRAD, False, text, (threshold,), inputs)
    for key, before in comparison.items():
        if key not in control and before != 0:
            label = f"{_type_label(ev, key[1])} för {person_label(key[0])}"
            text = (
                f"Upphörd inkomst: {label} {format_kr(before)} i {ev.comparison_month}, "
                f"ingen i {ev.control_month}."
            )
            ev.manual(r.UPPHORD_INKOMST, text)
    if not control and not comparison:
        ev.note(r.INKOMST_ANDRAD, False, f"Inga registrerade inkomster ({months}).")


def _missing_sources(ev: Evaluation, missing: list[MissingRegisterData]) -> None:
    """A reason per kind (no data yet, an error) naming every source, person and month; the trace's
    inputs list them (``sources``) for a process that waits for the data."""
    for status, rule, heading in (
        ("no_data", r.REGISTER_SAKNAS, "Registeruppgifter för kontrollmånaden saknas ännu från"),
        ("error", r.REGISTER_FEL, "Registeruppgifter saknas eftersom källan svarade med fel"),
    ):
        rows = [m for m in missing if m.status == status]
        if not rows:
            ev.note(
                rule, False, "Inga registerkällor saknas." if status == "no_data" else "Inga registerfel."
            )
            continue
        listed = "; ".join(
            f"{agency_name(ev, m.source)} ({m.source}) för {person_label(m.person)}, {m.month}" for m in rows
        )
        sources = [{"source": m.source, "person": m.person, "month": m.month} for m in rows]
        ev.manual(rule, f"{heading}: {listed}.", {"sources": sources})


def _type_label(ev: Evaluation, code: str) -> str:
    itype = ev.params.income_types.get(code)
    return itype.label if itype else code


def _pct(share: Decimal) -> str:
    return f"{share * 100:.1f}".replace(".", ",") + " %"


def _case_context(ev: Evaluation, ctx: CaseContext) -> None:
    if ctx.protected_identity:
        ev.manual(r.SKYDDAD, "Personen har skyddade personuppgifter; ärendet handläggs manuellt.")
    else:
        ev.note(r.SKYDDAD, False, "Inga skyddade personuppgifter.")
    if not ctx.case_open:
        ev.manual(r.EJ_OPPET, "Ärendet är inte öppet (avslutat eller nytt); en handläggare måste utreda.")
    else:
        ev.note(r.EJ_OPPET, False, "Ärendet är öppet.")
    if not ctx.labour_market_plan:
        ev.manual(r.PLANERING, "Det finns ingen aktiv planering mot arbete eller studier.")
    else:
        ev.note(r.PLANERING, False, "Aktiv planering finns.")
    previous = ctx.previous
    if previous is None:
        ev.manual(r.NY_SOKANDE, "Det finns ingen tidigare beräkning (ny sökande).")
        return
    ev.note(r.NY_SOKANDE, False, f"Tidigare beräkning finns för {previous.month}.")
    now = sorted((m.role, m.birth_date) for m in ev.case.members if m.living_at_home)
    then = sorted((m.role, m.birth_date) for m in previous.members)
    if now != then:
        added_list = sorted((Counter(now) - Counter(then)).elements())
        removed_list = sorted((Counter(then) - Counter(now)).elements())
        added = ", ".join(f"{ROLE_LABELS[role]} född {born}" for role, born in added_list)
        removed = ", ".join(f"{ROLE_LABELS[role]} född {born}" for role, born in removed_list)
        parts = [f"tillkommit: {added}" if added else "", f"försvunnit: {removed}" if removed else ""]
        listed = "; ".join(p for p in parts if p)
        text = f"Hushållet har ändrats sedan beräkningen för {previous.month} ({listed})."
        ev.manual(r.HUSHALL_ANDRAT, text)
    else:
        ev.note(r.HUSHALL_ANDRAT, False, f"Samma hushåll som i beräkningen för {previous.month}.")
    rent = ev.case.costs.rent
    if rent != previous.housing_cost:
        text = (
            f"Boendekostnaden har ändrats från {format_kr(previous.housing_cost)} ({previous.month}) "
            f"till {format_kr(rent)}."
        )
        asked = ev.request(
            ev.params.completion["hyresavi"], r.BOENDE_ANDRAT, f"{format_kr(rent)} från {ev.case.month}"
        )
        ev.manual(r.BOENDE_ANDRAT, text, {"previous": previous.housing_cost, "now": rent}, completion=asked)
    else:
        ev.note(r.BOENDE_ANDRAT, False, f"Samma boendekostnad som i beräkningen för {previous.month}.")
