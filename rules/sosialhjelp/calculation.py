"""``decide``: the livsopphold rules in order (household and guidance rates, expenses, incomes, the checks
that send a case to a caseworker); the engine concludes (need − income, rounding, outcome).

need = guidance rates (adults and children) + accepted actual expenses; the proposal is need −
incomes, rounded to whole kroner (ROUND_HALF_UP: 50 øre rounds up). More than 0 proposes innvilge,
0 or less avslag. ``decide`` never raises on a valid :class:`CaseInput`: missing rates and anything
unclear become reasons for manual handling, and the figures are still shown when they can be computed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from rules.engine import checks, conclusion
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.checks import evaluate_checks
from rules.sosialhjelp.economy import evaluate_expenses, evaluate_incomes
from rules.sosialhjelp.evaluation import Decision, Evaluation
from rules.sosialhjelp.household import evaluate_household
from rules.sosialhjelp.inputs import CaseInput
from rules.sosialhjelp.loading import Parameters


def decide(case: CaseInput, params: Parameters) -> Decision:
    """Calculate the proposed decision for ``case`` with ``params``."""
    return cast(Decision, conclusion.decide(Evaluation(case, params), _evaluate))


def _evaluate(ev: Evaluation) -> tuple[Decimal, Decimal]:
    livsopphold = evaluate_household(ev)
    expenses = evaluate_expenses(ev)
    income = evaluate_incomes(ev)
    evaluate_checks(ev)
    checks.free_text(ev, r.FRITEKST, ev.case.free_texts)
    checks.spot_check(ev, r.STIKKPROVE, ev.case.spot_check_percent)  # last: only an otherwise clear case
    return livsopphold + expenses, income
