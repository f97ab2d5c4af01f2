"""The intake model: a valid payload passes; each broken field gives its Swedish error; nothing raises."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.eservice.models import Application, validate_payload
from sandbox.identity import identity_number

APPLICANT = identity_number(date(1985, 3, 12), 239)  # 19850312-2395
CO_APPLICANT = identity_number(date(1986, 1, 1), 123)  # 19860101-1235


def valid_payload() -> dict[str, Any]:
    return {
        "reference": "ES-000123",
        "month": "2021-12",
        "applicant": {"identity_number": APPLICANT, "name": "Anna Testsson"},
        "co_applicant": {"identity_number": CO_APPLICANT, "name": "Bo Testsson", "relation": "sambo"},
        "household_members": [
            {
                "name": "Cia Testsson",
                "birth_date": "2016-04-02",
                "relation": "barn",
                "living_at_home": True,
                "lunch_at_preschool": False,
                "in_upper_secondary_school": False,
            }
        ],
        "costs": {
            "rent": 6500,
            "household_electricity": 300,
            "home_insurance": 150,
            "work_travel": 0,
            "union_fee": 0,
            "akassa_fee": 0,
            "other": [{"description": "Tandvård", "amount": 800}],
        },
        "incomes": [{"person": "applicant", "type": "lon", "amount": 5000.5}],
        "has_changed": False,
        "change_description": "",
        "has_assets": False,
        "message": "",
    }


def test_valid_example_passes_and_is_normalised() -> None:
    payload = valid_payload()
    payload["co_applicant"]["identity_number"] = CO_APPLICANT.replace("-", "")
    app, errors = validate_payload(payload)
    assert errors == []
    assert isinstance(app, Application)
    assert app.co_applicant is not None and app.co_applicant.identity_number == CO_APPLICANT
    assert app.costs.rent == Decimal("6500")
    assert app.incomes[0].amount == Decimal("5000.5")
    assert app.household_members[0].birth_date == date(2016, 4, 2)
    assert app.household_size() == 3


def test_single_applicant_without_co_applicant_key_passes() -> None:
    payload = valid_payload()
    del payload["co_applicant"]
    app, errors = validate_payload(payload)
    assert errors == [] and app is not None and app.co_applicant is None


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(payload: dict[str, Any]) -> None:
        target = payload
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


def _delete(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda payload: payload.pop(key)


BAD_CHECKSUM = APPLICANT[:-1] + "6"
TOMORROW = (date.today() + timedelta(days=1)).isoformat()

CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str]] = [
    (
        "checksum",
        _set(("applicant", "identity_number"), BAD_CHECKSUM),
        "Sökandens personnummer (19850312-****) har fel kontrollsiffra.",
    ),
    (
        "bad date in number",
        _set(("applicant", "identity_number"), "19851332-2395"),
        "Sökandens personnummer (19851332-****) börjar inte med ett riktigt datum.",
    ),
    (
        "ten digits",
        _set(("applicant", "identity_number"), "850312-2395"),
        "Sökandens personnummer har bara 10 siffror; skriv alla 12 siffror som ÅÅÅÅMMDD-NNNN.",
    ),
    (
        "number format",
        _set(("co_applicant", "identity_number"), "abc"),
        "Medsökandens personnummer har fel format; skriv det som ÅÅÅÅMMDD-NNNN.",
    ),
    (
        "same co-applicant",
        _set(("co_applicant", "identity_number"), APPLICANT),
        "Medsökandens personnummer (19850312-****) är samma som sökandens. Ange medsökandens eget "
        "personnummer, eller lämna medsökande tomt.",
    ),
    (
        "relation",
        _set(("co_applicant", "relation"), "kompis"),
        "Medsökandens relation (sambo eller gift) har ett okänt värde. "
        "Tillåtna värden är 'sambo' eller 'gift'.",
    ),
    (
        "member relation",
        _set(("household_members", 0, "relation"), "katt"),
        "Relationen för hushållsmedlem 1 har ett okänt värde. Tillåtna värden är 'barn' eller 'vuxen'.",
    ),
    (
        "future birth",
        _set(("household_members", 0, "birth_date"), TOMORROW),
        "Födelsedatumet för hushållsmedlem 1 ligger i framtiden.",
    ),
    (
        "old birth",
        _set(("household_members", 0, "birth_date"), "1899-12-31"),
        "Födelsedatumet för hushållsmedlem 1 ligger före år 1900.",
    ),
    (
        "unreal birth",
        _set(("household_members", 0, "birth_date"), "2016-02-30"),
        "Födelsedatumet för hushållsmedlem 1 är inte ett riktigt datum.",
    ),
    (
        "birth format",
        _set(("household_members", 0, "birth_date"), "2/4 2016"),
        "Födelsedatumet för hushållsmedlem 1 ska vara ett datum i formen ÅÅÅÅ-MM-DD.",
    ),
    (
        "lunch not bool",
        _set(("household_members", 0, "lunch_at_preschool"), "ja"),
        "Uppgiften om lunch i förskolan för hushållsmedlem 1 ska vara ja eller nej (true eller false).",
    ),
    ("month missing", _delete("month"), "Månaden som ansökan gäller saknas."),
    (
        "month 13",
        _set(("month",), "2021-13"),
        "Månaden som ansökan gäller har en månad som inte finns (01-12).",
    ),
    (
        "month format",
        _set(("month",), "december"),
        "Månaden som ansökan gäller ska skrivas som ÅÅÅÅ-MM, till exempel 2021-12.",
    ),
    (
        "month implausible",
        _set(("month",), "1821-12"),
        "Månaden som ansökan gäller ligger utanför rimliga år (2000-2099).",
    ),
    ("negative rent", _set(("costs", "rent"), -1), "Hyran får inte vara ett negativt belopp."),
    (
        "huge rent",
        _set(("costs", "rent"), 1_000_001),
        "Hyran är ett orimligt stort belopp (högst 1 000 000 kr).",
    ),
    ("rent decimals", _set(("costs", "rent"), 100.125), "Hyran får ha högst två decimaler (ören)."),
    (
        "rent text",
        _set(("costs", "rent"), "6500"),
        "Hyran ska vara ett belopp i kronor, skrivet som ett tal.",
    ),
    ("rent bool", _set(("costs", "rent"), True), "Hyran ska vara ett belopp i kronor, skrivet som ett tal."),
    (
        "rent nan",
        _set(("costs", "rent"), float("nan")),
        "Hyran ska vara ett belopp i kronor, skrivet som ett tal.",
    ),
    (
        "electricity missing",
        lambda p: p["costs"].pop("household_electricity"),
        "Kostnaden för hushållsel saknas.",
    ),
    (
        "other description",
        _set(("costs", "other", 0, "description"), "x" * 201),
        "Beskrivningen för övrig kostnad 1 har för många tecken (högst 200).",
    ),
    (
        "other amount",
        _set(("costs", "other", 0, "amount"), -5),
        "Beloppet för övrig kostnad 1 får inte vara ett negativt belopp.",
    ),
    ("income type", _set(("incomes", 0, "type"), "swish"), "Inkomsttypen för inkomst 1 har ett okänt värde."),
    (
        "income person",
        _set(("incomes", 0, "person"), "Okänd Person"),
        "Inkomst 1 gäller en person som inte finns i ansökan. Ange sökanden, medsökanden eller en "
        "hushållsmedlem med samma namn som i listan över hushållet.",
    ),
    (
        "income for missing co-applicant",
        lambda p: (p.update(co_applicant=None), p["incomes"][0].update(person="co_applicant")),
        "Inkomst 1 gäller medsökanden, men ansökan har ingen medsökande.",
    ),
    (
        "name too long",
        _set(("applicant", "name"), "A" * 101),
        "Sökandens namn har för många tecken (högst 100).",
    ),
    ("name empty", _set(("applicant", "name"), "  "), "Sökandens namn saknas."),
    (
        "name control char",
        _set(("applicant", "name"), "Anna\x00"),
        "Sökandens namn innehåller otillåtna kontrolltecken.",
    ),
    ("message too long", _set(("message",), "x" * 2001), "Meddelandet har för många tecken (högst 2000)."),
    (
        "has_assets text",
        _set(("has_assets",), "nej"),
        "Svaret på frågan om tillgångar ska vara ja eller nej (true eller false).",
    ),
    (
        "extra field",
        _set(("bankkonto",), "1234"),
        'Fältet "bankkonto" i ansökan känns inte igen. Ta bort det eller använd e-tjänstens format.',
    ),
    (
        "extra nested field",
        _set(("applicant", "email"), "a@b.se"),
        'Fältet "email" i sökandens uppgifter känns inte igen. Ta bort det eller använd e-tjänstens format.',
    ),
    (
        "too many members",
        _set(
            ("household_members",),
            [
                {
                    "name": f"Barn {i}",
                    "birth_date": "2010-01-01",
                    "relation": "barn",
                    "living_at_home": True,
                    "lunch_at_preschool": False,
                    "in_upper_secondary_school": False,
                }
                for i in range(16)
            ],
        ),
        "Listan över hushållsmedlemmar får ha högst 15 rader.",
    ),
    (
        "duplicate member names",
        lambda p: p["household_members"].append(dict(p["household_members"][0])),
        "Två hushållsmedlemmar har samma namn. Varje hushållsmedlem behöver ett eget namn.",
    ),
    (
        "members not a list",
        _set(("household_members",), "två barn"),
        "Listan över hushållsmedlemmar ska vara en lista.",
    ),
    (
        "applicant not an object",
        _set(("applicant",), 5),
        "Sökandens uppgifter ska vara en grupp av uppgifter (ett JSON-objekt).",
    ),
    (
        "reference",
        _set(("reference",), "../../etc"),
        "Ansökans referens ska bestå av högst 50 bokstäver, siffror och bindestreck.",
    ),
]


@pytest.mark.parametrize(("name", "change", "message"), CASES, ids=[case[0] for case in CASES])
def test_each_invalid_field_gives_its_swedish_error(name: str, change: Any, message: str) -> None:
    payload = copy.deepcopy(valid_payload())
    change(payload)
    app, errors = validate_payload(payload)
    assert app is None
    assert any(error.startswith(message) for error in errors), errors


def test_identity_numbers_never_appear_unmasked_in_errors() -> None:
    payload = valid_payload()
    payload["applicant"]["identity_number"] = BAD_CHECKSUM
    payload["co_applicant"]["identity_number"] = "19860101-1236"
    payload["weird " + APPLICANT] = 1
    _, errors = validate_payload(payload)
    assert len(errors) == 3
    assert not any("2396" in error or "1236" in error or "2395" in error for error in errors)


@pytest.mark.parametrize("payload", [None, [], "text", 42, 1.5, True, [valid_payload()]])
def test_non_object_payloads_are_rejected_in_swedish(payload: Any) -> None:
    assert validate_payload(payload) == (
        None,
        ["Ansökan ska vara ett JSON-objekt i e-tjänstens format, men är något annat."],
    )


def test_deeply_nested_and_huge_payloads_do_not_raise() -> None:
    deep: Any = "x"
    for _ in range(5000):
        deep = {"a": deep}
    payload = valid_payload()
    payload["message"] = deep
    payload["incomes"] = [{"person": "applicant", "type": "lon", "amount": 1}] * 10_000
    app, errors = validate_payload(payload)
    assert app is None and errors
    assert len(errors) <= 26


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(JSON)
def test_arbitrary_json_never_raises(payload: Any) -> None:
    app, errors = validate_payload(payload)
    assert (app is None) == bool(errors)
    assert all(isinstance(error, str) and error for error in errors)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(list(valid_payload())), JSON)
def test_any_field_replaced_by_arbitrary_json_never_raises(key: str, value: Any) -> None:
    payload = valid_payload()
    payload[key] = value
    app, errors = validate_payload(payload)
    assert (app is None) == bool(errors)
