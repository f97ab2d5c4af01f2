"""Each SSBTEK source's answer in its own vocabulary, as Sundsvall's financial-aid proxy turns it into JSON.

Read from Sundsvallskommun/api-service-financial-aid: the agencies' schemas under
``src/main/resources/contract/v10/`` (Arbetsförmedlingen ``ers_stod.xsd``, CSN ``studiemedel.xsd`` and
``csntyper.xsd``, FK's LEFI ``lefi-formansinformation-v9.openapi.yaml``, the unemployment funds
``UnemploymentBenefitPaymentService.xsd``, Transportstyrelsen and Migrationsverket), the converted
fixtures ``src/integration-test/resources/FinancialAidIT/__files/*/expected-response.json`` and the
converter ``XmlToJsonUtil`` (values as text, a repeated element an object when there is one and a list
when there are several, an empty element null). FK's part is LEFI's JSON as it is (numbers stay
numbers, lists stay lists). The names are the agencies'; the values are synthetic. SKV's monthly
wage element (``Inkomstuppgift``) is this stand-in's own: the published fixtures show only SKV's
yearly capital data.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sandbox.income_register.store import StoredPayment

FK_BENEFITS = {  # income type -> LEFI formansfamilj (id, beskrivning)
    "barnbidrag": ("ABB", "Allmänt barnbidrag"),
    "bostadsbidrag": ("BOB", "Bostadsbidrag"),
    "sjukpenning": ("SJP", "Sjukpenning"),
    "foraldrapenning": ("FP", "Föräldrapenning"),
    "underhallsstod": ("US", "Underhållsstöd"),
    "aktivitetsstod": ("AS", "Aktivitetsstöd"),
}


def xml_many(items: Sequence[Any]) -> Any:
    """A repeated XML element after the proxy's conversion: none -> null, one -> it, several -> a list."""
    if not items:
        return None
    return items[0] if len(items) == 1 else list(items)


def af(person: str) -> dict[str, Any]:
    return {
        "Svar": {
            "Schemaversion": "4.0",
            "IdentitetsbeteckningFysiskPerson": person,
            "Sekretessmarkering": "false",
            "ArbetssokandeInfo": {"Arbetssokande": "false"},
            "StatusSokandeinformationKod": "0",
            "StatusSokandeinformationKodText": "Frågan har behandlats och ett svar lämnas.",
        }
    }


def csn(person: str, paid: Sequence[StoredPayment]) -> dict[str, Any]:
    payments = [
        {
            "utbetdatum": p.payment_date,
            "utbetstatus": "Utbetald",
            "Utbetaldatider": None,
            "totbelopp": str(p.amount),
        }
        for p in paid
    ]
    studies = {
        "Arenden": {"Arende": {"lopnummer": "1", "UtbetalningsPlan": {"Utbetalning": xml_many(payments)}}}
    }
    return {
        "schemaVersion": "3.0",
        "GemensamtSvarEkbistand": {"Resultat": {"ResultatKod": "0", "ResultatText": "OK"}},
        "Personer": {
            "Person": {
                "personnummer": person[2:],
                "sekel": person[:2],
                "Studiestodstypforteckning": {"studiemedel": "1" if paid else "0", "studiehjalp": "0"},
                "Studiemedel": studies if paid else None,
            }
        },
    }


def fk(paid: Sequence[StoredPayment]) -> dict[str, Any]:
    rows = []
    for p in paid:
        family, label = FK_BENEFITS.get(p.type, (p.type.upper(), p.type))
        rows.append(
            {
                "typ": {"kod": 1, "beskrivning": "Månad"},
                "foretag": {"kod": 1001, "beskrivning": "Försäkringskassan"},
                "formansfamilj": {"id": family, "beskrivning": label},
                "datum": p.payment_date,
                "period": {"fran": f"{p.period}-01"},
                "nettobelopp": {"summa": float(p.amount), "valuta": "SEK"},
            }
        )
    return {
        "utlamnare": [
            {
                "utlamnare": {"kod": "FK", "namn": "Försäkringskassan"},
                "tillstand": {"kod": "OK", "beskrivning": "Tillgänglig"},
            }
        ],
        "avvikelser": {},
        "formansinformation": {"utbetalningsuppgift": rows},
    }


def skv(person: str, paid: Sequence[StoredPayment]) -> dict[str, Any]:
    incomes = [
        {
            "Redovisningsperiod": p.period.replace("-", ""),
            "Utbetalningsdatum": p.payment_date,
            "Nettobelopp": str(p.amount),
        }
        for p in paid
    ]
    return {
        "PersonuppgiftLista": {
            "Personuppgift": {
                "IdentitetsbeteckningFysiskPerson": person,
                "StatusPersonuppgiftKod": "0",
                "Inkomstuppgift": xml_many(incomes),
            }
        }
    }


def so(
    person: str, question: dict[str, str], from_date: str, to_date: str, paid: Sequence[StoredPayment]
) -> dict[str, Any]:
    """The unemployment funds' answer; it repeats the question's context, as their schema does."""
    payments = [
        {
            "Utbetalningsdatum": p.payment_date,
            "NettoEfterSkatt": str(p.amount),
            "NettoEfterAvdrag": str(p.amount),
            "AvserFrom": f"{p.period}-01",
            "AvserTom": p.payment_date,
        }
        for p in paid
    ]
    funds = (
        {"Arbetsloshetsersattning": {"SvarandeOrganisation": "Exempelkassan", "StatusSvarandeOrganisation": "OK",
                                     "Utbetalningar": xml_many(payments)}}
        if paid
        else None
    )  # fmt: skip
    return {
        "OrganisationsnummerIngivare": question["organisationsnummer"],
        "NamnIngivare": question["ingivare"],
        "KontonamnHandlaggare": question["handlaggare"],
        "Referensnummer": question["arendeidentitet"],
        "From": from_date,
        "Tom": to_date,
        "Syfte": question["syfte"],
        "Paragraf": question["lagtext"],
        "IdentificationNumber": person,
        "ArbetsloshetsersattningLista": funds,
    }


def tns() -> dict[str, Any]:
    return {"resultat": "OK", "fordonsinnehav": None}


def miv(person: str) -> dict[str, Any]:
    return {"response": {"korrelationsid": str(uuid.uuid4()), "personnummer": person, "svarCollection": None}}


def error(origin: str, code: str, message: str) -> dict[str, Any]:
    """SSBTEK's Error element for a source, as a proxy that passes it on shows it."""
    return {"error": {"kalla": origin, "felkod": code, "felmeddelande": message}}


def answers(
    person: str, question: dict[str, str], from_date: str, to_date: str, paid: Sequence[StoredPayment]
) -> dict[str, Any]:
    """Every source's data for the person (before errors are put in), keyed as the proxy keys them."""
    by_source: dict[str, list[StoredPayment]] = {}
    for payment in paid:
        by_source.setdefault(payment.source, []).append(payment)
    return {
        "af": af(person),
        "csn": csn(person, by_source.get("CSN", [])),
        "fk": fk(by_source.get("FK", [])),
        "skv": skv(person, by_source.get("SKV", [])),
        "so": so(person, question, from_date, to_date, by_source.get("SO", [])),
        "tns": tns(),
        "miv": miv(person),
    }
