"""The seeded generator of Norwegian applications for the inbox: ``generate(seed, count)``.

It mixes clear applications (the oracle computes their expected proposal), applications a
caseworker must handle (each with one named reason, e.g. a month in 2025 without rates, assets,
childcare costs) and invalid payloads for quarantine; months are spread over 2020-2024 (the mid-year
rate changes of 2020, 2021, 2022 and 2023 and the barnetrygd change included) plus 2025 and 2026 for
missing rates.
For each applicant it also yields the case in the legacy case system as a
:class:`sandbox.scenario.CaseSeed`. The same seed always gives the same scenario.
"""

from __future__ import annotations

import copy
import itertools
import random
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from sandbox.digisos import oracle
from sandbox.digisos.households import TEMPLATES, Draft, adult, child_aged, nav_benefit, row, to_payload
from sandbox.digisos.oracle import Expected
from sandbox.scenario import CalculationSeed, CaseSeed, MemberSeed, RowSeed

CLEAR_MONTHS = tuple(
    f"{year}-{month:02d}" for year in (2020, 2021, 2022, 2023, 2024) for month in range(1, 13)
)
MISSING_MONTHS = tuple(f"{year}-{month:02d}" for year in (2025, 2026) for month in range(1, 13))


@dataclass
class DigisosApplication:
    """One submission for the inbox and what a correct robot does with it."""

    fiks_digisos_id: str
    submitted_at: str
    payload: Any
    expected: Expected


@dataclass
class DigisosScenario:
    seed: int
    applications: list[DigisosApplication]
    cases: list[CaseSeed]


def _missing_rates(rng: random.Random, d: Draft) -> None:
    """Move the application to a month whose year has no rates (2025, 2026); ages shift with it."""
    month = rng.choice(MISSING_MONTHS)
    d.month, d.submitted = month, month + d.submitted[7:]


MANUAL: tuple[tuple[str, Callable[[random.Random, Draft], None]], ...] = (
    ("satser mangler for året", _missing_rates),
    (
        "formue",
        lambda rng, d: d.assets.append(row("brukskonto", "Brukskonto", rng.randrange(12000, 60001, 100))),
    ),
    ("utgift til barnehage", lambda rng, d: d.overview_costs.append(row("barnehage", "Barnehage", 1500))),
    (
        "annen boutgift",
        lambda rng, d: d.other_costs.append(row("annenBoutgift", "Annen, bo (brukerangitt): Parkering", 400)),
    ),
    (
        "ukjent inntektstype",
        lambda rng, d: d.overview_incomes.append(row("kryptogevinst", "Gevinst", 2500, key="netto")),
    ),
    ("ukjent NAV-ytelse", lambda rng, d: d.payments.append(nav_benefit("Tiltakspenger", 3200.0))),
    (
        "voksent barn hjemme",
        lambda rng, d: d.children.append(child_aged(rng, d.month, rng.randint(18, 22), d.applicant.name[1])),
    ),
    ("bor på institusjon", lambda rng, d: setattr(d, "botype", "institusjon")),
    ("registeropplysninger mangler", lambda rng, d: setattr(d, "nav_failed", True)),
    (
        "studielån",
        lambda rng, d: d.overview_incomes.append(
            row("studielanOgStipend", "Studielån og -stipend", 9000, key="netto")
        ),
    ),
    ("lønn uten nettobeløp", lambda rng, d: d.overview_incomes.append(row("jobb", "Lønnsinntekt", None))),
    ("gift, bor ikke sammen", lambda rng, d: _apart(rng, d)),
    ("delt bosted", lambda rng, d: _shared_residence(rng, d)),
    ("søker har skrevet en begrunnelse", lambda rng, d: _wrote(rng, d)),
)
WORDS = (
    "Jeg har fått ny jobb fra neste måned, og vi skal flytte.",
    "Husleien går opp fra 1. neste måned.",
    "Trenger også hjelp til tannlege.",
)


def _wrote(rng: random.Random, d: Draft) -> None:
    d.why_apply = rng.choice(WORDS)


def _apart(rng: random.Random, d: Draft) -> None:
    d.status, d.spouse_at_home = "gift", False
    d.spouse = d.spouse or adult(rng, d.month, d.applicant.name[1])


def _shared_residence(rng: random.Random, d: Draft) -> None:
    child = child_aged(rng, d.month, rng.randint(1, 16), d.applicant.name[1])
    child.shared_residence = True
    d.children.append(child)


