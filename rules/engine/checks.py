"""Rules every benefit applies the same way, each under the benefit's own rule and legal reference.

- :func:`free_text`: a robot cannot understand what the applicant wrote in their own words, so any
  non-empty free-text field sends the case to a caseworker (the figures are still computed) and the
  texts are quoted in full in the note;
- :func:`spot_check`: a share of otherwise clear cases goes to a caseworker as a check. The choice is
  reproducible from the application's reference alone: SHA-256 of the reference, as a number, modulo
  10 000, below ``percent`` × 100 (so 10 % selects draws 0-999); a retry makes the same choice, and no
  random generator is involved;
- :func:`compare_register`: the register's figure against what the applicant wrote: the register's
  is used; a difference over the municipality's threshold sends the case to a caseworker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from rules.engine.decision import FreeText
from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.engine.scratchpad import Scratchpad
from rules.engine.trace import Rule

DRAWS = 10_000  # a draw is 0..9 999; ``percent`` × 100 of them are selected


def free_text(ev: Scratchpad[Any, Any], rule: Rule, texts: Sequence[FreeText]) -> None:
    """Manual (the language's ``free_text``) when any of ``texts`` is not blank; the texts go on the
    decision and are quoted in full in the note."""
    words = ev.benefit.language
    written = [text for text in texts if text.text.strip()]
    ev.free_texts = written
    if not written:
        ev.note(rule, False, words.free_text_none)
        return
    ev.manual(rule, words.free_text, {"fields": [text.field for text in written]})


def draw(reference: str) -> int:
    """The spot-check draw of an application: SHA-256 of its reference (UTF-8) modulo 10 000."""
    return int(hashlib.sha256(reference.encode("utf-8")).hexdigest(), 16) % DRAWS


def spot_check(ev: Scratchpad[Any, Any], rule: Rule, percent: Decimal) -> bool:
    """Send an otherwise clear case to a caseworker when its draw is below ``percent`` × 100 (run it
    after every other rule); returns whether the case was chosen."""
    words = ev.benefit.language
    limit = int(percent * 100)
    if limit <= 0:
        ev.note(rule, False, words.spot_check_off)
        return False
    if ev.reasons or ev.incomplete:
        ev.note(rule, False, words.spot_check_already)
        return False
    value = draw(ev.case.reference)
    inputs = {"draw": value, "limit": limit, "percent": percent}
    if value < limit:
        ev.manual(rule, words.spot_check, inputs)
        return True
    ev.note(
        rule,
        False,
        words.spot_check_not_chosen.format(draw=value, limit=limit, percent=percent),
        inputs=inputs,
    )
    return False


def compare_register(
    ev: Scratchpad[Any, Any], rule: Rule, threshold_name: str, declared: Decimal, registered: Decimal, what: str,
    inputs: dict[str, Any],
) -> None:  # fmt: skip
    """The applicant wrote ``declared``, the register says ``registered`` (which is used): within the
    municipality's threshold (``threshold_name``, kr) it is noted, over it the case goes to a caseworker
    (the language's ``register_within`` / ``register_over``)."""
    words = ev.benefit.language
    difference = abs(declared - registered)
    try:
        threshold = ev.param(threshold_name)
    except MissingParameter as error:
        ev.missing(error, incomplete=False)
        return
    filled = {
        "what": what,
        "declared": format_kr(declared),
        "registered": format_kr(registered),
        "difference": format_kr(difference),
        "threshold": format_kr(threshold.value),
    }
    facts = {**inputs, "declared": declared, "registered": registered, "difference": difference}
    if difference > threshold.value:
        ev.manual(rule, words.register_over.format(**filled), facts, (threshold,))
    else:
        ev.note(rule, False, words.register_within.format(**filled), (threshold,), facts)
