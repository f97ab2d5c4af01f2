"""Turning the citizen form's fields into the intake payload of docs/architecture.md.

Like a real form back end it only reshapes: numbers that parse become numbers, everything else is
kept as typed, empty rows are dropped. Validation is the robot's job.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

MEMBER_ROWS = 6
INCOME_ROWS = 6
OTHER_COST_ROWS = 3
COST_FIELDS = ("rent", "household_electricity", "home_insurance", "work_travel", "union_fee", "akassa_fee")


def number(text: str) -> Any:
    """``"6 500,50"`` -> 6500.5; ``""`` -> 0; anything unparsable stays the text it was."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return 0
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return text
    if not value.is_finite() or abs(value) >= 10**12:
        return text  # absurd numbers stay text: the robot rejects them with a clear message
    return int(value) if value == value.to_integral_value() else float(value)


def yes_no(text: str | None) -> bool | None:
    return {"ja": True, "nej": False}.get((text or "").strip().lower())


def payload_from_form(form: dict[str, str]) -> dict[str, Any]:
    """The intake payload for the submitted form fields (a missing field reads as empty)."""

    def get(name: str) -> str:
        return form.get(name, "")

    co_applicant = None
    if get("co_identity_number").strip() or get("co_name").strip():
        co_applicant = {
            "identity_number": get("co_identity_number").strip(),
            "name": get("co_name").strip(),
            "relation": get("co_relation"),
        }
    members = [
        {
            "name": get(f"member_{i}_name").strip(),
            "birth_date": get(f"member_{i}_birth_date").strip(),
            "relation": get(f"member_{i}_relation"),
            "living_at_home": f"member_{i}_living_at_home" in form,
            "lunch_at_preschool": f"member_{i}_lunch_at_preschool" in form,
            "in_upper_secondary_school": f"member_{i}_upper_secondary" in form,
        }
        for i in range(MEMBER_ROWS)
        if get(f"member_{i}_name").strip() or get(f"member_{i}_birth_date").strip()
    ]
    incomes = [
        {
            "person": person_key(get(f"income_{i}_person")),
            "type": get(f"income_{i}_type"),
            "amount": number(get(f"income_{i}_amount")),
        }
        for i in range(INCOME_ROWS)
        if get(f"income_{i}_type") and get(f"income_{i}_amount").strip()
    ]
    other = [
        {"description": get(f"other_{i}_description").strip(), "amount": number(get(f"other_{i}_amount"))}
        for i in range(OTHER_COST_ROWS)
        if get(f"other_{i}_description").strip() or get(f"other_{i}_amount").strip()
    ]
    costs: dict[str, Any] = {name: number(get(name)) for name in COST_FIELDS}
    costs["other"] = other
    contact = {"email": get("email").strip()} if get("email").strip() else {}
    return {
        "month": get("month").strip(),
        "applicant": {"identity_number": get("identity_number").strip(), "name": get("name").strip()},
        "co_applicant": co_applicant,
        "household_members": members,
        "costs": costs,
        "incomes": incomes,
        "has_changed": yes_no(form.get("has_changed")),
        "change_description": get("change_description"),
        "has_assets": yes_no(form.get("has_assets")),
        "message": get("message"),
        **contact,  # only when given, so older payloads and the seeded ones keep their shape
    }


PERSON_WORDS = {"sökande": "applicant", "jag": "applicant", "medsökande": "co_applicant"}


def person_key(text: str) -> str:
    """The citizen writes "Sökande", "Medsökande" or a household member's name; the format wants a key."""
    return PERSON_WORDS.get(text.strip().lower(), text.strip())
