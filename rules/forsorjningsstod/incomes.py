"""Incomes: which amount counts (register for the control month wins), how each type is treated,
and jobbstimulans.

Register data for the control month (M-1) wins over the amount in the application; each line says
where its amount comes from (the register: agency and month, with the applicant's own figure when it
differs; or the application). A difference over the municipality's threshold
(``inkomst_avvikelse_troskel``) goes to a caseworker. A declared register-backed income missing in
the register (the applicant is asked for a document), or a register income not declared, goes to a
caseworker. Declared-only types (pension, tax refund, ...) use the declared amount. An income of
another adult in the home, whom the application does not cover, is not deducted: it goes to a
caseworker (whether that adult contributes to the family's costs is a judgement).
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.checks import compare_register
from rules.engine.decision import AmountSource
from rules.engine.money import format_kr, round_ore
from rules.engine.parameters import MissingParameter
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.inputs import RegisterIncome

Key = tuple[str, str]  # (person, income type)


def person_label(person: str) -> str:
    """``sökande``/``medsökande`` or the member's name."""
    return {"applicant": "sökande", "co_applicant": "medsökande"}.get(person, person)


def sum_by_key(items: list[RegisterIncome]) -> dict[Key, Decimal]:
    """Register payments summed per (person, type), in first-seen order."""
    sums: dict[Key, Decimal] = {}
    for item in items:
        key = (item.person, item.type)
        sums[key] = sums.get(key, Decimal(0)) + item.amount
    return sums


def evaluate_incomes(ev: Evaluation) -> Decimal:
    """Add income lines (each with its source); return the total deducted from the need."""
    case = ev.case
    declared: dict[Key, Decimal] = {}
    for d in case.declared_incomes:
        declared[(d.person, d.type)] = declared.get((d.person, d.type), Decimal(0)) + d.amount
    register = case.register
    if register is None:
        ev.manual(
            r.REGISTER_EJ_HAMTAT,
            "Registeruppgifter om inkomster har inte hämtats; inkomsterna bygger bara på ansökan.",
        )
        control: dict[Key, Decimal] = {}
        agencies: dict[Key, str] = {}
    else:
        control = sum_by_key(register.control_month)
        agencies = {(item.person, item.type): item.source for item in register.control_month}
    amounts = _choose_amounts(ev, declared, control, agencies, register is not None)
    covered = {key: amount for key, (amount, _) in amounts.items() if key[0] not in ev.outside}
    jobb = _jobbstimulans(ev, any(t == "lon" and a > 0 for (_, t), a in covered.items()))
    total = Decimal(0)
    for (person, code), (amount, source) in amounts.items():
        total += _treat(ev, person, code, amount, jobb, source)
    return total


def agency_name(ev: Evaluation, code: str) -> str:
    """``Försäkringskassan`` for ``FK``: the register source's name (the code itself when unknown)."""
    return ev.params.register_sources.get(code, code)


def _choose_amounts(
    ev: Evaluation,
    declared: dict[Key, Decimal],
    control: dict[Key, Decimal],
    agencies: dict[Key, str],
    have_register: bool,
) -> dict[Key, tuple[Decimal, AmountSource]]:
    types = ev.params.income_types
    chosen: dict[Key, tuple[Decimal, AmountSource]] = {}
    month = ev.control_month
    for key in [*declared, *(k for k in control if k not in declared)]:
        person, code = key
        who = person_label(person)
        itype = types.get(code)
        if itype is None:
            ev.manual(
                r.OKAND_TYP, f'Inkomsttypen "{code}" för {who} känns inte igen av reglerna.', {"type": code}
            )
            continue
        said = declared.get(key)
        inputs = {"person": person, "type": code, "declared": said, "register": control.get(key)}
        if key in control:
            amount = control[key]
            agency = agencies[key]
            source = ev.source(agency, agency_name(ev, agency), month, said, amount)
            text = f"{itype.label} för {who}: registret visar {format_kr(amount)} för {month}"
            if said is None or said == 0:
                if amount != 0:
                    ev.manual(r.EJ_UPPGIVEN, f"{text}, men inkomsten är inte uppgiven i ansökan.", inputs)
            else:
                ev.note(
                    r.INKOMST_KALLA,
                    True,
                    f"{text} (i ansökan {format_kr(said)}); registret gäller.",
                    (),
                    inputs,
                    amount,
                )
                if said != amount:
                    what = f"{itype.label} för {who} ({month})"
                    compare_register(ev, r.AVVIKELSE, "inkomst_avvikelse_troskel", said, amount, what, inputs)
        else:
            amount = said if said is not None else Decimal(0)
            source = ev.source(declared=amount)
            if have_register and itype.register_source and amount != 0:
                text = (
                    f"{itype.label} för {who} ({format_kr(amount)} enligt ansökan) finns inte i registret "
                    f"({agency_name(ev, itype.register_source)}, {itype.register_source}) för {month}."
                )
                asked = ev.request(
                    ev.params.completion["underlag_inkomst"],
                    r.EJ_I_REGISTER,
                    f"{itype.label} för {who}, {month}",
                )
                ev.manual(r.EJ_I_REGISTER, text, inputs, completion=asked)
            else:
                text = f"{itype.label} för {who}: {format_kr(amount)} enligt ansökan."
                ev.note(r.INKOMST_KALLA, False, text, (), inputs, amount)
        if amount < 0:
            ev.manual(
                r.NEGATIV, f"{itype.label} för {who} har ett negativt belopp ({format_kr(amount)}).", inputs
            )
            continue
        chosen[key] = (amount, source)
    return chosen


