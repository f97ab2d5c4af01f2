"""The decision every benefit returns: the one shape (rules.engine.shape) with its journal note (rules.engine.note).

A benefit subclasses :class:`Decision` only to name its outcome words and its language pack::

    class Decision(engine.Decision):
        texts: ClassVar[Language] = load_language(Path(__file__).with_name("texts.yaml"))
        outcome: Literal["bevilja", "avsla", "manuell"]

The fields (reference, month, outcome, amount, need, income_total, lines, reasons, trace,
unverified_parameters, rounding, municipality, completion, free_texts) are described in
:mod:`rules.engine.shape`.
"""

from __future__ import annotations

from rules.engine.note import render_note
from rules.engine.shape import (
    AmountSource,
    CompletionItem,
    CompletionKind,
    DecisionShape,
    FreeText,
    Line,
    Reason,
    Rounding,
    SourceKind,
)

__all__ = [
    "AmountSource",
    "CompletionItem",
    "CompletionKind",
    "Decision",
    "FreeText",
    "Line",
    "Reason",
    "Rounding",
    "SourceKind",
]


class Decision(DecisionShape):
    """A proposed decision with the journal note a caseworker reads in a minute, in the benefit's language."""

    def journal_note(self) -> str:
        return render_note(self)
