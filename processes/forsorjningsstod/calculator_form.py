"""The public calculator's form: its fields, turned into the estimate format of :mod:`calculator`.

Like the e-service's form back end it only reshapes (numbers that parse become numbers, empty rows
are dropped); the estimate's model validates. A child's row counts when its age is filled in; an
income names its owner as ``applicant``, ``co_applicant`` or ``child_<row>`` (the row in the form).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

CHILD_ROWS = 6
INCOME_ROWS = 6
MAX_OTHER_ADULTS = 8
COST_FIELDS = (
    ("rent", "Hyra eller avgift för bostaden"),
    ("household_electricity", "Hushållsel"),
    ("home_insurance", "Hemförsäkring"),
    ("work_travel", "Resor till och från arbetet"),
    ("union_fee", "Avgift till facket"),
    ("akassa_fee", "Avgift till a-kassan"),
    ("other_costs", "Andra kostnader"),
)


def number(text: str) -> Any:
    """``"6 500,50"`` -> Decimal 6500.50; ``""`` -> 0; anything else stays text (the model refuses it)."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return 0
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return text
    return value if value.is_finite() and abs(value) < 10**12 else text


def whole(text: str) -> int | str:
    cleaned = text.strip()
    return int(cleaned) if cleaned.isdigit() and len(cleaned) <= 3 else cleaned


def default_month(today: dt.date | None = None) -> str:
    """The current month: the calculator answers for today. When the amounts for it are not all known,
    the answer says so in a sentence (see :data:`processes.forsorjningsstod.calculator.MISSING_AMOUNTS`)."""
    return f"{today or dt.date.today():%Y-%m}"


def estimate_input(form: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    """The estimate format for the submitted fields, and sentences for what the form itself cannot read."""

    def get(name: str) -> str:
        return str(form.get(name, "") or "")

    problems: list[str] = []
    members: list[dict[str, Any]] = []
    child_member: dict[str, str] = {}
    for row in range(CHILD_ROWS):
        age = get(f"child_{row}_age").strip()
        if not age:
            continue
        years = whole(age)
        if not isinstance(years, int) or years > 20:
            problems.append(
                f"Skriv åldern för barn {row + 1} i hela år, 0–20. Äldre barn räknas som vuxna i hemmet."
            )
            continue
        members.append(
            {
                "relation": "barn",
                "age": years,
                "lunch_at_preschool": bool(get(f"child_{row}_lunch")),
                "in_upper_secondary_school": bool(get(f"child_{row}_gymnasium")),
            }
        )
        child_member[f"child_{row}"] = f"member_{len(members)}"
    adults = whole(get("other_adults") or "0")
    if not isinstance(adults, int) or adults > MAX_OTHER_ADULTS:
        problems.append(f"Skriv antalet andra vuxna i hemmet som en siffra, 0–{MAX_OTHER_ADULTS}.")
        adults = 0
    members.extend({"relation": "vuxen", "age": 30} for _ in range(adults))
    incomes = []
    for row in range(INCOME_ROWS):
        kind, amount = get(f"income_{row}_type"), get(f"income_{row}_amount").strip()
        if not kind and not amount:
            continue
        if not kind:
            problems.append(f"Välj vilken sorts inkomst rad {row + 1} är.")
            continue
        person = get(f"income_{row}_person") or "applicant"
        if person.startswith("child_"):
            if person not in child_member:
                problems.append(f"Inkomst {row + 1} gäller ett barn som du inte har skrivit åldern för.")
                continue
            person = child_member[person]
        incomes.append({"person": person, "type": kind, "amount": number(amount)})
    costs: dict[str, Any] = {name: number(get(name)) for name, _ in COST_FIELDS if name != "other_costs"}
    other = number(get("other_costs"))
    costs["other"] = [{"description": "Andra kostnader", "amount": other}] if other != 0 else []
    data = {
        "month": get("month").strip(),
        "cohabitation": get("cohabitation") or None,
        "household_members": members,
        "costs": costs,
        "incomes": incomes,
        "has_assets": get("has_assets") == "ja",
    }
    return data, problems
