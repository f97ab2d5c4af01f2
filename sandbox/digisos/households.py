"""Synthetic Norwegian households for the inbox: a :class:`Draft` per applicant, built by a few
templates, and turned into NAV's soknad JSON by :func:`to_payload`.

Names are made up (common first names, unmistakably fictitious surnames) and identity numbers
are synthetic (month + 80). Children's birth dates include the age-band boundaries: some children
turn 6, 11 or 18 exactly on the first day of the month applied for, others the day after.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sandbox.digisos.fnr import synthetic_fnr

FIRST_NAMES = ("Ola", "Kari", "Nora", "Emil", "Ingrid", "Jakob", "Sofie", "Lukas", "Emma", "Henrik",
               "Maja", "Filip", "Ella", "Oskar", "Sara", "Aksel", "Leah", "Isak", "Frida", "Mathias")  # fmt: skip
SURNAMES = ("Testesen", "Prøvestad", "Eksempelrud", "Fiktivsen", "Sandkassen", "Dummiberg", "Oppdiktesen")
VERSION = "1.5.0"


@dataclass
class Person:
    name: tuple[str, str]  # (first, last)
    born: date
    fnr: str


@dataclass
class Child:
    person: Person
    at_home: bool = True
    shared_residence: bool = False


@dataclass
class Draft:
    """One applicant's situation, before it becomes a soknad."""

    month: str
    submitted: str  # innsendingstidspunkt, UTC
    applicant: Person
    status: str = "ugift"
    spouse: Person | None = None
    spouse_at_home: bool = True
    children: list[Child] = field(default_factory=list)
    others: int = 0  # other persons living with the applicant (bofellesskap)
    botype: str = "leier"
    overview_incomes: list[dict[str, Any]] = field(default_factory=list)
    payments: list[dict[str, Any]] = field(default_factory=list)
    overview_costs: list[dict[str, Any]] = field(default_factory=list)
    other_costs: list[dict[str, Any]] = field(default_factory=list)
    assets: list[dict[str, Any]] = field(default_factory=list)
    nav_failed: bool = False
    why_apply: str = ""  # begrunnelse.hvorforSoke: the applicant's own words (empty in a clear case)
    what_apply: str = ""  # begrunnelse.hvaSokesOm
    why: str = ""


def first_day(month: str) -> date:
    return date(int(month[:4]), int(month[5:7]), 1)


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def person(rng: random.Random, born: date, surname: str | None = None) -> Person:
    return Person((rng.choice(FIRST_NAMES), surname or rng.choice(SURNAMES)), born, synthetic_fnr(rng, born))


def adult(rng: random.Random, month: str, surname: str | None = None) -> Person:
    first = first_day(month)
    born = years_before(first, rng.randint(20, 66)) - timedelta(days=rng.randint(1, 360))
    return person(rng, born, surname)


def child_aged(rng: random.Random, month: str, age: int, surname: str, boundary: bool = False) -> Child:
    """A child of ``age`` on the first day of ``month``; ``boundary``: born exactly ``age`` years before."""
    first = first_day(month)
    born = (
        years_before(first, age)
        if boundary
        else years_before(first, age) - timedelta(days=rng.randint(1, 360))
    )
    return Child(person(rng, born, surname))


def submitted_in(rng: random.Random, month: str) -> str:
    """A submission time inside ``month`` (UTC, daytime: the same day in Norwegian time)."""
    day = rng.randint(1, 25)
    return f"{month}-{day:02d}T{rng.randint(6, 15):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z"


def row(
    kind: str, title: str, amount: int | float | None, key: str = "belop", source: str = "bruker"
) -> dict[str, Any]:
    item: dict[str, Any] = {"kilde": source, "type": kind, "tittel": title, "overstyrtAvBruker": False}
    if amount is not None:
        item[key] = amount
    return item


def nav_benefit(title: str, amount: float) -> dict[str, Any]:
    """A payment from NAV as the soknad's register look-up reports it (type navytelse, title = benefit)."""
    item = row("navytelse", title, round(amount), source="system")
    item["netto"] = amount
    return item


def _navn(p: Person) -> dict[str, str]:
    return {"fornavn": p.name[0], "mellomnavn": "", "etternavn": p.name[1]}


def _family(d: Draft) -> dict[str, Any]:
    family: dict[str, Any] = {
        "sivilstatus": {"kilde": "bruker", "status": d.status},
        "forsorgerplikt": {
            "harForsorgerplikt": {"kilde": "bruker", "verdi": bool(d.children)},
            "ansvar": [
                {
                    "barn": {
                        "kilde": "bruker",
                        "navn": _navn(c.person),
                        "fodselsdato": c.person.born.isoformat(),
                        "personIdentifikator": c.person.fnr,
                    },
                    "borSammenMed": {"kilde": "bruker", "verdi": c.at_home},
                    **({"harDeltBosted": {"kilde": "bruker", "verdi": True}} if c.shared_residence else {}),
                }
                for c in d.children
            ],
        },
    }
    if d.spouse is not None:
        family["sivilstatus"]["ektefelle"] = {
            "navn": _navn(d.spouse),
            "fodselsdato": d.spouse.born.isoformat(),
            "personIdentifikator": d.spouse.fnr,
        }
        family["sivilstatus"]["borSammenMed"] = d.spouse_at_home
    return family


