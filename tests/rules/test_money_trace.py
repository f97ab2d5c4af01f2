"""Unit tests for money helpers, the trace and the fast model builder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rules.engine.decision import Line
from rules.engine.money import format_kr, round_kr, to_json_number
from rules.engine.parameters import ParameterValue
from rules.engine.trace import Rule, Trace, build


def test_round_half_up_to_kronor() -> None:
    assert round_kr(Decimal("4532.50")) == 4533
    assert round_kr(Decimal("4532.49")) == 4532
    assert round_kr(Decimal("-0.50")) == -1


def test_swedish_formatting() -> None:
    assert format_kr(Decimal("4532.50")) == "4 532,50 kr"
    assert format_kr(Decimal(12411)) == "12 411 kr"
    assert format_kr(Decimal("-1250")) == "-1 250 kr"
    assert format_kr(0) == "0 kr"


def test_json_numbers() -> None:
    assert to_json_number({"a": [Decimal("1.5"), Decimal(2)]}) == {"a": [1.5, 2]}


def test_trace_records_rule_parameters_and_reason() -> None:
    rule = Rule("x.y", "Titel", "SoL (2001:453) 4 kap. 3 §")
    used = ParameterValue(
        name="p", value=Decimal(1), in_force_from=dt.date(2021, 1, 1), source="SFS", verified=True
    )
    trace = Trace()
    trace.record(rule, True, "Skäl", {"a": 1}, (used,), Decimal(2))
    trace.record(rule, False, "Ej")
    assert trace.lines[0]["parameters"] == [used]
    assert trace.lines[0]["legal_reference"] == "SoL (2001:453) 4 kap. 3 §"
    assert trace.lines[1]["fired"] is False and trace.lines[1]["inputs"] == {}


def test_build_equals_validated_model() -> None:
    values = {
        "kind": "norm",
        "code": "riksnorm",
        "label": "L",
        "amount": Decimal("1.50"),
        "rule_id": "r",
        "source": None,
    }
    fast = build(Line, **values)
    assert fast == Line(**values)
    assert fast.model_dump(mode="json") == {**values, "amount": 1.5}
