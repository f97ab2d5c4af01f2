"""Fixed vocabulary of the synthetic generator: made-up names, income sources and pay days, row labels,
benefit amounts, and the small month and kronor helpers that go with them."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

FIRST_NAMES = (
    "Anna",
    "Erik",
    "Maria",
    "Lars",
    "Karin",
    "Johan",
    "Sara",
    "Mikael",
    "Emma",
    "Anders",
    "Elin",
    "Ali",
    "Fatima",
    "Mohammed",
    "Sofia",
    "Hugo",
    "Alva",
    "Noah",
    "Ella",
    "Liam",
    "Maja",
    "Leo",
    "Wilma",
    "Elias",
    "Olivia",
    "Nils",
    "Alice",
    "Ebba",
    "Vera",
    "Adam",
    "Amira",
    "Omar",
)
SURNAMES = (
    "Testsson",
    "Provberg",
    "Exempelsson",
    "Fiktivander",
    "Påhittsson",
    "Demoqvist",
    "Skenlund",
    "Prövander",
    "Modellsson",
    "Låtsasdotter",
)
SOURCE_OF = {  # which SSBTEK source pays it (aktivitetsstöd is decided by AF and paid by FK)
    "lon": "SKV",
    "a_kassa": "SO",
    "aktivitetsstod": "FK",
    "studiemedel": "CSN",
    "barnbidrag": "FK",
    "bostadsbidrag": "FK",
    "sjukpenning": "FK",
    "foraldrapenning": "FK",
    "underhallsstod": "FK",
}
PAY_DAY = {"SKV": 25, "SO": 15, "CSN": 25, "FK": 20}
INCOME_LABELS = {
    "lon": "Lön",
    "a_kassa": "Ersättning från a-kassa",
    "aktivitetsstod": "Aktivitetsstöd",
    "studiemedel": "Studiemedel",
    "barnbidrag": "Barnbidrag",
    "bostadsbidrag": "Bostadsbidrag",
    "sjukpenning": "Sjukpenning",
    "foraldrapenning": "Föräldrapenning",
    "underhallsstod": "Underhållsstöd",
}
COST_LABELS = {
    "boende": "Boendekostnad",
    "hushallsel": "Hushållsel",
    "hemforsakring": "Hemförsäkring",
    "arbetsresor": "Arbetsresor",
    "fackavgift": "Fackavgift",
    "akassaavgift": "A-kasseavgift",
}
LARGE_FAMILY_SUPPLEMENT = (0, 0, 150, 730, 1740, 2990)  # 2021, by number of children
CHILD_BENEFIT = 1250


def shift_month(month: str, delta: int) -> str:
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + delta
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def kronor(amount: Decimal) -> int:
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
