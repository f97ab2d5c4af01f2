"""The evaluation state every benefit shares: dated values, unverified ones once, missing ones named,
reasons once, rows and completion requests (rules.engine.scratchpad), on a made-up benefit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from rules.engine.benefit import Benefit, EngineRules, LoadedParameters
from rules.engine.parameters import MissingParameter, ParameterSet, parse_parameter
from rules.engine.scratchpad import Scratchpad
from rules.engine.tables import CompletionEntry
from rules.engine.trace import Rule
from rules.forsorjningsstod import Decision

RULE = Rule("x.belopp", "Belopp", "SoL (2001:453) 4 kap. 3 §")
UNVERIFIED = Rule("x.overifierad", "Overifierat belopp", "SoL (2001:453) 4 kap. 3 §")
MISSING = Rule("x.saknas", "Belopp saknas", "SoF (2001:937) 2 kap. 1 §")


@dataclass(frozen=True)
class Case:
    reference: str = "X-1"
    month: str = "2021-12"


def _params(allow: bool = False) -> LoadedParameters:
    scale = parse_parameter(
        "belopp",
        {
            "description": "Belopp",
            "label": "Beloppet (test)",
            "period": "year",
            "values": {"2021-01-01": {"value": {"1": 100}, "source": "kommunens sida", "verified": False}},
        },
        "test",
    )
    return LoadedParameters(ParameterSet({"belopp": scale}), allow, "Testkommun")


class Example(Scratchpad[Case, LoadedParameters]):
    benefit = Benefit("x", Decision, EngineRules(RULE, RULE, RULE, RULE, MISSING, UNVERIFIED))
    __slots__ = ()


def test_an_unverified_value_is_reported_once_however_often_it_is_used() -> None:
    pad = Example(Case(), _params())
    assert [pad.param_item("belopp", "1", "1 person")[1] for _ in range(2)] == [Decimal(100)] * 2
    assert list(pad.unverified) == ["belopp (2021-01-01)"]
    assert [(r.rule_id, r.text) for r in pad.reasons.values()] == [
        (
            "x.overifierad",
            "Beloppet belopp (2021-01-01) är inte verifierat mot officiell källa (källa: kommunens sida).",
        )
    ]


def test_in_the_sandbox_an_unverified_value_is_only_noted() -> None:
    pad = Example(Case(), _params(allow=True))
    pad.param("belopp")
    assert not pad.reasons and pad.trace.lines[0]["reason"].endswith("; tillåtet i sandlådeläge.")


def test_a_missing_item_is_named_and_not_flagged_as_unverified() -> None:
    pad = Example(Case(), _params())
    try:
        pad.param_item("belopp", "2", "2 personer")
    except MissingParameter as error:
        pad.missing(error)
    assert pad.incomplete and not pad.unverified
    assert [r.text for r in pad.reasons.values()] == [
        "Beloppet (test), 2 personer, för 2021 saknas i parameterfilerna."
    ]


def test_a_parameter_only_a_municipality_gives_is_missing_with_its_label() -> None:
    pad = Example(Case(), _params())
    try:
        pad.param("boendekostnad_tak")
    except MissingParameter as error:
        pad.missing(error, incomplete=False)
    assert not pad.incomplete
    assert [r.text for r in pad.reasons.values()] == [
        "Kommunens högsta godtagbara boendekostnad (kommunfil saknas) för 2021-12 saknas i parameterfilerna."
    ]


def test_a_reason_is_kept_once_with_its_rules_legal_reference_unless_another_is_given() -> None:
    pad = Example(Case(), _params())
    pad.manual(RULE, "Hyran är över taket.")
    pad.manual(RULE, "Hyran är över taket.")
    pad.manual(RULE, "Annat skäl.", legal="SoL (2001:453) 4 kap. 1 §")
    shown = [(r.text, r.legal_reference) for r in pad.reasons.values()]
    assert shown == [
        ("Hyran är över taket.", "SoL (2001:453) 4 kap. 3 §"),
        ("Annat skäl.", "SoL (2001:453) 4 kap. 1 §"),
    ]
    assert [line["output"] for line in pad.trace.lines] == ["manuell"] * 3


def test_rows_requests_and_the_decision_are_recorded_as_given() -> None:
    pad = Example(Case(), _params())
    pad.add_line("norm", "riksnorm", "Riksnorm", Decimal(3160), RULE)
    pad.note(RULE, False, "Inte tillämplig.", inputs={"a": 1})
    item = CompletionEntry("kvitto", "Skicka kvittot.", "document", "SoL (2001:453) 4 kap. 1 §")
    code = pad.request(item, RULE, "Tandvård")
    pad.request(item, RULE, "Tandvård")  # asked once
    pad.manual(RULE, "Kvitto saknas.", completion=code)
    decision = pad.decision("manuell", None, None, None, None)
    assert (decision.lines[0].kind, decision.lines[0].amount, decision.lines[0].rule_id) == (
        "norm",
        3160,
        "x.belopp",
    )
    assert [(c.code, c.kind, c.text, c.detail) for c in decision.completion] == [
        ("kvitto", "document", "Skicka kvittot.", "Tandvård")
    ]
    assert decision.awaits_completion
    assert decision.municipality == "Testkommun" and decision.reasons[0].completion == "kvitto"
    assert pad.trace.lines[0]["fired"] is False and pad.month_start == dt.date(2021, 12, 1)
