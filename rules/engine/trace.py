"""Rule definitions and the trace: one line per rule evaluated, fired or not.

A :class:`Rule` names a rule (id, Swedish title, legal reference) once; :class:`Trace` records
each evaluation with its inputs, the dated parameters used, its output and a Swedish reason.
A line is a plain typed dict (no validation at run time) so tracing stays cheap; pydantic models
that hold a trace serialise Decimals in it as JSON numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, PlainSerializer
from typing_extensions import TypedDict  # pydantic needs this one on Python < 3.12

from rules.engine.money import to_json_number
from rules.engine.parameters import ParameterValue


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule as a lawyer reads it: an id, a Swedish title and its legal reference."""

    id: str
    title: str
    legal_reference: str


M = TypeVar("M", bound=BaseModel)
JsonNumbers = Annotated[Any, PlainSerializer(to_json_number, return_type=Any, when_used="json")]


class TraceLine(TypedDict):
    """One evaluated rule: did it fire, on what inputs and parameters, with what output and why."""

    rule_id: str
    title: str
    fired: bool
    inputs: JsonNumbers
    parameters: list[ParameterValue]
    output: JsonNumbers
    reason: str
    legal_reference: str


class Trace:
    """Collects trace lines in evaluation order."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: list[TraceLine] = []

    def record(
        self,
        rule: Rule,
        fired: bool,
        reason: str,
        inputs: dict[str, Any] | None = None,
        parameters: Sequence[ParameterValue] = (),
        output: Any = None,
    ) -> None:
        """Append a line for ``rule``."""
        self.lines.append(
            {
                "rule_id": rule.id,
                "title": rule.title,
                "fired": fired,
                "inputs": inputs if inputs is not None else {},
                "parameters": list(parameters) if parameters else [],
                "output": output,
                "reason": reason,
                "legal_reference": rule.legal_reference,
            }
        )


def build(model: type[M], **values: Any) -> M:
    """Make a pydantic model instance from trusted values without validation.

    Equivalent to ``model.model_construct`` with every field given, at a fraction of the cost;
    used on the hot path for values the rules built themselves. Every field must be passed.
    """
    obj = model.__new__(model)
    object.__setattr__(obj, "__dict__", values)
    object.__setattr__(obj, "__pydantic_fields_set__", set(values))
    object.__setattr__(obj, "__pydantic_extra__", None)
    object.__setattr__(obj, "__pydantic_private__", None)
    return obj