def to_payload(d: Draft) -> dict[str, Any]:
    """The soknad JSON in NAV's format, with the parts the robot does not read filled in as a real
    soknad has them (they must be kept, not dropped)."""
    at_home = sum(1 for c in d.children if c.at_home)
    partner = 1 if (d.spouse is not None and d.spouse_at_home) or d.status == "samboer" else 0
    return {
        "version": VERSION,
        "innsendingstidspunkt": d.submitted,
        "mottaker": {"kommunenummer": "9999", "navEnhetsnavn": "NAV Sandkassen"},
        "driftsinformasjon": {
            "utbetalingerFraNavFeilet": d.nav_failed,
            "inntektFraSkatteetatenFeilet": False,
            "stotteFraHusbankenFeilet": False,
        },
        "kompatibilitet": [],
        "data": {
            "personalia": {
                "personIdentifikator": {"kilde": "system", "verdi": d.applicant.fnr},
                "navn": {"kilde": "system", **_navn(d.applicant)},
                "kontonummer": {"kilde": "bruker", "harIkkeKonto": True},
            },
            "arbeid": {
                "situasjon": {
                    "kilde": "bruker",
                    "erIJobb": any(r["type"] == "jobb" for r in d.overview_incomes),
                }
            },
            "utdanning": {"kilde": "bruker", "erStudent": False},
            "familie": _family(d),
            "begrunnelse": {"kilde": "bruker", "hvorforSoke": d.why_apply, "hvaSokesOm": d.what_apply},
            "bosituasjon": {
                "kilde": "bruker",
                "botype": d.botype,
                "antallPersoner": partner + at_home + d.others,
            },
            "okonomi": {
                "opplysninger": {"bekreftelse": [], "utbetaling": d.payments, "utgift": d.other_costs},
                "oversikt": {"inntekt": d.overview_incomes, "utgift": d.overview_costs, "formue": d.assets},
            },
        },
    }


def base(rng: random.Random, month: str) -> Draft:
    applicant = adult(rng, month)
    draft = Draft(month, submitted_in(rng, month), applicant)
    draft.overview_costs.append(row("husleie", "Husleie", rng.randrange(4000, 12001, 50)))
    if rng.random() < 0.8:
        draft.other_costs.append(row("strom", "Strøm (siste regning)", rng.randrange(200, 1501, 10)))
    if rng.random() < 0.5:
        draft.other_costs.append(row("hjemforsikring", "Hjemforsikring", rng.randrange(90, 351, 5)))
    return draft


def single(rng: random.Random, month: str) -> Draft:
    d = base(rng, month)
    d.status, d.why = rng.choice(("ugift", "skilt", "enke", "separert")), "single adult"
    if rng.random() < 0.6:
        d.overview_incomes.append(row("jobb", "Lønnsinntekt", rng.randrange(1000, 9001, 100), key="netto"))
    return d


def couple(rng: random.Random, month: str) -> Draft:
    d = base(rng, month)
    d.status, d.why = rng.choice(("gift", "samboer")), "couple"
    if d.status == "gift":
        d.spouse = adult(rng, month, d.applicant.name[1])
    d.payments.append(nav_benefit("Dagpenger", rng.randrange(300000, 1200000) / 100))
    return d


def family(rng: random.Random, month: str) -> Draft:
    d = couple(rng, month) if rng.random() < 0.5 else single(rng, month)
    d.why = f"{d.why} with children"
    surname = d.applicant.name[1]
    for _ in range(rng.randint(1, 3)):
        age = rng.choice((0, 2, 5, 6, 8, 10, 11, 14, 17))
        d.children.append(child_aged(rng, month, age, surname, boundary=rng.random() < 0.3))
    d.payments.append(nav_benefit("Barnetrygd", 1054.0 * len(d.children)))
    if rng.random() < 0.3:
        d.payments.append(row("husbanken", "Statlig bostøtte", rng.randrange(500, 3001, 10), source="system"))
    if rng.random() < 0.3:
        d.overview_incomes.append(
            row("barnebidrag", "Barnebidrag", rng.randrange(500, 3001, 10), key="netto")
        )
    return d


def shared_home(rng: random.Random, month: str) -> Draft:
    d = single(rng, month)
    d.others, d.botype, d.why = (
        rng.randint(1, 3),
        rng.choice(("venner", "annet", "leier")),
        "shared household",
    )
    return d


def well_off(rng: random.Random, month: str) -> Draft:
    d = single(rng, month)
    d.overview_incomes = [row("jobb", "Lønnsinntekt", rng.randrange(25000, 40001, 100), key="netto")]
    d.why = "incomes cover the need"
    return d


TEMPLATES = (single, couple, family, shared_home, well_off)
