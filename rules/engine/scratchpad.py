"""The state of one evaluation, for every benefit: its case, parameters, trace, rows, reasons and requests.

A benefit subclasses :class:`Scratchpad` once, naming its :class:`rules.engine.benefit.Benefit` and
adding what its own rules need to remember (control months, adults outside the application). Rules
modules then call :meth:`Scratchpad.param` / :meth:`Scratchpad.param_item` for dated values,
:meth:`Scratchpad.note` to trace a rule, :meth:`Scratchpad.manual` to trace a rule that sends the case
to a caseworker, :meth:`Scratchpad.add_line` for a row of the calculation and
:meth:`Scratchpad.request` for something the applicant can supply. An unverified value is flagged
(sandbox) or sent to a caseworker (production), and a missing one makes the figures incomplete, in
the benefit's own words (its language pack).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from rules.engine.bands import AgeBand, band_for, bands_of
from rules.engine.benefit import Benefit, LoadedParameters
from rules.engine.decision import AmountSource, CompletionItem, Decision, FreeText, Line, Reason, Rounding
from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter, Parameter, ParameterValue
from rules.engine.tables import CompletionEntry
from rules.engine.trace import Rule, Trace, build


class CaseLike(Protocol):
    """What the engine reads of every benefit's input."""

    @property
    def reference(self) -> str: ...

    @property
    def month(self) -> str: ...


CaseT = TypeVar("CaseT", bound=CaseLike)
ParamsT = TypeVar("ParamsT", bound=LoadedParameters)


