"""``decide``: försörjningsstöd's rules in order (household and riksnorm, reasonable costs, incomes, the
checks that send a case to a caseworker, the applicant's own words, and last the spot check of an
otherwise clear case); the engine concludes (need − income, rounding, outcome).

``decide`` never raises on a valid :class:`CaseInput`: missing amounts and anything unclear become
reasons for manual handling, and the figures are still shown when they can be computed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import cast

from rules.engine import checks, conclusion
from rules.forsorjningsstod import catalog as r
from rules.forsorjningsstod.changes import evaluate_changes
from rules.forsorjningsstod.costs import evaluate_costs
from rules.forsorjningsstod.evaluation import Decision, Evaluation
from rules.forsorjningsstod.household import evaluate_household
from rules.forsorjningsstod.incomes import evaluate_incomes
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters


def decide(case: CaseInput, params: Parameters) -> Decision:
    """Calculate the proposed decision for ``case`` with ``params``."""
    return cast(Decision, conclusion.decide(Evaluation(case, params), _evaluate))


def _evaluate(ev: Evaluation) -> tuple[Decimal, Decimal]:
    household = evaluate_household(ev)
    costs = evaluate_costs(ev, household)
    income = evaluate_incomes(ev)
    evaluate_changes(ev)
    checks.free_text(ev, r.FRITEXT, ev.case.free_texts)
    checks.spot_check(ev, r.SLUMPVIS, ev.case.spot_check_percent)  # last: only an otherwise clear case
    return household.norm_total + costs, income
