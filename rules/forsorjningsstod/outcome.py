"""``decide``: run every rule for one case and conclude bevilja, avslå or manual handling.

``decide`` never raises on a valid :class:`CaseInput`: missing amounts and anything unclear become
reasons for manual handling, and the figures are still shown when they can be computed.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.money import format_kr, round_kr
from rules.engine.trace import build
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.changes import evaluate_changes
from rules.forsorjningsstod.costs import evaluate_costs
from rules.forsorjningsstod.decision import Decision, Outcome, Reason, Rounding
from rules.forsorjningsstod.evaluation import Evaluation
from rules.forsorjningsstod.household import evaluate_household
from rules.forsorjningsstod.incomes import evaluate_incomes
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters

INTERNAL_ERROR = (
    "Regelberäkningen kunde inte slutföras på grund av ett internt fel; handlägg ärendet manuellt."
)


def decide(case: CaseInput, params: Parameters) -> Decision:
    """Calculate the proposed decision for ``case`` with ``params``."""
    ev = Evaluation(case, params)
    try:
        household = evaluate_household(ev)
        costs = evaluate_costs(ev, household)
        income = evaluate_incomes(ev)
        evaluate_changes(ev)
        return _conclude(ev, household.norm_total + costs, income)
    except Exception as error:  # a safety net: a bug must never become a silent proposal
        ev.manual(r.UTFALL, INTERNAL_ERROR, {"error": type(error).__name__})
        return _decision(ev, "manuell", None, None, None, None)


def rounding_for(exact: Decimal) -> Rounding:
    """Round ``exact`` to whole kronor (ROUND_HALF_UP) and say so."""
    rounded = round_kr(exact)
    if exact == rounded:
        text = f"Beloppet {format_kr(exact)} är redan i hela kronor."
    else:
        text = f"Avrundat från {format_kr(exact)} till {format_kr(rounded)}."
    return build(Rounding, exact=exact, rounded=rounded, method="ROUND_HALF_UP", text=text)


def _conclude(ev: Evaluation, need_exact: Decimal, income: Decimal) -> Decision:
    ev.note(r.INKOMSTER, True, f"Summa inkomster som räknas av: {format_kr(income)}.", output=income)
    if ev.incomplete:
        ev.note(r.BEHOV, False, "Behovet kan inte beräknas eftersom belopp saknas.")
        ev.note(r.UTFALL, True, "Manuell handläggning.", output="manuell")
        return _decision(ev, "manuell", None, None, income, None)
    need = need_exact
    ev.note(r.BEHOV, True, f"Summa behov (riksnorm och kostnader): {format_kr(need)}.", output=need)
    rounding = rounding_for(need - income)
    ev.note(r.AVRUNDNING, True, rounding.text, inputs={"exakt": need - income}, output=rounding.rounded)
    if ev.reasons:
        text = (
            f"Manuell handläggning ({len(ev.reasons)} skäl). "
            f"Beräknat utfall för handläggarens stöd: {format_kr(rounding.rounded)}."
        )
        ev.note(r.UTFALL, True, text, output="manuell")
        return _decision(ev, "manuell", None, need, income, rounding)
    if rounding.rounded > 0:
        text = (
            f"Behovet {format_kr(need)} överstiger inkomsterna {format_kr(income)}; "
            f"förslag: bevilja {format_kr(rounding.rounded)}."
        )
        outcome: Outcome = "bevilja"
        amount: int | None = rounding.rounded
    else:
        text = (
            f"Inkomsterna {format_kr(income)} täcker behovet {format_kr(need)} "
            f"(överskott {format_kr(income - need)}); förslag: avslag."
        )
        outcome, amount = "avsla", 0
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
        municipality=ev.params.municipality,
    )
