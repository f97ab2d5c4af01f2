"""Single-case rule evaluations per second, with the trace on, on one core.

Builds a deterministic mix of synthetic cases (singles, couples, children of every band, incomes
with register data, some that go to manual handling) and times ``decide`` over them.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from rules.forsorjningsstod import CaseInput, decide, load_parameters

MUNICIPALITY = Path(__file__).resolve().parent.parent / "config" / "municipalities" / "exempelkommun.yaml"
INCOME_TYPES = [("lon", "SKV"), ("a_kassa", "AKASSA"), ("barnbidrag", "FK"), ("bostadsbidrag", "FK")]


def synthetic_case(rng: random.Random, index: int) -> CaseInput:
    """One plausible reapplication for December 2021."""
    members: list[dict[str, Any]] = [
        {"id": "applicant", "role": "applicant", "birth_date": dt.date(1985, 3, 12)}
    ]
    couple = rng.random() < 0.4
    if couple:
        members.append({"id": "co_applicant", "role": "co_applicant", "birth_date": dt.date(1987, 6, 1)})
    for n in range(rng.choice([0, 0, 1, 2, 3])):
        born = dt.date(2021 - rng.randint(0, 20), rng.randint(1, 12), 1)
        members.append(
            {
                "id": f"barn{n}",
                "role": "child",
                "birth_date": born,
                "lunch_at_preschool": rng.random() < 0.5,
                "in_upper_secondary_school": True,
            }
        )
    rent = Decimal(rng.randrange(3000, 7000))
    incomes = []
    control, comparison = [], []
    for code, source in rng.sample(INCOME_TYPES, rng.randint(0, 2)):
        amount = Decimal(rng.randrange(500, 9000))
        incomes.append({"person": "applicant", "type": code, "amount": amount})
        control.append({"person": "applicant", "source": source, "type": code, "amount": amount})
        comparison.append({"person": "applicant", "source": source, "type": code, "amount": amount})
    previous = {
        "month": "2021-11",
        "housing_cost": rent,
        "decision": "bevilja",
        "amount": 1000,
        "members": [{"role": m["role"], "birth_date": m["birth_date"]} for m in members],
    }
    return CaseInput.model_validate(
        {
            "reference": f"BENCH-{index:05d}",
            "month": "2021-12",
            "members": members,
            "cohabitation": "sambo" if couple else None,
            "costs": {"rent": rent, "household_electricity": Decimal(300), "home_insurance": Decimal(150)},
            "declared_incomes": incomes,
            "register": {"control_month": control, "comparison_month": comparison, "missing": []},
            "case": {"consecutive_months_on_support": rng.randint(0, 30),
                     "jobbstimulans_months_used": rng.randint(0, 30),
                     "previous": previous},
            "has_changed": rng.random() < 0.05,
            "change_description": "Ny adress",
        }
    )  # fmt: skip


def measure(cases: list[CaseInput], rounds: int = 5) -> float:
    """Evaluations per second of ``decide`` over ``cases``: the best of ``rounds`` passes.

    Time is this process's CPU time (``time.process_time``), so the figure is the throughput of
    one core even when other processes share the machine; the best pass is reported, as ``timeit``
    advises, because interference only ever slows a pass down.
    """
    params = load_parameters(MUNICIPALITY)
    for case in cases:  # warm the parameter caches
        decide(case, params)
    best = 0.0
    for _ in range(rounds):
        start = time.process_time()
        for case in cases:
            decision = decide(case, params)
            assert decision.trace, "the trace must be on"
        best = max(best, len(cases) / (time.process_time() - start))
    return best


def run(n_cases: int = 2000, rounds: int = 5) -> str:
    """The summary line."""
    rng = random.Random(20211201)
    cases = [synthetic_case(rng, i) for i in range(n_cases)]
    rate = measure(cases, rounds)
    return f"rules: {rate:,.0f} evaluations/s (trace on, one core, {n_cases} cases)"
