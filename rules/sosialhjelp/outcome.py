"""``decide``: run every rule for one case and propose innvilge, avslag or manual handling.

need = guidance rates (adults and children) + accepted actual expenses; the proposal is
need - incomes, rounded to whole kroner (ROUND_HALF_UP: 50 øre rounds up). More than 0 proposes
innvilge, 0 or less avslag. ``decide`` never raises on a valid :class:`CaseInput`: missing rates
and anything unclear become reasons for manual handling, and the figures are still shown when
they can be computed.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.money import format_kr, round_kr
from rules.engine.trace import build
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.checks import evaluate_checks
from rules.sosialhjelp.decision import Decision, Outcome, Reason, Rounding
from rules.sosialhjelp.economy import evaluate_expenses, evaluate_incomes
from rules.sosialhjelp.evaluation import Evaluation
from rules.sosialhjelp.household import evaluate_household
from rules.sosialhjelp.inputs import CaseInput
from rules.sosialhjelp.loading import Parameters

INTERNAL_ERROR = "Regelberegningen kunne ikke fullføres på grunn av en intern feil; saken behandles manuelt."


def decide(case: CaseInput, params: Parameters) -> Decision:
    """Calculate the proposed decision for ``case`` with ``params``."""
    ev = Evaluation(case, params)
    try:
        livsopphold = evaluate_household(ev)
        expenses = evaluate_expenses(ev)
        income = evaluate_incomes(ev)
        evaluate_checks(ev)
        return _conclude(ev, livsopphold + expenses, income)
    except Exception as error:  # a safety net: a bug must never become a silent proposal
        ev.manual(r.UTFALL, INTERNAL_ERROR, {"feil": type(error).__name__})
        return _decision(ev, "manuell", None, None, None, None)


def rounding_for(exact: Decimal) -> Rounding:
    """Round ``exact`` to whole kroner (ROUND_HALF_UP) and say so."""
    rounded = round_kr(exact)
    if exact == rounded:
        text = f"Beløpet {format_kr(exact)} er allerede i hele kroner."
    else:
        text = f"Avrundet fra {format_kr(exact)} til {format_kr(rounded)} (50 øre rundes opp)."
    return build(Rounding, exact=exact, rounded=rounded, method="ROUND_HALF_UP", text=text)


def _conclude(ev: Evaluation, need: Decimal, income: Decimal) -> Decision:
    ev.note(r.INNTEKTER, True, f"Sum inntekter som trekkes fra: {format_kr(income)}.", output=income)
    if ev.incomplete:
        ev.note(r.BEHOV, False, "Behovet kan ikke beregnes fordi satser eller opplysninger mangler.")
        ev.note(r.UTFALL, True, "Manuell behandling.", output="manuell")
        return _decision(ev, "manuell", None, None, income, None)
    ev.note(r.BEHOV, True, f"Sum behov (satser og utgifter): {format_kr(need)}.", output=need)
    rounding = rounding_for(need - income)
    ev.note(r.AVRUNDING, True, rounding.text, inputs={"eksakt": need - income}, output=rounding.rounded)
    if ev.reasons:
        text = (
            f"Manuell behandling ({len(ev.reasons)} grunner). "
            f"Beregnet beløp til støtte for saksbehandler: {format_kr(rounding.rounded)}."
        )
        ev.note(r.UTFALL, True, text, output="manuell")
        return _decision(ev, "manuell", None, need, income, rounding)
    outcome: Outcome
    if rounding.rounded > 0:
        text = (
            f"Behovet {format_kr(need)} er større enn inntektene {format_kr(income)}; "
            f"forslag: innvilge {format_kr(rounding.rounded)}."
        )
        outcome, amount = "innvilge", rounding.rounded
    else:
        text = (
            f"Inntektene {format_kr(income)} dekker behovet {format_kr(need)} "
            f"(overskudd {format_kr(income - need)}); forslag: avslag."
        )
        outcome, amount = "avslag", 0
    ev.note(r.UTFALL, True, text, output=outcome)
    ev.reasons[text] = build(Reason, rule_id=r.UTFALL.id, text=text, legal_reference=r.UTFALL.legal_reference)
    return _decision(ev, outcome, amount, need, income, rounding)


def _decision(
    ev: Evaluation,
    outcome: Outcome,
    amount: int | None,
    need: Decimal | None,
    income: Decimal | None,
    rounding: Rounding | None,
) -> Decision:
    return build(
        Decision,
        reference=ev.case.reference,
        month=ev.case.month,
        outcome=outcome,
        amount=amount,
        need=need,
        income_total=income,
        lines=ev.lines,
        reasons=list(ev.reasons.values()),
        trace=ev.trace.lines,
        unverified_parameters=list(ev.unverified),
        rounding=rounding,
    )
