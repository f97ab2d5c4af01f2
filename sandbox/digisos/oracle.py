"""An independent hand calculation of økonomisk stønad til livsopphold for the inbox's clear
applications (the test oracle), straight from the raw soknad JSON.

Written from the Norway table of /work/shared/reference/riksnorm.md without importing ``rules/`` or
``connectors/``, so the robot's result can be checked against it:

    need   = the adult rate (single, couple, or person in a shared household) + a rate per child
             at home by age on the first day of the month (0-5, 6-10, 11-17)
             + rent/mortgage interest/municipal charges, electricity/heating, home insurance as declared
    income = net incomes; barnetrygd only for months before 2022-09
    result = need - income rounded to whole kroner, 50 øre up; > 0 innvilge, else avslag (0 kr)

Only what clear applications contain is handled; anything else raises :class:`NotClear` rather
than guess (a year without rates, assets, other expenses, unknown types, an adult child, the
applicant's own words in the begrunnelse, ...).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal
from zoneinfo import ZoneInfo

# riksnorm.md, "Norway": in force from | single | couple | shared household | 0-5 | 6-10 | 11-17
RATE_TABLE = (
    (dt.date(2018, 1, 1), 6050, 10100, 5050, 2350, 3050, 3950),
    (dt.date(2019, 1, 1), 6150, 10250, 5150, 2400, 3100, 4000),
    (dt.date(2020, 1, 1), 6250, 10450, 5250, 2450, 3150, 4100),
    (dt.date(2020, 9, 1), 6250, 10450, 5250, 2750, 3150, 4100),
    (dt.date(2021, 1, 1), 6450, 10800, 5400, 2850, 3250, 4250),
    (dt.date(2021, 9, 1), 6450, 10800, 5400, 3150, 3250, 4250),
    (dt.date(2022, 1, 1), 6550, 10950, 5450, 3200, 3300, 4300),
    (dt.date(2022, 7, 1), 6650, 11150, 5600, 3250, 3350, 4400),
    (dt.date(2023, 1, 1), 6850, 11450, 5750, 3350, 3450, 4500),
    (dt.date(2023, 7, 1), 7550, 12600, 6350, 3700, 3800, 4950),
    (dt.date(2024, 1, 1), 7850, 13100, 6600, 3850, 3950, 5150),
)
YEARS_WITH_RATES = frozenset({2018, 2019, 2020, 2021, 2022, 2023, 2024})  # 2025-2026 are not at hand
BARNETRYGD_IGNORED_FROM = dt.date(2022, 9, 1)
COSTS = frozenset({"husleie", "boliglanRenter", "kommunalAvgift", "strom", "oppvarming", "hjemforsikring"})
DECLARED_INCOMES = frozenset({"jobb", "barnebidrag", "bostotte"})
NAV_BENEFITS = frozenset(
    {"dagpenger", "arbeidsavklaringspenger", "sykepenger", "foreldrepenger", "uføretrygd", "alderspensjon",
     "overgangsstønad", "kontantstøtte"}
)  # fmt: skip
SPECIAL_HOMES = frozenset({"institusjon", "krisesenter", "fengsel", "ingen"})


class NotClear(ValueError):
    """The application is not a clear case: a caseworker must look at it."""


@dataclass
class Expected:
    """What a correct robot does with an application."""

    outcome: Literal["proposed", "manual", "quarantined"]
    decision: Literal["innvilge", "avslag"] | None = None
    amount: int | None = None
    why: str = ""


@dataclass
class Breakdown:
    """A hand calculation: the rates, accepted costs, counted incomes, and the rounded result."""

    month: str
    rates: int
    costs: list[tuple[str, Decimal]] = field(default_factory=list)
    incomes: list[tuple[str, Decimal]] = field(default_factory=list)

    @property
    def result(self) -> int:
        exact = self.rates + sum(a for _, a in self.costs) - sum(a for _, a in self.incomes)
        return int(Decimal(exact).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def month_of(payload: dict[str, Any]) -> str:
    """The month applied for: the month of submission in Norwegian time."""
    sent = dt.datetime.fromisoformat(payload["innsendingstidspunkt"].replace("Z", "+00:00"))
    return sent.astimezone(ZoneInfo("Europe/Oslo")).strftime("%Y-%m")


def years_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def born_from_fnr(fnr: str) -> dt.date:
    """Birth date of a synthetic number (month + 80), as the sandbox makes them (1900-2039)."""
    day, month, yy, individual = int(fnr[0:2]) % 40, int(fnr[2:4]) - 80, int(fnr[4:6]), int(fnr[6:9])
    return dt.date((1900 if individual < 500 else 2000) + yy, month, day)


def _rates(first: dt.date) -> tuple[int, int, int, int, int, int]:
    if first.year not in YEARS_WITH_RATES:
        raise NotClear(f"no rates for {first.year}")
    row = [r for r in RATE_TABLE if r[0] <= first][-1]
    return row[1], row[2], row[3], row[4], row[5], row[6]


def _money(value: Any) -> Decimal:
    if value is None:
        raise NotClear("an amount is missing")
    return Decimal(str(value))


def calculate(payload: dict[str, Any], month: str | None = None) -> Breakdown:
    """The hand calculation for a clear application (``month`` overrides the month of submission)."""
    month = month or month_of(payload)
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    data = payload["data"]
    if any(str(text).strip() for text in (data.get("begrunnelse") or {}).values() if text != "bruker"):
        raise NotClear("the applicant wrote in their own words")
    info = payload.get("driftsinformasjon")
    if isinstance(info, dict) and any(info.values()):
        raise NotClear("a register look-up failed")
    if years_on(born_from_fnr(data["personalia"]["personIdentifikator"]["verdi"]), first) < 18:
        raise NotClear("applicant under 18")
    single, couple, shared, *child_rates = _rates(first)
    status = (data["familie"].get("sivilstatus") or {}).get("status")
    partner = (data["familie"].get("sivilstatus") or {}).get("ektefelle")
    if status is None or (partner is not None and status != "gift"):
        raise NotClear("civil status unclear")
    if status == "gift" and (
        partner is None or data["familie"]["sivilstatus"].get("borSammenMed") is not True
    ):
        raise NotClear("married, not living together or spouse unknown")
    adults_together = status in ("gift", "samboer")
    rates = 0
    for ansvar in data["familie"]["forsorgerplikt"].get("ansvar", []):
        if (
            (ansvar.get("borSammenMed") or {}).get("verdi") is not True
            or ansvar.get("harDeltBosted")
            or ansvar.get("samvarsgrad")
        ):
            raise NotClear("a child not simply at home")
        age = years_on(dt.date.fromisoformat(ansvar["barn"]["fodselsdato"]), first)
        if not 0 <= age <= 17:
            raise NotClear("child's age outside 0-17")
        rates += child_rates[0] if age < 6 else child_rates[1] if age < 11 else child_rates[2]
    home = data.get("bosituasjon") or {}
    living_with = home.get("antallPersoner")
    own = len(data["familie"]["forsorgerplikt"].get("ansvar", [])) + (1 if adults_together else 0)
    if living_with is None or living_with < own or home.get("botype") in SPECIAL_HOMES:
        raise NotClear("household size or kind of home unclear")
    if adults_together and living_with > own:
        raise NotClear("a couple sharing with others")
    rates += couple if adults_together else (shared if living_with > own else single)
    economy = data["okonomi"]
    if economy["oversikt"]["formue"] or any(
        b.get("type") in ("verdi", "sparing") and b.get("verdi")
        for b in economy["opplysninger"].get("bekreftelse", [])
    ):
        raise NotClear("assets")
    result = Breakdown(month, rates)
    for row in [*economy["oversikt"]["utgift"], *economy["opplysninger"]["utgift"]]:
        if row["type"] not in COSTS:
            raise NotClear(f"expense {row['type']} needs assessment")
        result.costs.append((row["type"], _money(row.get("belop"))))
    for row in economy["oversikt"]["inntekt"]:
        if row["type"] not in DECLARED_INCOMES:
            raise NotClear(f"income {row['type']} needs assessment")
        result.incomes.append((row["type"], _money(row.get("netto"))))
    for row in economy["opplysninger"]["utbetaling"]:
        amount = _money(row["netto"] if row.get("netto") is not None else row.get("belop"))
        title = str(row.get("tittel", "")).strip().lower()
        if row["type"] == "husbanken":
            result.incomes.append(("husbanken", amount))
        elif row["type"] == "navytelse" and title in ("barnetrygd", "utvidet barnetrygd"):
            if first < BARNETRYGD_IGNORED_FROM:
                result.incomes.append(("barnetrygd", amount))
        elif row["type"] == "navytelse" and title in NAV_BENEFITS:
            result.incomes.append((title, amount))
        else:
            raise NotClear(f"payment {row['type']} needs assessment")
    if {"bostotte", "husbanken"} <= {code for code, _ in result.incomes}:
        raise NotClear("housing allowance reported twice")
    return result


def expected_from_payload(payload: dict[str, Any], why: str) -> Expected:
    """The expected proposal: innvilge with the rounded amount, or avslag (0 kr) when the result is <= 0."""
    result = calculate(payload).result
    if result <= 0:
        return Expected("proposed", "avslag", 0, why)
    return Expected("proposed", "innvilge", result, why)
