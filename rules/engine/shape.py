"""The one decision shape of every benefit, as data: lines, reasons with rule ids and legal references, rounding.

:class:`rules.engine.decision.Decision` (this shape with its journal note) is what the robot writes
into the case system (``lines``, ``outcome``, ``amount``, ``journal_note()``) and stores as JSON
(``model_dump(mode="json")``). A benefit subclasses it only to name its outcome words and its
language pack::

    class Decision(engine.Decision):
        texts: ClassVar[Language] = TEXTS
        outcome: Literal["bevilja", "avsla", "manuell"]

The shape, for the process layer and the report:

- ``outcome``: the benefit's word for grant, reject or manual; ``amount`` whole kronor for a grant,
  0 for a rejection, None for manual handling (``rounding`` still shows the computed figure);
- ``lines``: the calculation rows, each with the rule that gave it and, for incomes and costs, its
  ``source`` (the applicant's form or a register: agency and month, and both figures when they differ);
- ``reasons``: why the outcome is what it is, each with a stable ``rule_id`` and its legal reference;
  a reason the applicant can settle names the ``completion`` item that would settle it;
- ``completion``: what the applicant can supply (a missing document, an unanswered question), kept
  apart from the reasons: a process may ask the applicant for exactly these and decide again;
- ``free_texts``: what the applicant wrote in their own words (quoted in full in the note);
- ``trace``: every rule evaluated, fired or not, with its inputs, dated parameters and output.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel

from rules.engine.language import Language
from rules.engine.money import Money
from rules.engine.trace import TraceLine

SourceKind = Literal["applicant", "register"]
CompletionKind = Literal["document", "question"]


class AmountSource(BaseModel):
    """Where an income or cost line's amount comes from.

    ``kind`` "applicant": the application's form; "register": a register (``agency`` its code, e.g.
    FK, ``agency_name`` its name, ``month`` the month the figure is for). ``declared`` is what the
    applicant wrote and ``registered`` what the register says: both are kept when both exist, and
    ``used`` says which the line counts. ``text`` says all this in the benefit's language.
    """

    kind: SourceKind
    agency: str = ""
    agency_name: str = ""
    month: str = ""
    declared: Money | None = None
    registered: Money | None = None
    used: SourceKind = "applicant"
    text: str


class Line(BaseModel):
    """One row of the calculation as the case system shows it (amounts are positive)."""

    kind: str
    code: str
    label: str
    amount: Money
    rule_id: str
    source: AmountSource | None = None


class Reason(BaseModel):
    """Why the outcome is what it is, in the benefit's language, with its legal reference.

    ``completion``: the code of the completion item that would settle this reason (None: a
    caseworker must settle it)."""

    rule_id: str
    text: str
    legal_reference: str
    completion: str | None = None


class Rounding(BaseModel):
    """How the exact amount was rounded to whole kronor."""

    exact: Money
    rounded: int
    method: Literal["ROUND_HALF_UP"] = "ROUND_HALF_UP"
    text: str


class CompletionItem(BaseModel):
    """Something the applicant can supply: a document or the answer to a question.

    ``code`` is stable (the benefit's completion table), ``text`` is addressed to the applicant,
    ``detail`` says which one (e.g. the income and month), ``rule_id`` the rule that asked for it and
    ``external`` another system's code for it (NAV's vedlegg type for dokumentasjonEtterspurt).
    """

    code: str
    kind: CompletionKind
    text: str
    legal_reference: str
    rule_id: str
    detail: str = ""
    external: str = ""


class FreeText(BaseModel):
    """A text the applicant wrote: the form's ``field``, its caseworker-facing ``label``, and the ``text``."""

    field: str
    label: str
    text: str


class DecisionShape(BaseModel):
    """A proposed decision's fields (see the module's description); :class:`rules.engine.decision.Decision`
    adds its journal note."""

    texts: ClassVar[Language]  # the benefit's language pack, set by its subclass

    reference: str
    month: str
    outcome: str
    amount: int | None
    need: Money | None
    income_total: Money | None
    lines: list[Line]
    reasons: list[Reason]
    trace: list[TraceLine]
    unverified_parameters: list[str]
    rounding: Rounding | None
    municipality: str = ""
    completion: list[CompletionItem] = []
    free_texts: list[FreeText] = []

    @property
    def awaits_completion(self) -> bool:
        """Manual only for what the applicant can supply: every reason names a completion item."""
        return (
            self.outcome == self.texts.manual
            and bool(self.completion)
            and all(reason.completion is not None for reason in self.reasons)
        )
