"""The one YAML case runner of every rules package (after OpenFisca's ``openfisca test``).

A case file is a YAML mapping::

    description: Ensamstående vuxen 2024        # what the case shows
    municipality: exempelkommun                  # optional: config/municipalities/<name>.yaml
    allow_unverified: true                       # optional: the sandbox's leniency (default false)
    input: {...}                                 # the package's CaseInput
    expected:
      outcome: bevilja                           # required
      amount: 6680                               # required (null unless a grant or a rejection)
      need: 9680                                 # optional figures: need, income_total
      ...

and the hand calculation is written in its comments, from the reference texts, never from the
code's output. Keys of ``expected`` besides ``outcome`` and ``amount``: ``need``, ``income_total``,
``lines`` (exact ``[code, amount]`` pairs in order), ``lines_contain`` (label fragments),
``line_sources`` (``{code: fragment of the line's source text}``), ``reasons_contain``,
``reasons_absent``, ``reason_count``, ``rules_fired``, ``rules_not_fired``, ``rules_evaluated``,
``note_contains``, ``trace_contains``, ``completion`` (the completion codes, in order),
``unverified`` (default: none). Always checked: a manual outcome has reasons, each with a legal
reference; the note names the application; a proposal's rounding gives its amount; the decision
serialises to JSON.

:func:`check_case` returns one English sentence per difference (empty: the case passes) and reports
a malformed spec as a sentence, never an exception. ``tests/rules/test_cases.py`` runs every
``tests/rules/<package>/cases/*.yaml`` through it with ``rules.<package>.PACKAGE``; IT staff run
``python -m rules.engine.cases tests/rules/forsorjningsstod/cases`` (one line per case, exit 1 on a
failure).
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from rules.engine.benefit import RulesPackage
from rules.engine.decision import Decision

PROJECT = Path(__file__).resolve().parents[2]


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _missing(wanted: Iterable[str], found: Sequence[str], what: str) -> list[str]:
    return [f"{text!r} not in {what}: {list(found)}" for text in wanted if not any(text in f for f in found)]


@cache
def _parameters(package: RulesPackage, config_dir: Path, municipality: str | None, allow: bool) -> Any:
    path = config_dir / "municipalities" / f"{municipality}.yaml" if municipality else None
    return package.load_parameters(path, allow)


def _figures(expected: Mapping[str, Any], decision: Decision) -> list[str]:
    texts = [reason.text for reason in decision.reasons]
    problems = []
    if decision.outcome != expected.get("outcome"):
        problems.append(
            f"outcome is {decision.outcome!r}, expected {expected.get('outcome')!r}; reasons: {texts}"
        )
    if decision.amount != expected.get("amount"):
        problems.append(f"amount is {decision.amount}, expected {expected.get('amount')}")
    for key, actual in (("need", decision.need), ("income_total", decision.income_total)):
        if key in expected and actual != _money(expected[key]):
            problems.append(f"{key} is {actual}, expected {expected[key]}")
    if "lines" in expected:
        actual_lines = [[line.code, line.amount] for line in decision.lines]
        wanted = [[code, _money(amount)] for code, amount in expected["lines"]]
        if actual_lines != wanted:
            problems.append(f"lines are {actual_lines}, expected {wanted}")
    rounding = decision.rounding
    if (
        rounding is not None
        and decision.outcome == decision.texts.grant
        and rounding.rounded != decision.amount
    ):
        problems.append(f"rounded {rounding.rounded} differs from the amount {decision.amount}")
    return problems


def _reasons(expected: Mapping[str, Any], decision: Decision) -> list[str]:
    texts = [reason.text for reason in decision.reasons]
    problems = _missing(expected.get("reasons_contain", []), texts, "reasons")
    problems += [
        f"{text!r} unexpectedly in reasons: {texts}"
        for text in expected.get("reasons_absent", [])
        if any(text in reason for reason in texts)
    ]
    if "reason_count" in expected and len(texts) != expected["reason_count"]:
        problems.append(f"{len(texts)} reasons, expected {expected['reason_count']}: {texts}")
    if decision.outcome == decision.texts.manual and not texts:
        problems.append("manual outcome without any reason")
    problems += [
        f"reason without legal reference: {r.text!r}" for r in decision.reasons if not r.legal_reference
    ]
    if "completion" in expected:
        codes = [item.code for item in decision.completion]
        if codes != expected["completion"]:
            problems.append(f"completion items are {codes}, expected {expected['completion']}")
    return problems


def _rules(expected: Mapping[str, Any], decision: Decision) -> list[str]:
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


def _texts(expected: Mapping[str, Any], decision: Decision) -> list[str]:
    problems = _missing(expected.get("lines_contain", []), [line.label for line in decision.lines], "lines")
    sources = {line.code: line.source.text for line in decision.lines if line.source is not None}
    for code, fragment in expected.get("line_sources", {}).items():
        if fragment not in sources.get(code, ""):
            problems.append(
                f"the source of line {code} is {sources.get(code)!r}, expected it to contain {fragment!r}"
            )
    note = decision.journal_note()
    if decision.reference not in note:
        problems.append(f"the note does not name the application {decision.reference}")
    problems += [
        f"{text!r} not in the note:\n{note}" for text in expected.get("note_contains", []) if text not in note
    ]
    reasons = [line["reason"] for line in decision.trace]
    problems += [
        f"{text!r} not in any trace line"
        for text in expected.get("trace_contains", [])
        if not any(text in r for r in reasons)
    ]
    unverified = expected.get("unverified", [])
    if decision.unverified_parameters != unverified:
        problems.append(f"unverified parameters are {decision.unverified_parameters}, expected {unverified}")
    try:
        json.dumps(decision.model_dump(mode="json"))
    except (TypeError, ValueError) as error:
        problems.append(f"the decision does not serialise to JSON: {error}")
    return problems


def check_case(spec: Mapping[str, Any], package: RulesPackage, config_dir: Path) -> list[str]:
    """Run one case spec through ``package``; what differs from ``spec["expected"]`` (empty: it passes).

    ``config_dir`` is the project's ``config/`` folder; ``spec["municipality"]`` names a file in its
    ``municipalities/`` folder. An invalid spec gives a message, never an exception.
    """
    expected = spec.get("expected") if isinstance(spec, Mapping) else None
    if not isinstance(expected, Mapping) or "outcome" not in expected:
        return ["the case has no 'expected' mapping with an 'outcome'"]
    try:
        case = package.input_model.model_validate(spec.get("input"))
    except ValidationError as error:
        return [f"the input is not a valid CaseInput: {error}"]
    municipality = spec.get("municipality")
    params = _parameters(
        package,
        Path(config_dir),
        str(municipality) if municipality else None,
        bool(spec.get("allow_unverified")),
    )
    decision = package.decide(case, params)
    return (
        _figures(expected, decision)
        + _reasons(expected, decision)
        + _rules(expected, decision)
        + _texts(expected, decision)
    )


def package_for(folder: Path) -> RulesPackage:
    """``rules.<name>.PACKAGE`` for a case folder ``tests/rules/<name>/cases``."""
    name = folder.resolve().parent.name
    found = getattr(importlib.import_module(f"rules.{name}"), "PACKAGE", None)
    if not isinstance(found, RulesPackage):
        raise SystemExit(
            f"rules.{name} has no PACKAGE (a rules.engine.benefit.RulesPackage); add it to its __init__."
        )
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m rules.engine.cases FOLDER|FILE ...``: every case, one line each; exit 1 if any fails."""
    parser = argparse.ArgumentParser(prog="python -m rules.engine.cases", description=main.__doc__)
    parser.add_argument(
        "paths", nargs="+", type=Path, help="case files or tests/rules/<package>/cases folders"
    )
    args = parser.parse_args(argv)
    failed = total = 0
    for path in args.paths:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        package = package_for(path if path.is_dir() else path.parent)
        for file in files:
            total += 1
            problems = check_case(
                yaml.safe_load(file.read_text(encoding="utf-8")) or {}, package, PROJECT / "config"
            )
            failed += bool(problems)
            print(f"{'FAIL' if problems else 'ok  '} {file}")
            for problem in problems:
                print(f"       {problem}")
    print(f"{total - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
