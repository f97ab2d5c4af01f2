"""The YAML case adapter for försörjningsstöd: run one case spec through ``decide`` and compare.

The generic case test (``tests/rules/test_cases.py``) calls :func:`check_case` for every file in
``tests/rules/forsorjningsstod/cases/``. A spec holds the input (``CaseInput`` fields), which
parameters to load (``municipality``: a file name in ``config/municipalities/`` without
``.yaml``; ``allow_unverified``) and ``expected``; the expected figures are hand calculations in
the file's comments. Keys of ``expected``:

``outcome`` (required), ``amount`` (required; null unless bevilja/avsla), ``need``,
``income_total``, ``reasons_contain``, ``reasons_absent``, ``reason_count``, ``rules_fired``,
``rules_not_fired``, ``rules_evaluated``, ``lines_contain``, ``note_contains``,
``trace_contains``, ``unverified`` (default: none). Always checked: a manual outcome has
reasons, each with a legal reference; the note names the reference; a proposal's rounding gives
the amount; the decision serialises to JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from rules.forsorjningsstod.decision import Decision
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters, load_parameters
from rules.forsorjningsstod.outcome import decide


@cache
def _params(config_dir: Path, municipality: str | None, allow_unverified: bool) -> Parameters:
    path = config_dir / "municipalities" / f"{municipality}.yaml" if municipality else None
    return load_parameters(municipality_file=path, allow_unverified=allow_unverified)


def _missing(wanted: Iterable[str], found: list[str], what: str) -> list[str]:
    return [f"{text!r} not in {what}: {found}" for text in wanted if not any(text in f for f in found)]


def _figures(expected: dict[str, Any], decision: Decision) -> list[str]:
    problems = []
    if decision.outcome != expected.get("outcome"):
        problems.append(f"outcome is {decision.outcome!r}, expected {expected.get('outcome')!r}")
    if decision.amount != expected.get("amount"):
        problems.append(f"amount is {decision.amount}, expected {expected.get('amount')}")
    for key, actual in (("need", decision.need), ("income_total", decision.income_total)):
        if key in expected:
            wanted = None if expected[key] is None else Decimal(str(expected[key]))
            if actual != wanted:
                problems.append(f"{key} is {actual}, expected {wanted}")
    return problems


def _reasons(expected: dict[str, Any], decision: Decision) -> list[str]:
    texts = [reason.text for reason in decision.reasons]
    problems = _missing(expected.get("reasons_contain", []), texts, "reasons")
    problems += [
        f"{text!r} unexpectedly in reasons: {texts}"
        for text in expected.get("reasons_absent", [])
        if any(text in reason for reason in texts)
    ]
    if "reason_count" in expected and len(texts) != expected["reason_count"]:
        problems.append(f"{len(texts)} reasons, expected {expected['reason_count']}: {texts}")
    if decision.outcome == "manuell":
        if not texts:
            problems.append("manual outcome without any reason")
        problems += [
            f"reason without legal reference: {r.text!r}" for r in decision.reasons if not r.legal_reference
        ]
    return problems


def _rules(expected: dict[str, Any], decision: Decision) -> list[str]:
    fired = {line["rule_id"] for line in decision.trace if line["fired"]}
    evaluated = {line["rule_id"] for line in decision.trace}
    problems = [f"rule {rule} did not fire" for rule in expected.get("rules_fired", []) if rule not in fired]
    problems += [f"rule {rule} fired" for rule in expected.get("rules_not_fired", []) if rule in fired]
    problems += [
        f"rule {rule} was not evaluated"
        for rule in expected.get("rules_evaluated", [])
        if rule not in evaluated
    ]
    return problems


def _texts(expected: dict[str, Any], decision: Decision, reference: str) -> list[str]:
    problems = _missing(expected.get("lines_contain", []), [line.label for line in decision.lines], "lines")
    note = decision.journal_note()
    if reference not in note:
        problems.append(f"the note does not name the application {reference}")
    problems += [
        f"{text!r} not in the note:\n{note}" for text in expected.get("note_contains", []) if text not in note
    ]
    reasons = [line["reason"] for line in decision.trace]
    problems += [
        f"{text!r} not in any trace line"
        for text in expected.get("trace_contains", [])
        if not any(text in r for r in reasons)
    ]
    return problems


def _other(expected: dict[str, Any], decision: Decision) -> list[str]:
    problems = []
    unverified = expected.get("unverified", [])
    if decision.unverified_parameters != unverified:
        problems.append(f"unverified parameters are {decision.unverified_parameters}, expected {unverified}")
    rounding = decision.rounding
    if rounding is not None and decision.outcome == "bevilja" and rounding.rounded != decision.amount:
        problems.append(f"rounded {rounding.rounded} differs from the amount {decision.amount}")
    try:
        json.dumps(decision.model_dump(mode="json"))
    except (TypeError, ValueError) as error:
        problems.append(f"the decision does not serialise to JSON: {error}")
    return problems


def check_case(spec: dict[str, Any], config_dir: Path) -> list[str]:
    """Run one YAML case spec; return what differs from ``spec["expected"]`` (empty: it passes).

    ``config_dir`` is the project's ``config/`` folder; ``spec["municipality"]`` names a file in
    its ``municipalities/`` folder. An invalid spec gives a message, never an exception.
    """
    expected = spec.get("expected")
    if not isinstance(expected, dict) or "outcome" not in expected:
        return ["the case has no 'expected' mapping with an 'outcome'"]
    try:
        case = CaseInput.model_validate(spec.get("input"))
    except ValueError as error:
        return [f"the input is not a valid CaseInput: {error}"]
    params = _params(Path(config_dir), spec.get("municipality"), bool(spec.get("allow_unverified")))
    decision = decide(case, params)
    problems = _figures(expected, decision)
    problems += _reasons(expected, decision)
    problems += _rules(expected, decision)
    problems += _texts(expected, decision, case.reference)
    problems += _other(expected, decision)
    return problems