class Scratchpad(Generic[CaseT, ParamsT]):
    """Mutable state of one call of a benefit's ``decide``; never shared between cases."""

    benefit: ClassVar[Benefit]  # set on the subclass
    __slots__ = (
        "case", "completion", "free_texts", "incomplete", "lines", "month_start", "params", "reasons", "trace",
        "unverified",
    )  # fmt: skip

    def __init__(self, case: CaseT, params: ParamsT) -> None:
        year, number = case.month.split("-")
        self.case = case
        self.params = params
        self.month_start = dt.date(int(year), int(number), 1)
        self.trace = Trace()
        self.reasons: dict[str, Reason] = {}
        self.lines: list[Line] = []
        self.unverified: dict[str, ParameterValue] = {}
        self.completion: dict[str, CompletionItem] = {}
        self.free_texts: list[FreeText] = []  # what the applicant wrote (rules.engine.checks.free_text)
        self.incomplete = False  # a figure could not be computed (a value or data is missing)

    # --- dated parameters ----------------------------------------------------------------------
    def parameter(self, name: str) -> Parameter:
        """The parameter ``name``; one only a municipality file gives raises MissingParameter with its label."""
        parameter = self.params.parameters.get(name)
        if parameter is None:
            label = self.benefit.language.local_parameters.get(name, name)
            raise MissingParameter(
                name, label, self.month_start, "open", self.benefit.rules.missing.legal_reference
            )
        return parameter

    def param(self, name: str) -> ParameterValue:
        """The value of ``name`` in force on the first day of the month; raises MissingParameter."""
        parameter = self.parameter(name)
        value = parameter.at(self.month_start)
        self._check_verified(value, parameter)
        return value

    def param_item(self, name: str, key: str, item_label: str) -> tuple[ParameterValue, Any]:
        """The value of ``name`` for the month and its item ``key``; a missing item raises
        MissingParameter naming ``item_label`` (a partly entered year is used only for what it has)."""
        parameter = self.parameter(name)
        value = parameter.at(self.month_start)
        found = value.value.get(key) if isinstance(value.value, dict) else None
        if found is None:
            raise MissingParameter(
                name, parameter.label, self.month_start, parameter.period, parameter.reference, item_label
            )
        self._check_verified(value, parameter)
        return value, found

    def _check_verified(self, value: ParameterValue, parameter: Parameter) -> None:
        """Trace a value not verified against its source, once: noted in the sandbox, manual otherwise."""
        if value.verified:
            return
        key = f"{value.name} ({value.in_force_from.isoformat()})"
        if key in self.unverified:
            return
        self.unverified[key] = value
        words, rule = self.benefit.language, self.benefit.rules.unverified
        text = words.unverified.format(key=key, source=value.source)
        if self.params.allow_unverified:
            self.note(rule, True, text + words.unverified_allowed, (value,))
        else:
            self.manual(rule, text + ".", parameters=(value,), legal=parameter.reference)

    def missing(self, error: MissingParameter, incomplete: bool = True) -> None:
        """Record a missing amount: the case goes to a caseworker naming it; with ``incomplete`` the
        figures cannot be computed (a threshold that is missing leaves them computable)."""
        self.incomplete = self.incomplete or incomplete
        words = self.benefit.language
        if error.item:
            text = words.missing_item.format(label=error.label, item=error.item, span=error.span)
        else:
            text = words.missing.format(label=error.label, span=error.span)
        legal = error.reference or self.benefit.rules.missing.legal_reference
        self.manual(
            self.benefit.rules.missing, text, {"parameter": error.name, "item": error.item}, legal=legal
        )

    # --- tracing, reasons, rows, requests ------------------------------------------------------
    def note_age_day(self, rule: Rule) -> None:
        """Trace that ages are counted on the first day of the month applied for (every benefit's choice)."""
        text = self.benefit.language.age_day.format(day=self.month_start.isoformat())
        self.note(rule, True, text, inputs={"day": self.month_start})

    def note(
        self,
        rule: Rule,
        fired: bool,
        reason: str,
        parameters: Sequence[ParameterValue] = (),
        inputs: dict[str, Any] | None = None,
        output: Any = None,
    ) -> None:
        """Trace ``rule`` without sending the case to manual handling."""
        self.trace.record(rule, fired, reason, inputs, parameters, output)

    def manual(
        self,
        rule: Rule,
        text: str,
        inputs: dict[str, Any] | None = None,
        parameters: Sequence[ParameterValue] = (),
        legal: str = "",
        completion: str | None = None,
    ) -> None:
        """Trace ``rule`` as fired and add ``text`` to the reasons for manual handling (once).
        ``completion``: the code of a requested completion item that would settle it."""
        self.trace.record(rule, True, text, inputs, parameters, self.benefit.language.manual)
        if text not in self.reasons:
            self.reasons[text] = build(
                Reason,
                rule_id=rule.id,
                text=text,
                legal_reference=legal or rule.legal_reference,
                completion=completion,
            )

    def add_line(
        self, kind: str, code: str, label: str, amount: Any, rule: Rule, source: AmountSource | None = None
    ) -> None:
        """Add a row of the calculation as the case system shows it, with where its amount comes from."""
        self.lines.append(
            build(Line, kind=kind, code=code, label=label, amount=amount, rule_id=rule.id, source=source)
        )

    def count(
        self,
        rule: Rule,
        text: str,
        row: tuple[str, str, str],
        amount: Any,
        parameters: Sequence[ParameterValue] = (),
        inputs: dict[str, Any] | None = None,
        source: AmountSource | None = None,
    ) -> Decimal:
        """Trace ``rule`` as fired and add the row ``(kind, code, label)`` with ``amount``, which counts
        in the figures; returns the amount."""
        self.note(rule, True, text, parameters, inputs, amount)
        kind, code, label = row
        self.add_line(kind, code, label, amount, rule, source)
        return Decimal(amount)

    def band(self, name: str, age: int) -> tuple[ParameterValue, AgeBand | None]:
        """The age bands ``name`` in force for the month, and the band ``age`` falls in (None: none)."""
        bands = self.param(name)
        return bands, band_for(age, bands_of(bands))

    def source(
        self,
        agency: str = "",
        agency_name: str = "",
        month: str = "",
        declared: Decimal | None = None,
        registered: Decimal | None = None,
    ) -> AmountSource:
        """Where an amount comes from: the applicant's form (no ``agency``), or a register; when both the
        register and the applicant give a figure, both are kept and the register's is used."""
        words = self.benefit.language
        if not agency:
            return build(
                AmountSource, kind="applicant", agency="", agency_name="", month="", declared=declared,
                registered=None, used="applicant", text=words.source_applicant,
            )  # fmt: skip
        fields = {"agency": agency, "agency_name": agency_name or agency, "month": month}
        if declared is not None and declared != registered:
            text = words.source_both.format(**fields, declared=format_kr(declared))
        else:
            text = words.source_register.format(**fields)
        return build(
            AmountSource, kind="register", agency=agency, agency_name=agency_name or agency, month=month,
            declared=declared, registered=registered, used="register", text=text,
        )  # fmt: skip

    def request(self, item: CompletionEntry, rule: Rule, detail: str = "") -> str:
        """Ask the applicant for the completion table's ``item`` (a document or a question; once per code
        and detail); returns its code, for the reason it would settle (``manual(..., completion=code)``)."""
        found = build(
            CompletionItem, code=item.code, kind=item.action, text=item.label,
            legal_reference=item.legal_reference or rule.legal_reference, rule_id=rule.id, detail=detail,
            external=item.external,
        )  # fmt: skip
        self.completion.setdefault(f"{item.code}|{detail}", found)
        return item.code

    # --- the decision ---------------------------------------------------------------------------
    def decision(
        self,
        outcome: str,
        amount: int | None,
        need: Decimal | None,
        income: Decimal | None,
        rounding: Rounding | None,
    ) -> Decision:
        """The benefit's :class:`Decision` from this evaluation."""
        return build(
            self.benefit.decision,
            reference=self.case.reference,
            month=self.case.month,
            outcome=outcome,
            amount=amount,
            need=need,
            income_total=income,
            lines=self.lines,
            reasons=list(self.reasons.values()),
            trace=self.trace.lines,
            unverified_parameters=list(self.unverified),
            rounding=rounding,
            municipality=self.params.municipality,
            completion=list(self.completion.values()),
            free_texts=self.free_texts,
        )
