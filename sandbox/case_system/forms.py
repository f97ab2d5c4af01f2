"""The calculation form's generated field names, and parsing a submitted form into a proposal.

Field names carry the form instance number and a row index, the way the old system generates them:
``fld_<instance>_r<row>_amt``. A submission is either entirely valid or rejected with Swedish
messages; nothing is stored from an invalid one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation

from sandbox.case_system.db import NewProposal, Row

ROW_COUNT = 30
KINDS = {"norm": "Norm", "kostnad": "Kostnad", "inkomst": "Inkomst"}
DECISIONS = {"bevilja": "Bevilja", "avsla": "Avslå"}
ROW_FIELDS = ("typ", "kod", "txt", "amt")
MAX_TEXT = 4000


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


def parse_rows(form: Mapping[str, str], instance: str) -> tuple[list[Row], list[str]]:
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
        if len(values["txt"]) > 200:
            errors.append(f"Rad {line}: benämningen är för lång (högst 200 tecken).")
        if not errors:
            rows.append(Row(values["typ"], values["kod"], values["txt"], amount or Decimal(0)))
    return rows, errors


def parse_proposal(
    form: Mapping[str, str], instance: str, case_id: int
) -> tuple[NewProposal | None, list[str]]:
    """A proposal from a submitted calculation form, or None and the errors to show."""

    def value(name: str) -> str:
        return form.get(field_name(instance, name), "").strip()

    rows, errors = parse_rows(form, instance)
    if not rows and not errors:
        errors.append("Beräkningen saknar rader.")
    reference = value("ref")
    if not reference:
        errors.append("Ärendereferens e-tjänst saknas.")
    elif len(reference) > 100:
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
    if len(note) > MAX_TEXT:
        errors.append(f"Journalanteckningen är för lång (högst {MAX_TEXT} tecken).")
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