def _jobbstimulans(ev: Evaluation, has_salary: bool) -> Decimal:
    """The share of salary disregarded (0 when jobbstimulans does not apply); traces both limits."""
    if not has_salary:
        ev.note(r.JOBBSTIMULANS, False, "Ingen lön i hushållet.")
        return Decimal(0)
    try:
        share = ev.param("jobbstimulans_andel")
        qualify = ev.param("jobbstimulans_kvalificering_manader")
        maximum = ev.param("jobbstimulans_max_manader")
    except MissingParameter as error:
        ev.missing(error)
        return Decimal(0)
    ctx = ev.case.case
    params = (share, qualify, maximum)
    if ctx is None:
        ev.note(r.JOBBSTIMULANS, False, "Ärendeuppgifter saknas: jobbstimulans kan inte prövas.", params)
        return Decimal(0)
    months, used = ctx.consecutive_months_on_support, ctx.jobbstimulans_months_used
    inputs = {"consecutive_months_on_support": months, "jobbstimulans_months_used": used}
    limits = (
        f"{months} månader i följd med försörjningsstöd (krav: minst {qualify.value}) och "
        f"{used} av högst {maximum.value} månader med jobbstimulans använda"
    )
    if months >= qualify.value and used < maximum.value:
        ev.note(r.JOBBSTIMULANS, True, f"Jobbstimulans tillämpas: {limits}.", params, inputs, share.value)
        return Decimal(share.value)
    ev.note(r.JOBBSTIMULANS, False, f"Jobbstimulans tillämpas inte: {limits}.", params, inputs, 0)
    return Decimal(0)


def _treat(
    ev: Evaluation, person: str, code: str, amount: Decimal, jobb: Decimal, source: AmountSource
) -> Decimal:
    itype = ev.params.income_types[code]
    who = person_label(person)
    inputs = {"person": person, "type": code, "amount": amount}
    if itype.action == "ignore":
        ev.note(
            r.UNDANTAG,
            True,
            f"{itype.label} för {who} ({format_kr(amount)}) räknas inte som inkomst.",
            (),
            inputs,
        )
        return Decimal(0)
    if person in ev.outside and amount != 0:
        text = (
            f"{itype.label} för {who} ({format_kr(amount)}): {who} bor i hushållet men omfattas inte av "
            "ansökan, så inkomsten räknas inte av; handläggaren prövar om den påverkar familjens behov "
            "(till exempel ett bidrag till boendekostnaden)."
        )
        ev.manual(r.UTANFOR_ANSOKAN, text, inputs)
        return Decimal(0)
    if itype.action == "manual":
        text = f"{itype.label} för {who} ({format_kr(amount)}) ska prövas av handläggare."
        ev.manual(r.MANUELL_TYP, text, inputs, legal=itype.legal_reference)
        return Decimal(0)
    if amount == 0:
        return Decimal(0)
    label = f"{itype.label} ({who})"
    counted = amount
    if code == "lon" and jobb:
        # The case system keeps öre: the disregarded share is rounded to whole öre (half up, in the
        # applicant's favour) so the rows written add up exactly to the total.
        disregarded = round_ore(amount * jobb)
        counted = amount - disregarded
        label = f"{label}, efter jobbstimulans ({format_kr(amount)} − {format_kr(disregarded)})"
    text = f"{label}: {format_kr(counted)} räknas av ({source.text})."
    return ev.count(r.AVDRAG, text, ("inkomst", code, label), counted, (), inputs, source)
