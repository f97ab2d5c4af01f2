"""The evaluation state every benefit shares: dated values, unverified ones once, reasons once, rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, cast

from rules.engine.parameters import Parameter, ParameterValue
from rules.engine.scratchpad import Scratchpad
from rules.engine.trace import Rule
from rules.forsorjningsstod.decision import Line, Reason

RULE = Rule("x.belopp", "Belopp", "SoL (2001:453) 4 kap. 3 §")
UNVERIFIED = Rule("x.overifierad", "Overifierat belopp", "SoL (2001:453) 4 kap. 3 §")


class Dated:
    """A parameter with one unverified value from 2021."""

    def at(self, when: dt.date) -> ParameterValue:
        assert when == dt.date(2021, 12, 1)  # the first day of the month applied for
        return ParameterValue(
            name="belopp", value=Decimal(100), in_force_from=dt.date(2021, 1, 1), source="kommunens sida",
            verified=False,
        )  # fmt: skip


class Example(Scratchpad[Reason, Line]):
    reason_model, line_model = Reason, Line
    __slots__ = ("noticed",)

    def __init__(self) -> None:
        super().__init__("2021-12")
        self.noticed: list[str] = []

    def parameter(self, name: str) -> Parameter:
        return cast(Parameter, Dated())

    def unverified_value(self, key: str, value: ParameterValue, parameter: Parameter) -> None:
        self.noticed.append(key)
        self.manual(UNVERIFIED, f"Beloppet {key} är inte verifierat.")


def test_an_unverified_value_is_reported_once_however_often_it_is_used() -> None:
    pad = Example()
    assert [pad.param("belopp").value, pad.param("belopp").value] == [Decimal(100), Decimal(100)]
    assert pad.noticed == ["belopp (2021-01-01)"]
    assert list(pad.unverified) == ["belopp (2021-01-01)"]
    assert [r.rule_id for r in pad.reasons.values()] == ["x.overifierad"]


def test_a_reason_is_kept_once_with_its_rules_legal_reference_unless_another_is_given() -> None:
    pad = Example()
    pad.manual(RULE, "Hyran är över taket.")
    pad.manual(RULE, "Hyran är över taket.")
    pad.manual(RULE, "Annat skäl.", legal="SoL (2001:453) 4 kap. 1 §")
    shown = [(r.text, r.legal_reference) for r in pad.reasons.values()]
    assert shown == [
        ("Hyran är över taket.", "SoL (2001:453) 4 kap. 3 §"),
        ("Annat skäl.", "SoL (2001:453) 4 kap. 1 §"),
    ]
    assert [line["output"] for line in pad.trace.lines] == ["manuell"] * 3


def test_rows_and_notes_are_recorded_as_given() -> None:
    pad = Example()
    pad.add_line("norm", "riksnorm", "Riksnorm", Decimal(3160), RULE)
    pad.note(RULE, False, "Inte tillämplig.", inputs={"a": 1})
    line: Any = pad.lines[0]
    assert (line.kind, line.code, line.amount, line.rule_id) == (
        "norm",
        "riksnorm",
        Decimal(3160),
        "x.belopp",
    )
    assert pad.trace.lines[0]["fired"] is False and pad.month_start == dt.date(2021, 12, 1)
