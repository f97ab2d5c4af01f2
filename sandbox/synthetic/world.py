"""The generator's working state: the random world of one scenario and the draft applications it builds.

:class:`World` holds the seeded random generator and hands out identities, households and incomes;
:class:`Draft` is one application under construction; :class:`Income` one income stream in it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sandbox import oracle
from sandbox.identity import random_birth_date, synthetic_identity_number
from sandbox.scenario import MemberSeed
from sandbox.synthetic.vocabulary import (
    CHILD_BENEFIT,
    FIRST_NAMES,
    LARGE_FAMILY_SUPPLEMENT,
    SURNAMES,
    shift_month,
)


@dataclass
class Income:
    person: str  # "applicant" or "co_applicant"
    type: str
    control: Decimal | None  # register amount in the control month M-1 (None: nothing paid)
    comparison: Decimal | None  # ... in the comparison month M-2
    declared: bool = True


@dataclass
class Draft:
    """One application under construction, before it becomes a payload, a case and payments."""

    index: int
    why: str
    applicant: tuple[str, str]  # name, identity number
    co: tuple[str, str, str] | None  # name, identity number, relation
    members: list[MemberSeed]
    costs: dict[str, int]
    incomes: list[Income] = field(default_factory=list)
    consecutive: int = 3
    jobb_used: int = 0
    plan: bool = True
    protected: bool = False
    status: str = "open"
    previous_rent: int | None = None
    case_co: tuple[str, str, str] | None = None  # the case's co-applicant, when co_changed
    co_changed: bool = False
    extra_members: list[MemberSeed] = field(default_factory=list)  # in the payload, not in the case
    other: list[dict[str, Any]] = field(default_factory=list)
    has_changed: bool = False
    change_description: str = ""
    message: str = ""  # the applicant's message to the caseworker (empty in a clear case)
    has_assets: bool = False
    gaps: list[tuple[str, str]] = field(default_factory=list)  # (person, source) in the control month


class World:
    """The random state shared while generating one scenario."""

    def __init__(self, seed: int, month: str) -> None:
        self.rng = random.Random(seed)
        self.seed = seed
        self.month = month
        self.control = shift_month(month, -1)
        self.comparison = shift_month(month, -2)
        self.control_start = oracle.first_day(self.control)
        self._used: set[str] = set()

    def identity(self, birth: date) -> str:
        while True:
            number = synthetic_identity_number(self.rng, birth)
            if number not in self._used:
                self._used.add(number)
                return number

    def adult(self, surname: str) -> tuple[str, str]:
        birth = random_birth_date(self.rng, self.control_start, 21, 64)
        return f"{self.rng.choice(FIRST_NAMES)} {surname}", self.identity(birth)

    def child(self, surname: str, taken: set[str], age: int) -> MemberSeed:
        name = next(
            f"{n} {surname}" for n in self.rng.sample(FIRST_NAMES, len(FIRST_NAMES)) if n not in taken
        )
        taken.add(name.split()[0])
        birth = random_birth_date(self.rng, self.control_start, age, age)
        lunch = 1 <= age <= 6 and self.rng.random() < 0.7
        return MemberSeed(name, birth.isoformat(), "barn", True, lunch, age >= 16)

    def money(self, low: int, high: int) -> Decimal:
        return Decimal(self.rng.randint(low * 100, high * 100)) / 100

    def near(self, amount: Decimal, share: float = 0.05) -> Decimal:
        factor = Decimal(str(round(1 + self.rng.uniform(-share, share), 4)))
        return (amount * factor).quantize(Decimal("0.01"))

    def household(self, index: int, why: str, adults: int, children: int, relation: str = "sambo") -> Draft:
        surname = self.rng.choice(SURNAMES)
        name, identity = self.adult(surname)
        co = (*self.adult(surname), relation) if adults == 2 else None
        taken = {name.split()[0]} | ({co[0].split()[0]} if co else set())
        ages = [self.rng.choice((0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16, 17)) for _ in range(children)]
        members = [self.child(surname, taken, age) for age in sorted(ages, reverse=True)]
        cap = oracle.housing_cap(adults, children)
        costs = {
            "rent": self.rng.randint(int(cap * 0.6), cap),
            "household_electricity": self.rng.randint(0, 500),
            "home_insurance": self.rng.randint(90, 250),
            "work_travel": 0,
            "union_fee": 0,
            "akassa_fee": 0,
        }
        return Draft(index, why, (name, identity), co, members, costs, consecutive=self.rng.randint(1, 5))

    def steady(self, person: str, kind: str, low: int, high: int, share: float = 0.04) -> Income:
        amount = self.money(low, high)
        return Income(person, kind, amount, self.near(amount, share))

    def child_benefit(self, children: int) -> Income:
        amount = Decimal(CHILD_BENEFIT * children + LARGE_FAMILY_SUPPLEMENT[min(children, 5)])
        return Income("applicant", "barnbidrag", amount, amount)

    def stimulans(self, draft: Draft) -> None:
        draft.consecutive = self.rng.randint(6, 40)
        draft.jobb_used = self.rng.randint(0, min(23, draft.consecutive - 6))

    def working(self, draft: Draft) -> None:
        draft.costs["work_travel"] = self.rng.choice((0, 350, 550, 800))
        draft.costs["union_fee"] = self.rng.choice((0, 250, 320))
        draft.costs["akassa_fee"] = self.rng.choice((0, 110, 150))
