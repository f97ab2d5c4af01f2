"""An instant preliminary answer on the receipt: the e-service asks the rules web API.

The stand-in passes on only what the rules need, never who: no names, no identity numbers, no
free text. People are relations and ages on the first day of the month applied for; an income's
owner is ``applicant``, ``co_applicant`` or ``member_<n>``. When the API is down, slow, refuses the
data, or the form cannot be turned into its format, the receipt says no estimate could be made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import httpx

TIMEOUT_SECONDS = 5.0


@dataclass(frozen=True)
class Preliminary:
    """What the receipt shows. ``available`` False: no estimate could be made (the reason is not shown)."""

    available: bool
    outcome: str = ""
    amount: int | None = None
    month: str = ""
    notice: str = ""
    lines: list[dict[str, Any]] = field(default_factory=list)
    look_at: list[str] = field(default_factory=list)
    checked_later: list[str] = field(default_factory=list)


UNAVAILABLE = Preliminary(available=False)


def age_on(birth_date: str, month: str) -> int:
    """Whole years on the first day of ``month`` (``YYYY-MM``); ValueError when either is not a date."""
    born = dt.date.fromisoformat(birth_date)
    day = dt.date.fromisoformat(f"{month}-01")
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def estimate_body(payload: Any) -> dict[str, Any] | None:
    """The estimate format for a submitted payload, or None when the payload cannot be read that way."""
    try:
        month = payload["month"]
        co_applicant = payload.get("co_applicant")
        members, names = [], {}
        for number, member in enumerate(payload.get("household_members") or [], start=1):
            members.append(
                {
                    "relation": member["relation"],
                    "age": age_on(member["birth_date"], month),
                    "living_at_home": member.get("living_at_home", True),
                    "lunch_at_preschool": member.get("lunch_at_preschool", False),
                    "in_upper_secondary_school": member.get("in_upper_secondary_school", False),
                }
            )
            names[member["name"]] = f"member_{number}"
        costs = dict(payload.get("costs") or {})
        costs["other"] = [
            {"description": f"Övrig kostnad {number}", "amount": item["amount"]}
            for number, item in enumerate(costs.get("other") or [], start=1)
        ]
        incomes = []
        for income in payload.get("incomes") or []:
            person = income["person"]
            owner = person if person in ("applicant", "co_applicant") else names[person]
            incomes.append({"person": owner, "type": income["type"], "amount": income["amount"]})
        body: dict[str, Any] = {
            "month": month,
            "cohabitation": co_applicant.get("relation") if isinstance(co_applicant, dict) else None,
            "household_members": members,
            "costs": costs,
            "incomes": incomes,
        }
        for flag in ("has_assets", "has_changed"):
            if isinstance(payload.get(flag), bool):
                body[flag] = payload[flag]
        return body
    except (KeyError, TypeError, ValueError, AttributeError):
        return None


async def preliminary(estimate_url: str, payload: Any, timeout: float = TIMEOUT_SECONDS) -> Preliminary:
    """Ask the rules API at ``estimate_url`` (``.../{process}/estimate``) for a preliminary answer."""
    body = estimate_body(payload)
    if body is None:
        return UNAVAILABLE
    try:
        async with httpx.AsyncClient(timeout=timeout) as client:
            response = await client.post(estimate_url, json=body)
        answer = response.json() if response.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        return UNAVAILABLE
    if not isinstance(answer, dict) or answer.get("ok") is not True:
        return UNAVAILABLE
    try:
        return Preliminary(
            available=True,
            outcome=str(answer["outcome"]),
            amount=answer.get("amount") if isinstance(answer.get("amount"), int) else None,
            month=str(answer["month"]),
            notice=str(answer["notice"]),
            lines=[line for line in answer.get("lines", []) if isinstance(line, dict)],
            look_at=[str(item["text"]) for item in answer.get("caseworker_will_look_at", [])],
            checked_later=[str(text) for text in answer.get("checked_later", [])],
        )
    except (KeyError, TypeError):
        return UNAVAILABLE
