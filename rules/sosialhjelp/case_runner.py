"""Adapter for the generic rules-case runner: checks one YAML case of ``tests/rules/sosialhjelp/cases``.

A case file holds ``input`` (:class:`CaseInput` fields), ``allow_unverified`` and ``expected``:
``outcome``, ``amount`` and optionally ``need``, ``income_total``, ``reasons_contain``,
``reasons_absent``, ``reason_count``, ``rules_fired``, ``rules_not_fired``, ``rules_evaluated``,
``lines`` (exact ``[code, amount]`` pairs in order), ``lines_contain`` (label fragments),
``note_contains``, ``trace_contains`` and ``unverified``. The expected figures are hand
calculations in the file's comments.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rules.sosialhjelp.decision import Decision
from rules.sosialhjelp.inputs import CaseInput
from rules.sosialhjelp.loading import load_parameters
from rules.sosialhjelp.outcome import decide


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def check_case(spec: dict[str, Any], config_dir: Path) -> list[str]:
    """Human-readable mismatches between the case's expectations and the decision (empty: passes).

    ``config_dir`` (the project's config folder) is not used: this process has no local file.
    """
    del config_dir
    try:
        case = CaseInput.model_validate(spec["input"])
    except (KeyError, ValidationError) as error:
        return [f"the input is not a valid CaseInput: {error}"]
    decision = decide(case, load_parameters(allow_unverified=bool(spec.get("allow_unverified"))))
    expected = spec.get("expected") or {}
    problems = _compare_result(decision, expected)
    problems += _compare_texts(decision, expected)
    try:
        json.dumps(decision.model_dump(mode="json"))
    except (TypeError, ValueError) as error:
        problems.append(f"the decision is not JSON-serialisable: {error}")
    return problems


def _compare_result(decision: Decision, expected: dict[str, Any]) -> list[str]:
    problems = []
    reasons = [reason.text for reason in decision.reasons]
    if decision.outcome != expected.get("outcome"):
        problems.append(
            f"outcome {decision.outcome!r}, expected {expected.get('outcome')!r}; reasons: {reasons}"
        )
    if decision.amount != expected.get("amount"):
        problems.append(f"amount {decision.amount}, expected {expected.get('amount')}")
    for key, actual in (("need", decision.need), ("income_total", decision.income_total)):
        if key in expected and actual != _money(expected[key]):
            problems.append(f"{key} {actual}, expected {expected[key]}")
    if "lines" in expected:
        actual_lines = [[line.code, line.amount] for line in decision.lines]
        wanted = [[code, _money(amount)] for code, amount in expected["lines"]]
        if actual_lines != wanted:
            problems.append(f"lines {actual_lines}, expected {wanted}")
    if decision.outcome == "manuell" and not decision.reasons:
        problems.append("manual handling without any reason")
    if any(not reason.legal_reference for reason in decision.reasons):
        problems.append("a reason has no legal reference")
    if decision.unverified_parameters != expected.get("unverified", []):
        problems.append(
            f"unverified {decision.unverified_parameters}, expected {expected.get('unverified', [])}"
        )
    if "reason_count" in expected and len(reasons) != expected["reason_count"]:
        problems.append(f"{len(reasons)} reasons, expected {expected['reason_count']}: {reasons}")
    return problems


def _compare_texts(decision: Decision, expected: dict[str, Any]) -> list[str]:
    problems = []
    reasons = [reason.text for reason in decision.reasons]
    for text in expected.get("reasons_contain", []):
        if not any(text in reason for reason in reasons):
            problems.append(f"no reason contains {text!r}: {reasons}")
    for text in expected.get("reasons_absent", []):
        if any(text in reason for reason in reasons):
            problems.append(f"a reason unexpectedly contains {text!r}")
    fired = {line["rule_id"] for line in decision.trace if line["fired"]}
    evaluated = {line["rule_id"] for line in decision.trace}
    problems += [f"rule {rule} did not fire" for rule in expected.get("rules_fired", []) if rule not in fired]
    problems += [f"rule {rule} fired" for rule in expected.get("rules_not_fired", []) if rule in fired]
    problems += [
        f"rule {rule} not evaluated" for rule in expected.get("rules_evaluated", []) if rule not in evaluated
    ]
    labels = [line.label for line in decision.lines]
    for text in expected.get("lines_contain", []):
        if not any(text in label for label in labels):
            problems.append(f"no line label contains {text!r}: {labels}")
    note = decision.journal_note()
    if decision.reference not in note:
        problems.append("the journal note does not name the application")
    for text in expected.get("note_contains", []):
        if text not in note:
            problems.append(f"the journal note lacks {text!r}:\n{note}")
    for text in expected.get("trace_contains", []):
        if not any(text in line["reason"] for line in decision.trace):
            problems.append(f"no trace line contains {text!r}")
    return problems
