"""The case system's forms: the calculation form's generated field names, and parsing submitted forms.

Field names carry the form instance number and a row index, the way the old system generates them:
``fld_<instance>_r<row>_amt``. The page computes the calculation's sum in the browser (an onchange
handler, as old systems did) and posts it; the server checks it against the rows. The journal form
on the case page posts a note and, when ticked, an "Att göra" task for a caseworker. A submission is
either entirely valid or rejected with Swedish messages; nothing is stored from an invalid one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sandbox.case_system.db import NewProposal, Row

ROW_COUNT = 30
KINDS = {"norm": "Norm", "kostnad": "Kostnad", "inkomst": "Inkomst"}
DECISIONS = {"bevilja": "Bevilja", "avsla": "Avslå"}
ROW_FIELDS = ("typ", "kod", "txt", "amt")


@dataclass(frozen=True)
class Limits:
    """How long texts may be. The pages state the note and task limits (maxlength); a label's only on refusal."""

    note: int = 4000  # a journal note, also the proposal's own note
    label: int = 200  # a calculation row's label
    task: int = 500  # the text of an "Att göra" task
    reference: int = 100


MAX_TEXT = Limits().note


def field_name(instance: str, name: str, row: int | None = None) -> str:
    """``fld_<instance>_<name>`` or ``fld_<instance>_r<row>_<name>``."""
    return f"fld_{instance}_{name}" if row is None else f"fld_{instance}_r{row}_{name}"


def parse_amount(text: str) -> Decimal | None:
    """A Swedish-formatted amount ("6 500,50", "6500", "6500.50") as Decimal, or None."""
    cleaned = text.replace("\xa0", "").replace(" ", "").replace("kr", "").replace(",", ".").strip()
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def parse_rows(form: Mapping[str, str], instance: str, limits: Limits) -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    errors: list[str] = []
    for index in range(ROW_COUNT):
        values = {name: form.get(field_name(instance, name, index), "").strip() for name in ROW_FIELDS}
        if not any(values.values()):
            continue
        line = index + 1
        amount = parse_amount(values["amt"])
        if values["typ"] not in KINDS:
            errors.append(f"Rad {line}: välj typ (Norm, Kostnad eller Inkomst).")
        if not values["kod"]:
            errors.append(f"Rad {line}: kod saknas.")
        if amount is None or amount < 0:
            errors.append(f"Rad {line}: belopp saknas eller är felaktigt.")
        if len(values["txt"]) > limits.label:
            errors.append(f"Rad {line}: benämningen är för lång (högst {limits.label} tecken).")
        if not errors:
            rows.append(Row(values["typ"], values["kod"], values["txt"], amount or Decimal(0)))
    return rows, errors


def signed_total(rows: list[Row]) -> Decimal:
    """Norms and costs add to the need; incomes reduce it."""
    return sum((-row.amount if row.kind == "inkomst" else row.amount for row in rows), Decimal(0))


def parse_proposal(
    form: Mapping[str, str], instance: str, case_id: int, limits: Limits = Limits()
) -> tuple[NewProposal | None, list[str]]:
    """A proposal from a submitted calculation form, or None and the errors to show."""

    def value(name: str) -> str:
        return form.get(field_name(instance, name), "").strip()

    rows, errors = parse_rows(form, instance, limits)
    if not rows and not errors:
        errors.append("Beräkningen saknar rader.")
    total = parse_amount(value("summa"))
    if not errors and (total is None or total != signed_total(rows)):
        errors.append("Summan stämmer inte med raderna. Räkna om beräkningen.")
    reference = value("ref")
    if not reference:
        errors.append("Ärendereferens e-tjänst saknas.")
    elif len(reference) > limits.reference:
        errors.append("Ärendereferensen är för lång.")
    decision = value("beslut")
    if decision not in DECISIONS:
        errors.append("Välj beslut: Bevilja eller Avslå.")
    amount = parse_amount(value("belopp"))
    if amount is None or amount < 0 or amount != amount.to_integral_value():
        errors.append("Belopp ska anges i hela kronor.")
    start, end = _date(value("from")), _date(value("tom"))
    if start is None or end is None:
        errors.append("Period från och till ska vara datum (ÅÅÅÅ-MM-DD).")
    elif end < start:
        errors.append("Perioden slutar före den börjar.")
    note = form.get(field_name(instance, "journal"), "").replace("\r\n", "\n").strip()
    if len(note) > limits.note:
        errors.append(f"Journalanteckningen är för lång (högst {limits.note} tecken).")
    if errors or amount is None or start is None or end is None:
        return None, errors
    return (
        NewProposal(
            case_id=case_id,
            reference=reference,
            month=start.strftime("%Y-%m"),
            period_from=start.isoformat(),
            period_to=end.isoformat(),
            decision=decision,
            amount=amount.quantize(Decimal(1)),
            rows=rows,
            note=note,
        ),
        [],
    )


def parse_journal(form: Mapping[str, str], limits: Limits) -> tuple[str, str, str | None, list[str]]:
    """Reference, note, task (None when not asked for) and errors of a posted journal form.

    A post may carry a note, a task, or both; the task is created only when its box is ticked.
    """
    reference = form.get("jref", "").strip()
    note = form.get("jtext", "").replace("\r\n", "\n").strip()
    task = form.get("utext", "").replace("\r\n", "\n").strip() if form.get("uppgift") else None
    errors = [] if reference else ["Referens saknas."]
    if len(reference) > limits.reference:
        errors.append(f"Referensen är för lång (högst {limits.reference} tecken).")
    if not note and task is None:
        errors.append("Anteckningen är tom.")
    if len(note) > limits.note:
        errors.append(f"Anteckningen är för lång (högst {limits.note} tecken).")
    if task is not None and not task:
        errors.append("Beskriv uppgiften i Att göra.")
    if task is not None and len(task) > limits.task:
        errors.append(f"Uppgiften är för lång (högst {limits.task} tecken).")
    return reference, note, task, errors