def _corrupt(rng: random.Random, payload: dict[str, Any], kind: str) -> Any:
    data = payload["data"]
    if kind == "feil kontrollsiffer":
        fnr = data["personalia"]["personIdentifikator"]["verdi"]
        data["personalia"]["personIdentifikator"]["verdi"] = fnr[:10] + str((int(fnr[10]) + 1) % 10)
    elif kind == "navn mangler":
        del data["personalia"]["navn"]
    elif kind == "negativt beløp":
        data["okonomi"]["oversikt"]["utgift"][0]["belop"] = -500
    elif kind == "umulig fødselsdato":
        child = {"kilde": "bruker", "navn": {"fornavn": "Tone", "mellomnavn": "", "etternavn": "Fiktivsen"},
                 "fodselsdato": "2019-02-30"}  # fmt: skip
        data["familie"]["forsorgerplikt"]["ansvar"].append({"barn": child, "borSammenMed": {"verdi": True}})
    elif kind == "beløp som tekst":
        data["okonomi"]["oversikt"]["utgift"][0]["belop"] = "7 000"
    elif kind == "ukjent sivilstatus":
        data["familie"]["sivilstatus"]["status"] = "forlovet"
    elif kind == "ugyldig innsendingstidspunkt":
        payload["innsendingstidspunkt"] = "i går kveld"
    elif kind == "ikke et JSON-objekt":
        return ["søknad", rng.randint(1, 9)]
    return payload


INVALID = (
    "feil kontrollsiffer", "navn mangler", "negativt beløp", "umulig fødselsdato", "beløp som tekst",
    "ukjent sivilstatus", "ugyldig innsendingstidspunkt", "ikke et JSON-objekt",
)  # fmt: skip


def _rotated(rng: random.Random, items: tuple[Any, ...]) -> Iterator[Any]:
    start = rng.randrange(len(items))
    return itertools.cycle(items[start:] + items[:start])


def _case(rng: random.Random, d: Draft, payload: dict[str, Any], index: int) -> CaseSeed:
    """The applicant's open case in the legacy case system, with last month's calculation if computable."""
    previous = None
    year, number = int(d.month[:4]), int(d.month[5:7])
    last = f"{year - (number == 1)}-{(number - 2) % 12 + 1:02d}"
    try:
        calc = oracle.calculate(payload, month=last)
    except (oracle.NotClear, KeyError, TypeError, ValueError):
        calc = None
    if calc is not None:
        rows = [RowSeed("norm", "livsopphold", "Livsopphold (veiledende satser)", Decimal(calc.rates))]
        rows += [RowSeed("kostnad", code, code, amount) for code, amount in calc.costs]
        rows += [RowSeed("inkomst", code, code, amount) for code, amount in calc.incomes]
        decision: Literal["bevilja", "avsla"] = "bevilja" if calc.result > 0 else "avsla"
        previous = CalculationSeed(last, rows, decision, Decimal(max(calc.result, 0)))
    spouse = d.spouse
    return CaseSeed(
        case_number=f"SH-{d.month[:4]}-{index:05d}",
        identity_number=d.applicant.fnr,
        name=" ".join(d.applicant.name),
        co_applicant_identity_number=spouse.fnr if spouse else None,
        co_applicant_name=" ".join(spouse.name) if spouse else None,
        household=[
            MemberSeed(" ".join(c.person.name), c.person.born.isoformat(), "barn", c.at_home)
            for c in d.children
        ],
        consecutive_months_on_support=rng.randint(1, 24),
        previous=previous,
    )


def generate(seed: int, count: int = 25) -> DigisosScenario:
    """``count`` applications: about 12 % invalid, 35 % for a caseworker, the rest clear."""
    rng = random.Random(seed)
    invalid, manual = round(count * 0.12), round(count * 0.35)
    kinds = ["invalid"] * invalid + ["manual"] * manual + ["clear"] * (count - invalid - manual)
    rng.shuffle(kinds)
    manual_kinds, invalid_kinds = _rotated(rng, MANUAL), _rotated(rng, INVALID)
    scenario = DigisosScenario(seed, [], [])
    for index, kind in enumerate(kinds, start=1):
        draft = rng.choice(TEMPLATES)(rng, rng.choice(CLEAR_MONTHS))
        if kind == "manual":
            name, mutate = next(manual_kinds)
            mutate(rng, draft)
            draft.why = f"manual: {name} ({draft.why})"
        payload = to_payload(draft)
        case = _case(rng, draft, payload, index)
        if kind == "clear":
            expected = oracle.expected_from_payload(payload, f"clear: {draft.why}")
        elif kind == "manual":
            expected = Expected("manual", why=draft.why)
        else:
            name = next(invalid_kinds)
            payload = _corrupt(rng, copy.deepcopy(payload), name)
            expected = Expected("quarantined", why=f"invalid: {name}")
        fiks_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        scenario.applications.append(DigisosApplication(fiks_id, draft.submitted, payload, expected))
        scenario.cases.append(case)
    return scenario
