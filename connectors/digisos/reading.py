"""Reading a validated soknad as plain facts: who is in the household, the month applied for, and
the incomes, expenses and assets as typed amounts. Knows NAV's format, nothing of the rules.

- The month applied for is the month of ``innsendingstidspunkt`` in Norwegian time (the soknad
  has no period field; a monthly reapplication is for the month it is sent in).
- Income amounts are net: ``netto`` of an income row; ``netto`` of a payment, else its ``belop``.
  A row declared without an amount keeps ``amount=None`` (the rules send it to a caseworker).
- A NAV benefit (payment type ``navytelse``) is named by NAV's benefit title; the known titles
  map to codes (``Barnetrygd`` -> ``barnetrygd``, ...), any other title stays ``navytelse``.
- Whether a spouse lives with the applicant: ``borSammenMed`` (answered by the applicant), else
  ``folkeregistrertMedEktefelle`` (from the population register), else unknown (None).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo

from connectors.digisos.soknad import Soknad
from connectors.fodselsnummer import birth_date

OSLO = ZoneInfo("Europe/Oslo")
NAV_BENEFITS = {
    "barnetrygd": "barnetrygd",
    "utvidet barnetrygd": "barnetrygd",
    "dagpenger": "dagpenger",
    "arbeidsavklaringspenger": "arbeidsavklaringspenger",
    "sykepenger": "sykepenger",
    "foreldrepenger": "foreldrepenger",
    "uføretrygd": "uforetrygd",
    "alderspensjon": "pensjon",
    "overgangsstønad": "overgangsstonad",
    "kontantstøtte": "kontantstotte",
}
FAILURES = {
    "utbetalingerFraNavFeilet": "utbetalinger_nav",
    "inntektFraSkatteetatenFeilet": "skatteetaten",
    "stotteFraHusbankenFeilet": "husbanken",
}


@dataclass(frozen=True)
class Person:
    """A person named in the soknad. ``identity_number`` is never logged unmasked by callers."""

    role: Literal["applicant", "spouse", "child"]
    name: str
    birth_date: dt.date | None
    identity_number: str | None = None
    lives_with_applicant: bool | None = True
    shared_residence: bool = False
    visitation_percent: int | None = None


@dataclass(frozen=True)
class Amount:
    """A typed monthly amount (income, expense or asset) with NAV's title and source (kilde)."""

    type: str
    amount: Decimal | None
    title: str
    source: str


def submitted_at(soknad: Soknad) -> dt.datetime:
    """The submission time, timezone-aware (UTC)."""
    return dt.datetime.fromisoformat(soknad.innsendingstidspunkt.replace("Z", "+00:00"))


def month_applied_for(soknad: Soknad) -> str:
    """``"YYYY-MM"``: the month of submission in Norwegian time."""
    return submitted_at(soknad).astimezone(OSLO).strftime("%Y-%m")


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def persons(soknad: Soknad) -> list[Person]:
    """The applicant (birth date from the identity number), a spouse if named, and the children."""
    data = soknad.data
    fnr = data.personalia.personIdentifikator.verdi
    out = [Person("applicant", data.personalia.navn.full(), birth_date(fnr), fnr)]
    status = data.familie.sivilstatus
    if status is not None and status.ektefelle is not None:
        spouse = status.ektefelle
        together = (
            status.borSammenMed if status.borSammenMed is not None else status.folkeregistrertMedEktefelle
        )
        born = _date(spouse.fodselsdato) or (
            birth_date(spouse.personIdentifikator) if spouse.personIdentifikator else None
        )
        out.append(Person("spouse", spouse.navn.full(), born, spouse.personIdentifikator, together))
    for ansvar in data.familie.forsorgerplikt.ansvar:
        child = ansvar.barn
        born = _date(child.fodselsdato) or (
            birth_date(child.personIdentifikator) if child.personIdentifikator else None
        )
        out.append(
            Person(
                "child",
                child.navn.full(),
                born,
                child.personIdentifikator,
                ansvar.borSammenMed.verdi if ansvar.borSammenMed is not None else None,
                bool(ansvar.harDeltBosted and ansvar.harDeltBosted.verdi),
                ansvar.samvarsgrad.verdi if ansvar.samvarsgrad is not None else None,
            )
        )
    return out


def civil_status(soknad: Soknad) -> str | None:
    """NAV's sivilstatus (gift, samboer, ugift, enke, skilt, separert) or None when not answered."""
    status = soknad.data.familie.sivilstatus
    return status.status if status is not None else None


def _money(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def incomes(soknad: Soknad) -> list[Amount]:
    """Net monthly incomes: the overview's incomes, then the payments (NAV benefits by title)."""
    economy = soknad.data.okonomi
    out = [Amount(i.type, _money(i.netto), i.tittel, i.kilde) for i in economy.oversikt.inntekt]
    for payment in economy.opplysninger.utbetaling:
        code = payment.type
        if code == "navytelse":
            code = NAV_BENEFITS.get(payment.tittel.strip().lower(), "navytelse")
        amount = payment.netto if payment.netto is not None else payment.belop
        out.append(Amount(code, _money(amount), payment.tittel, payment.kilde))
    return out


def expenses(soknad: Soknad) -> list[Amount]:
    """Monthly expenses: the overview's (rent, mortgage, childcare ...) and the other expenses."""
    economy = soknad.data.okonomi
    rows = [*economy.oversikt.utgift, *economy.opplysninger.utgift]
    return [Amount(row.type, _money(row.belop), row.tittel, row.kilde) for row in rows]


def assets(soknad: Soknad) -> list[Amount]:
    """Assets with their value; a "yes" to owning valuables or savings with no asset listed adds an
    asset of type ``verdi`` / ``sparing`` without a value."""
    economy = soknad.data.okonomi
    out = [Amount(row.type, _money(row.belop), row.tittel, row.kilde) for row in economy.oversikt.formue]
    if not out:
        for confirmation in economy.opplysninger.bekreftelse:
            if confirmation.type in ("verdi", "sparing") and confirmation.verdi:
                out.append(Amount(confirmation.type, None, confirmation.tittel, confirmation.kilde))
    return out


def register_failures(soknad: Soknad) -> list[str]:
    """Register look-ups that failed when the soknad was sent: utbetalinger_nav, skatteetaten, husbanken."""
    info = soknad.driftsinformasjon
    if info is None or isinstance(info, str):
        return []
    return [code for field, code in FAILURES.items() if getattr(info, field)]


def housing(soknad: Soknad) -> tuple[str | None, int | None]:
    """(botype, antallPersoner): the kind of home and how many live with the applicant."""
    situation = soknad.data.bosituasjon
    if situation is None:
        return None, None
    return situation.botype, situation.antallPersoner
