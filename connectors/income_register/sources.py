"""Reading the financial-aid proxy's JSON: one answer per source, in each agency's own vocabulary.

The proxy (Sundsvallskommun/api-service-financial-aid, ``SSBTEKIntegration.mapResponse`` and
``ResponseMapper``; fixtures ``src/integration-test/resources/FinancialAidIT/__files/*/expected-response.json``)
answers ``{"af": {...}, "csn": {...}, "fk": {...}, "skv": {...}, "so": {...}, "tns": {...}, "miv": {...}}``.
Each value is the agency's data converted from XML (``XmlToJsonUtil``: namespaces dropped, values
as text, one repeated element an object and several a list, an empty element null) or, for FK, the
LEFI JSON as Försäkringskassan sends it. A source that answered with SSBTEK's error is ``{}`` in the
published proxy (its mapper reads only the data element); a proxy that passes the error on gives
``{"error": {"kalla", "felkod", "felmeddelande"}}`` (SSBTEK's ``Error`` element), as the stand-in does.
Both are an ``error`` here; so is a source missing from the answer or one whose data cannot be read.

Money is read from four sources:

- FK (LEFI v9, ``lefi-formansinformation-v9.openapi.yaml``): ``formansinformation.utbetalningsuppgift``
  (effected payments) with ``formansfamilj.id``, ``datum`` and ``nettobelopp.summa``; an ``utlamnare``
  whose ``tillstand.kod`` is not OK, or any ``avvikelser``, makes FK an error.
- SO (UnemploymentBenefitPaymentService.xsd): ``ArbetsloshetsersattningLista.Arbetsloshetsersattning``
  per fund, its ``Utbetalningar`` with ``Utbetalningsdatum`` and ``NettoEfterSkatt``.
- CSN (csntyper.xsd, studiemedel.xsd): ``Personer.Person.Studiemedel.Arenden.Arende`` and their
  ``UtbetalningsPlan.Utbetalning`` with ``utbetdatum``, ``utbetstatus`` (only Utbetald/UTBETALAD counts)
  and ``totbelopp``.
- SKV: the published fixtures show only yearly capital data (``Kapitaluppgift``), no monthly wages.
  The stand-in reports wages as ``PersonuppgiftLista.Personuppgift.Inkomstuppgift`` with
  ``Utbetalningsdatum`` and ``Nettobelopp``: the project's own assumption, to be checked against a real
  answer before production (without it, a declared wage is simply not found in the register and the
  rules send the case to a caseworker).

AF (job-seeker status), TNS (vehicles) and MIV (residence permits) pay nothing; they are answered or
in error, and their data is not kept (only what the rules use is).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from connectors.income_register.models import SOURCES, Payment, RegisterAnswer, Source, SourceStatus

FK_BENEFITS = {  # LEFI formansfamilj id -> the income type code of docs/architecture.md
    "ABB": "barnbidrag",
    "BOB": "bostadsbidrag",
    "SJP": "sjukpenning",
    "FP": "foraldrapenning",
    "US": "underhallsstod",
    "AS": "aktivitetsstod",
}
CSN_PAID = {"Utbetald", "UTBETALAD"}
NO_ANSWER = "Källan lämnade inget svar (proxyn för inte vidare SSBTEK:s felmeddelande; fråga SSBTEK direkt om orsaken)."


class Unreadable(ValueError):
    """A source's data does not have the shape the reader expects."""


def many(value: Any) -> list[Any]:
    """A repeated XML element as a list: absent/null -> [], one element -> [it], several -> the list."""
    if value is None or value == "":
        return []
    return list(value) if isinstance(value, list) else [value]


