"""The conclusion every benefit shares: need − income, rounded to whole kronor (half up), and the outcome.

:func:`decide` runs a benefit's own rules (``evaluate`` returns the need and the income total) and
concludes: any reason found makes the outcome manual, with the figures still computed for the
caseworker when they can be; otherwise more than 0 kr proposes a grant (the rounded amount) and 0 or
less a rejection (amount 0). A bug in a benefit's rules never becomes a proposal: it is manual
handling with an "internal error" reason. Every step is traced under the benefit's own rules
(:class:`rules.engine.benefit.EngineRules`) in its own words.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from rules.engine.decision import Decision, Reason, Rounding
from rules.engine.language import Language
from rules.engine.money import format_kr, round_kr
from rules.engine.scratchpad import Scratchpad
from rules.engine.trace import build

PadT = TypeVar("PadT", bound=Scratchpad[Any, Any])


def rounding_for(exact: Decimal, words: Language) -> Rounding:
    """Round ``exact`` to whole kronor (ROUND_HALF_UP) and say so."""
    rounded = round_kr(exact)
    if exact == rounded:
        text = words.rounding_whole.format(exact=format_kr(exact))
    else:
        text = words.rounding_done.format(exact=format_kr(exact), rounded=format_kr(rounded))
    return build(Rounding, exact=exact, rounded=rounded, method="ROUND_HALF_UP", text=text)


def decide(ev: PadT, evaluate: Callable[[PadT], tuple[Decimal, Decimal]]) -> Decision:
    """Run ``evaluate`` (the benefit's rules: returns need and income) and conclude; never raises."""
    rules, words = ev.benefit.rules, ev.benefit.language
    try:
        need, income = evaluate(ev)
        return conclude(ev, need, income)
    except Exception as error:  # a safety net: a bug must never become a silent proposal
        ev.manual(rules.outcome, words.internal_error, {"error": type(error).__name__})
        return ev.decision(words.manual, None, None, None, None)


def conclude(ev: Scratchpad[Any, Any], need: Decimal, income: Decimal) -> Decision:
    """need − income, rounded; manual when any reason was found or a figure is missing."""
    rules, words = ev.benefit.rules, ev.benefit.language
    ev.note(rules.incomes, True, words.income_total.format(income=format_kr(income)), output=income)
    if ev.incomplete:
        ev.note(rules.need, False, words.need_unknown)
        ev.note(rules.outcome, True, words.manual_outcome, output=words.manual)
        return ev.decision(words.manual, None, None, income, None)
    ev.note(rules.need, True, words.need_total.format(need=format_kr(need)), output=need)
    rounding = rounding_for(need - income, words)
    ev.note(rules.rounding, True, rounding.text, inputs={"exact": need - income}, output=rounding.rounded)
    if ev.reasons:
        text = words.manual_with_figures.format(count=len(ev.reasons), amount=format_kr(rounding.rounded))
        ev.note(rules.outcome, True, text, output=words.manual)
        return ev.decision(words.manual, None, need, income, rounding)
    amount = max(rounding.rounded, 0)
    if amount > 0:
        outcome = words.grant
        text = words.grant_text.format(
            need=format_kr(need), income=format_kr(income), amount=format_kr(amount)
        )
    else:
        outcome = words.reject
        text = words.reject_text.format(
            need=format_kr(need), income=format_kr(income), surplus=format_kr(income - need)
        )
    ev.note(rules.outcome, True, text, output=outcome)
    reason = build(
        Reason,
        rule_id=rules.outcome.id,
        text=text,
        legal_reference=rules.outcome.legal_reference,
        completion=None,
    )
    ev.reasons[text] = reason
    return ev.decision(outcome, amount, need, income, rounding)
