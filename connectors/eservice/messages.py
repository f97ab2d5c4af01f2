"""Swedish, plain-language sentences for the validation errors of the intake model.

Each sentence names the field as a caseworker reads it ("Hyran", "Födelsedatumet för hushållsmedlem 2")
and says what is wrong. Keys from the payload are shown only masked and shortened.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from connectors.identity import mask_all

MAX_MESSAGES = 25

_TOP = {
    "reference": "Ansökans referens",
    "month": "Månaden som ansökan gäller",
    "applicant": "Sökandens uppgifter",
    "co_applicant": "Medsökandens uppgifter",
    "household_members": "Listan över hushållsmedlemmar",
    "costs": "Kostnaderna",
    "incomes": "Listan över inkomster",
    "has_changed": "Svaret på frågan om något har ändrats",
    "change_description": "Beskrivningen av vad som har ändrats",
    "has_assets": "Svaret på frågan om tillgångar",
    "message": "Meddelandet",
    "email": "E-postadressen",
}
_PERSON = {"identity_number": "personnummer", "name": "namn", "relation": "relation (sambo eller gift)"}
_MEMBER = {
    "name": "Namnet",
    "birth_date": "Födelsedatumet",
    "relation": "Relationen",
    "living_at_home": "Uppgiften om boende hemma",
    "lunch_at_preschool": "Uppgiften om lunch i förskolan",
    "in_upper_secondary_school": "Uppgiften om gymnasiestudier",
}
_COSTS = {
    "rent": "Hyran",
    "household_electricity": "Kostnaden för hushållsel",
    "home_insurance": "Kostnaden för hemförsäkring",
    "work_travel": "Kostnaden för arbetsresor",
    "union_fee": "Fackavgiften",
    "akassa_fee": "A-kasseavgiften",
    "other": "Listan över övriga kostnader",
}
_ROWS = {"description": "Beskrivningen", "amount": "Beloppet", "person": "Personen", "type": "Inkomsttypen"}
_UNSAFE = re.compile(r"[^\w .:/@+-]", re.UNICODE)


def shown_key(key: object) -> str:
    """A payload key made safe to show: masked, without odd characters, at most 40 characters."""
    text = _UNSAFE.sub("?", mask_all(str(key)))
    return text if len(text) <= 40 else text[:37] + "..."


def label(loc: tuple[int | str, ...]) -> str:
    """The Swedish name of the field at ``loc``."""
    if not loc:
        return "Ansökan"
    head, rest = loc[0], loc[1:]
    if head in ("applicant", "co_applicant") and rest and rest[0] in _PERSON:
        owner = "Sökandens" if head == "applicant" else "Medsökandens"
        return f"{owner} {_PERSON[str(rest[0])]}"
    if head == "household_members" and rest and isinstance(rest[0], int):
        number = rest[0] + 1
        if len(rest) > 1 and rest[1] in _MEMBER:
            return f"{_MEMBER[str(rest[1])]} för hushållsmedlem {number}"
        return f"Hushållsmedlem {number}"
    if head == "incomes" and rest and isinstance(rest[0], int):
        number = rest[0] + 1
        if len(rest) > 1 and rest[1] in _ROWS:
            return f"{_ROWS[str(rest[1])]} för inkomst {number}"
        return f"Inkomst {number}"
    if head == "costs" and rest:
        if rest[0] == "other" and len(rest) > 1 and isinstance(rest[1], int):
            number = rest[1] + 1
            if len(rest) > 2 and rest[2] in _ROWS:
                return f"{_ROWS[str(rest[2])]} för övrig kostnad {number}"
            return f"Övrig kostnad {number}"
        if rest[0] in _COSTS:
            return _COSTS[str(rest[0])]
    if isinstance(head, str) and head in _TOP and not rest:
        return _TOP[head]
    return f"Fältet {shown_key('.'.join(str(part) for part in loc))}"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def sentence(error: Any) -> list[str]:
    """The Swedish sentences for one pydantic error dict."""
    loc: tuple[int | str, ...] = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    name = label(loc)
    if kind == "sv_sentences":
        return [str(text) for text in ctx.get("sentences", [])]
    if kind == "sv":
        return [f"{name} {error.get('msg', 'är ogiltigt')}."]
    if kind == "missing":
        return [f"{name} saknas."]
    if kind == "extra_forbidden":
        where = "ansökan" if len(loc) <= 1 else _lower_first(label(loc[:-1]))
        key = shown_key(loc[-1]) if loc else "?"
        return [f'Fältet "{key}" i {where} känns inte igen. Ta bort det eller använd e-tjänstens format.']
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not loc:
            return ["Ansökan ska vara ett JSON-objekt i e-tjänstens format, men är något annat."]
        return [f"{name} ska vara en grupp av uppgifter (ett JSON-objekt)."]
    if kind == "list_type":
        return [f"{name} ska vara en lista."]
    if kind == "too_long":
        return [f"{name} får ha högst {ctx.get('max_length', '?')} rader."]
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return [f"{name} har ett okänt värde. Tillåtna värden är {allowed}."]
    return [f"{name} har ett ogiltigt värde."]


def swedish_errors(error: ValidationError) -> list[str]:
    """All errors of a validation as Swedish sentences, without duplicates, at most MAX_MESSAGES."""
    messages: list[str] = []
    for item in error.errors(include_url=False, include_input=False):
        for text in sentence(item):
            if text not in messages:
                messages.append(text)
    if len(messages) > MAX_MESSAGES:
        extra = len(messages) - MAX_MESSAGES
        messages = [*messages[:MAX_MESSAGES], f"Ytterligare {extra} fel visas inte."]
    return messages