def _at(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _amount(value: Any) -> Decimal:
    """An amount as the source wrote it: text (XML) or a JSON number (LEFI; a float goes through its repr)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise Unreadable(f"an amount is {type(value).__name__}")
    try:
        amount = Decimal(str(value).strip())
    except InvalidOperation as error:
        raise Unreadable("an amount is not a number") from error
    if not amount.is_finite():
        raise Unreadable("an amount is not a finite number")
    return amount


def _date(value: Any) -> str:
    """``2021-11-25`` (also ``2021-11-25+01:00``, as XML dates may come) -> ``2021-11-25``."""
    if not isinstance(value, str):
        raise Unreadable("a payment date is missing")
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError as error:
        raise Unreadable("a payment date is not a date") from error


Row = tuple[str, Decimal, str]  # (income type, amount, payment date)


def _fk(data: dict[str, Any]) -> Iterator[Row]:
    for part in many(data.get("utlamnare")):
        if _at(part, "utlamnare", "kod") == "FK" and _at(part, "tillstand", "kod") not in (None, "OK"):
            raise _SourceError(
                "", str(_at(part, "tillstand", "kod")), str(_at(part, "tillstand", "beskrivning"))
            )
    deviations = data.get("avvikelser")
    if isinstance(deviations, dict):
        for group in ("formansinformation", "utbetalningar", "preliminaraUtbetalningar"):
            for item in many(deviations.get(group)):
                raise _SourceError(
                    "", str(_at(item, "avvikelse", "kod")), str(_at(item, "avvikelse", "beskrivning"))
                )
    for row in many(_at(data, "formansinformation", "utbetalningsuppgift")):
        family = _at(row, "formansfamilj", "id")
        if not isinstance(family, str) or not family:
            raise Unreadable("a payment has no formansfamilj")
        yield (
            FK_BENEFITS.get(family, f"FK:{family}"),
            _amount(_at(row, "nettobelopp", "summa")),
            _date(row.get("datum")),
        )


def _so(data: dict[str, Any]) -> Iterator[Row]:
    for fund in many(_at(data, "ArbetsloshetsersattningLista", "Arbetsloshetsersattning")):
        for paid in many(_at(fund, "Utbetalningar")):
            yield "a_kassa", _amount(_at(paid, "NettoEfterSkatt")), _date(_at(paid, "Utbetalningsdatum"))


def _csn(data: dict[str, Any]) -> Iterator[Row]:
    for person in many(_at(data, "Personer", "Person")):
        for case in many(_at(person, "Studiemedel", "Arenden", "Arende")):
            for paid in many(_at(case, "UtbetalningsPlan", "Utbetalning")):
                if _at(paid, "utbetstatus") in CSN_PAID:
                    yield "studiemedel", _amount(_at(paid, "totbelopp")), _date(_at(paid, "utbetdatum"))


def _skv(data: dict[str, Any]) -> Iterator[Row]:
    for person in many(_at(data, "PersonuppgiftLista", "Personuppgift")):
        for income in many(_at(person, "Inkomstuppgift")):
            yield "lon", _amount(_at(income, "Nettobelopp")), _date(_at(income, "Utbetalningsdatum"))


def _nothing(data: dict[str, Any]) -> Iterator[Row]:
    return iter(())


READERS: dict[Source, Callable[[dict[str, Any]], Iterator[Row]]] = {
    "AF": _nothing,
    "CSN": _csn,
    "FK": _fk,
    "SKV": _skv,
    "SO": _so,
    "TNS": _nothing,
    "MIV": _nothing,
}
PAYING: tuple[Source, ...] = ("CSN", "FK", "SKV", "SO")


class _SourceError(Exception):
    """The source said it could not deliver (SSBTEK's Error element, or LEFI's own state)."""

    def __init__(self, origin: str, code: str, message: str) -> None:
        super().__init__(message)
        self.origin, self.code, self.message = origin, code, message


def _passed_on_error(value: Any) -> _SourceError | None:
    """SSBTEK's Error element, when the proxy passed it on as the source's value."""
    if not (isinstance(value, dict) and set(value) == {"error"} and isinstance(value["error"], dict)):
        return None
    error = value["error"]
    texts = "; ".join(str(text) for text in many(error.get("felmeddelande")))
    return _SourceError(str(error.get("kalla") or ""), str(error.get("felkod") or ""), texts)


def months_of(from_month: str, to_month: str) -> list[str]:
    """``"2021-10", "2021-12"`` -> ``["2021-10", "2021-11", "2021-12"]``."""
    year, month = (int(part) for part in from_month.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= to_month:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def read_source(source: Source, value: Any, months: list[str]) -> tuple[SourceStatus, list[Payment]]:
    """The status of one source and the payments it made in ``months`` (the month of the payment date)."""

    def failed(message: str, origin: str = "", code: str = "") -> tuple[SourceStatus, list[Payment]]:
        status = SourceStatus(source=source, status="error", origin=origin, code=code, message=message[:500])
        return status, []

    passed_on = _passed_on_error(value)
    if passed_on is not None:
        return failed(passed_on.message, passed_on.origin, passed_on.code)
    if value is None:
        return failed("Källan saknas i svaret.")
    if not isinstance(value, dict):
        return failed("Källans svar kunde inte läsas.")
    if not value:
        return failed(NO_ANSWER)
    try:
        rows = list(READERS[source](value))
    except _SourceError as error:
        return failed(error.message, error.origin, error.code)
    except (Unreadable, AttributeError, TypeError) as error:
        return failed(f"Källans svar kunde inte läsas ({error}).")
    payments = [
        Payment(source=source, type=kind, amount=amount, period=day[:7], payment_date=day)
        for kind, amount, day in rows
        if day[:7] in months
    ]
    paid = {p.period for p in payments}
    later_gaps = tuple(m for m in months if paid and m > min(paid) and m not in paid)
    if later_gaps:
        return SourceStatus(source=source, status="no_data", months=later_gaps), payments
    return SourceStatus(source=source, status="answered"), payments


def read_answer(body: Any, from_month: str, to_month: str) -> RegisterAnswer:
    """The proxy's answer for whole months ``from_month``..``to_month``; ValueError when it is no answer.

    ``no_data``: SSBTEK never says a month's data is "not there yet", it simply has none. Like
    Sundsvall's own robot (Sundsvallskommun/api-service-caremanagement, ``Completeness``: "previous-month
    income types not yet present"), a paying source that paid earlier in the range and has nothing
    for a later month is reported as having no data for that month; whether the income stopped or is
    late is for the process to find out (ask again later) or a caseworker to judge.
    """
    if not isinstance(body, dict) or not any(source.lower() in body for source in SOURCES):
        raise ValueError("the answer is not the financial-aid proxy's per-source object")
    months = months_of(from_month, to_month)
    statuses: list[SourceStatus] = []
    payments: list[Payment] = []
    for source in SOURCES:
        status, paid = read_source(source, body.get(source.lower()), months)
        statuses.append(status)
        payments.extend(paid)
    return RegisterAnswer(from_month=from_month, to_month=to_month, payments=payments, sources=statuses)


def subjects(body: Any) -> set[str]:
    """The identity numbers (12 digits) the sources say the answer is about, where they say it."""
    if not isinstance(body, dict):
        return set()
    found = [
        _at(body.get("af"), "Svar", "IdentitetsbeteckningFysiskPerson"),
        _at(body.get("so"), "IdentificationNumber"),
        _at(body.get("miv"), "response", "personnummer"),
        *(
            _at(p, "IdentitetsbeteckningFysiskPerson")
            for p in many(_at(body.get("skv"), "PersonuppgiftLista", "Personuppgift"))
        ),
        *(
            _at(p, "personnummer")
            for p in many(_at(body.get("fk"), "formansinformation", "generellPersoninformation"))
        ),
    ]
    for person in many(_at(body.get("csn"), "Personer", "Person")):
        century, number = _at(person, "sekel"), _at(person, "personnummer")
        if isinstance(century, str) and isinstance(number, str):
            found.append(century.strip() + number.strip())
    return {
        str(value).replace("-", "").strip() for value in found if isinstance(value, str) and value.strip()
    }
