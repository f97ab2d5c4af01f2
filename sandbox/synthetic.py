"""The seeded synthetic-data generator: a realistic month of reapplications, with cases and register data.

``generate(seed, count, month)`` returns a :class:`sandbox.scenario.Scenario`, the same for the same
arguments. Roughly 45 % clear cases (the robot proposes; the amount comes from :mod:`sandbox.oracle`),
40 % that must go to a human (one deviation each, named in ``Expected.why``) and 12 % invalid payloads
(quarantine). Every application, valid or not, has an open case and register data for the control
month (M-1) and the comparison month (M-2). Everyone is made up: synthetic names ("Testsson") and
identity numbers with serial 98x.
"""

from __future__ import annotations

import copy
import itertools
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sandbox import oracle
from sandbox.identity import random_birth_date, synthetic_identity_number
from sandbox.scenario import (
    ApplicationSeed,
    CalculationSeed,
    CaseSeed,
    Expected,
    MemberSeed,
    PaymentSeed,
    RegisterGapSeed,
    RowSeed,
    Scenario,
)

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
SOURCE_OF = {
    "lon": "SKV",
    "a_kassa": "AKASSA",
    "aktivitetsstod": "AF",
    "studiemedel": "CSN",
    "barnbidrag": "FK",
    "bostadsbidrag": "FK",
    "sjukpenning": "FK",
    "foraldrapenning": "FK",
    "underhallsstod": "FK",
}
PAY_DAY = {"SKV": 25, "AKASSA": 15, "AF": 15, "CSN": 25, "FK": 20}
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


def _children(count: int) -> str:
    return "1 child" if count == 1 else f"{count} children"


# --- clear cases: each template returns a draft that passes every rule -------------------------------


def _single_no_income(w: World, i: int) -> Draft:
    return w.household(i, "clear: single adult, no income", 1, 0)


def _single_salary_stimulans(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, salary with jobbstimulans", 1, 0)
    d.incomes.append(w.steady("applicant", "lon", 2500, 7000))
    w.stimulans(d)
    w.working(d)
    return d


def _single_salary_stimulans_used_up(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, salary, jobbstimulans used up (24 months)", 1, 0)
    d.incomes.append(w.steady("applicant", "lon", 2000, 4500))
    d.consecutive, d.jobb_used = w.rng.randint(30, 48), 24
    return d


def _single_akassa(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, a-kassa", 1, 0)
    d.incomes.append(w.steady("applicant", "a_kassa", 3000, 6000, 0.03))
    d.costs["akassa_fee"] = w.rng.randint(100, 160)
    return d


def _single_activity(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, aktivitetsstöd", 1, 0)
    d.incomes.append(w.steady("applicant", "aktivitetsstod", 2000, 5000, 0.02))
    return d


def _couple_salary(w: World, i: int) -> Draft:
    d = w.household(i, "clear: couple (sambo), co-applicant's salary", 2, 0)
    d.incomes.append(w.steady("co_applicant", "lon", 3000, 7000))
    w.working(d)
    return d


def _married_children(w: World, i: int) -> Draft:
    children = w.rng.randint(1, 3)
    d = w.household(i, f"clear: married couple, {_children(children)}, barnbidrag", 2, children, "gift")
    d.incomes.append(w.child_benefit(children))
    return d


def _single_parent(w: World, i: int) -> Draft:
    children = w.rng.randint(1, 3)
    d = w.household(
        i, f"clear: single parent, {_children(children)}, barnbidrag and bostadsbidrag", 1, children
    )
    d.incomes += [w.child_benefit(children), w.steady("applicant", "bostadsbidrag", 1200, 3500, 0.0)]
    return d


def _family_salary_stimulans(w: World, i: int) -> Draft:
    children = w.rng.randint(2, 4)
    d = w.household(
        i, f"clear: family, {_children(children)}, salary with jobbstimulans, barnbidrag", 2, children
    )
    d.incomes += [w.child_benefit(children), w.steady("applicant", "lon", 4000, 9000)]
    w.stimulans(d)
    w.working(d)
    return d


def _income_covers_need(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, salary covers the need (rejection)", 1, 0)
    need = oracle.household_norm(w.month, 1, []) + sum(d.costs.values())
    control = (Decimal(need) * Decimal(str(round(w.rng.uniform(1.04, 1.10), 3)))).quantize(Decimal("0.01"))
    d.incomes.append(
        Income("applicant", "lon", control, (control / Decimal("1.06")).quantize(Decimal("0.01")))
    )
    return d


CLEAR_TEMPLATES: tuple[Callable[[World, int], Draft], ...] = (
    _single_salary_stimulans,
    _married_children,
    _single_parent,
    _couple_salary,
    _single_akassa,
    _family_salary_stimulans,
    _single_no_income,
    _single_activity,
    _single_salary_stimulans_used_up,
)


# --- cases for a human: one deviation from a clear case each ------------------------------------------


def _ensure_salary(w: World, d: Draft) -> Income:
    found = next((inc for inc in d.incomes if inc.type == "lon" and inc.person == "applicant"), None)
    if found is None:
        found = w.steady("applicant", "lon", 3000, 7000)
        d.incomes.append(found)
    return found


def _rent_above_cap(w: World, d: Draft) -> None:
    adults = 2 if d.co else 1
    d.costs["rent"] = oracle.housing_cap(adults, len(d.members)) + w.rng.randint(300, 2000)


def _other_cost(w: World, d: Draft) -> None:
    description, amount = w.rng.choice(
        (("Tandvård", 850), ("Glasögon", 1200), ("Medicin", 300), ("Barnomsorgsavgift", 450))
    )
    d.other.append({"description": description, "amount": amount})


def _income_changed(w: World, d: Draft) -> None:
    salary = _ensure_salary(w, d)
    assert salary.control is not None
    factor = Decimal(str(round(w.rng.uniform(1.18, 1.45), 3)))
    salary.comparison = (
        salary.control * factor if w.rng.random() < 0.5 else salary.control / factor
    ).quantize(Decimal("0.01"))


def _new_income(w: World, d: Draft) -> None:
    d.incomes.append(Income("applicant", "sjukpenning", w.money(1500, 4500), None))


def _income_disappeared(w: World, d: Draft) -> None:
    d.incomes.append(Income("applicant", "a_kassa", None, w.money(3000, 6000), declared=False))


def _undeclared_income(w: World, d: Draft) -> None:
    d.incomes.append(Income("applicant", "underhallsstod", Decimal(1673), Decimal(1673), declared=False))


def _register_missing(w: World, d: Draft) -> None:
    _ensure_salary(w, d)
    d.gaps.append(("applicant", "SKV"))


def _declared_change(w: World, d: Draft) -> None:
    d.has_changed = True
    d.change_description = w.rng.choice(
        (
            "Jag börjar ett nytt jobb nästa månad.",
            "Min sambo har flyttat ut.",
            "Vi ska flytta till en ny lägenhet.",
        )
    )


def _assets(w: World, d: Draft) -> None:
    d.has_assets = True


def _member_added(w: World, d: Draft) -> None:
    surname = d.applicant[0].split()[-1]
    start = oracle.first_day(w.month)
    birth = start - timedelta(days=w.rng.randint(1, 25))
    d.extra_members.append(MemberSeed(f"Bebis {surname}", birth.isoformat(), "barn", True, False, False))


def _protected(w: World, d: Draft) -> None:
    d.protected = True


def _closed(w: World, d: Draft) -> None:
    d.status = "closed"


def _no_plan(w: World, d: Draft) -> None:
    d.plan = False


def _housing_changed(w: World, d: Draft) -> None:
    d.previous_rent = d.costs["rent"] - w.rng.randint(300, 900)


def _new_applicant(w: World, d: Draft) -> None:
    d.consecutive, d.jobb_used = 0, 0


def _co_applicant_changed(w: World, d: Draft) -> None:
    surname = d.applicant[0].split()[-1]
    d.case_co, d.co_changed = d.co, True
    d.co = (*w.adult(surname), "sambo")


MANUAL_KINDS: tuple[tuple[str, Callable[[World, Draft], None]], ...] = (
    ("rent above the housing cap", _rent_above_cap),
    ("other cost declared", _other_cost),
    ("income changed more than 12 %", _income_changed),
    ("new income", _new_income),
    ("income disappeared", _income_disappeared),
    ("register data missing", _register_missing),
    ("declared change", _declared_change),
    ("assets declared", _assets),
    ("household member added", _member_added),
    ("protected identity", _protected),
    ("case closed", _closed),
    ("no labour-market plan", _no_plan),
    ("housing cost changed", _housing_changed),
    ("income in register not declared", _undeclared_income),
    ("new applicant (no months on support)", _new_applicant),
    ("co-applicant changed", _co_applicant_changed),
)


# --- invalid payloads (quarantine) -------------------------------------------------------------------


def _bad_checksum(w: World, p: dict[str, Any]) -> None:
    number = p["applicant"]["identity_number"]
    p["applicant"]["identity_number"] = number[:-1] + str((int(number[-1]) + 1) % 10)


def _negative_rent(w: World, p: dict[str, Any]) -> None:
    p["costs"]["rent"] = -w.rng.randint(100, 5000)


def _missing_month(w: World, p: dict[str, Any]) -> None:
    del p["month"]


def _unknown_income_type(w: World, p: dict[str, Any]) -> None:
    p["incomes"].append(
        {"person": "applicant", "type": w.rng.choice(("swish", "bidrag", "LON")), "amount": 500}
    )


def _garbage_types(w: World, p: dict[str, Any]) -> None:
    p["costs"]["rent"] = "sextusen"
    p["has_assets"] = "kanske"
    p["household_members"] = {"antal": "två"}
    p["incomes"] = None


def _future_birth(w: World, p: dict[str, Any]) -> None:
    p["household_members"].append(
        {
            "name": "Framtida Testsson",
            "birth_date": "2099-01-01",
            "relation": "barn",
            "living_at_home": True,
            "lunch_at_preschool": False,
            "in_upper_secondary_school": False,
        }
    )


def _same_co_applicant(w: World, p: dict[str, Any]) -> None:
    p["co_applicant"] = {**p["applicant"], "name": "Kopia Testsson", "relation": "sambo"}


def _short_identity(w: World, p: dict[str, Any]) -> None:
    p["applicant"]["identity_number"] = p["applicant"]["identity_number"][2:]


def _unknown_field(w: World, p: dict[str, Any]) -> None:
    p["bankkonto"] = {"clearing": "1234", "nummer": "5678"}


INVALID_KINDS: tuple[tuple[str, Callable[[World, dict[str, Any]], None]], ...] = (
    ("bad checksum", _bad_checksum),
    ("negative rent", _negative_rent),
    ("month missing", _missing_month),
    ("unknown income type", _unknown_income_type),
    ("garbage types", _garbage_types),
    ("birth date in the future", _future_birth),
    ("co-applicant same as applicant", _same_co_applicant),
    ("10-digit identity number", _short_identity),
    ("unknown field", _unknown_field),
)


# --- turning a draft into payload, case and register data --------------------------------------------


def _identity_of(d: Draft, person: str) -> str:
    return d.applicant[1] if person == "applicant" or d.co is None else d.co[1]


def _payments(w: World, d: Draft) -> tuple[list[PaymentSeed], list[RegisterGapSeed]]:
    payments: list[PaymentSeed] = []
    gaps = [RegisterGapSeed(_identity_of(d, person), source, w.control) for person, source in d.gaps]  # type: ignore[arg-type]
    for inc in d.incomes:
        source = SOURCE_OF[inc.type]
        for period, amount in ((w.control, inc.control), (w.comparison, inc.comparison)):
            if amount is None or (period == w.control and (inc.person, source) in d.gaps):
                continue
            day = f"{period}-{PAY_DAY[source]:02d}"
            payments.append(PaymentSeed(_identity_of(d, inc.person), source, inc.type, amount, period, day))  # type: ignore[arg-type]
    return payments, gaps


def _payload(w: World, d: Draft, reference: str) -> dict[str, Any]:
    members = [
        {
            "name": m.name,
            "birth_date": m.birth_date,
            "relation": m.relation,
            "living_at_home": m.living_at_home,
            "lunch_at_preschool": m.lunch_at_preschool,
            "in_upper_secondary_school": m.in_upper_secondary_school,
        }
        for m in [*d.members, *d.extra_members]
    ]
    incomes = [
        {"person": inc.person, "type": inc.type, "amount": kronor(inc.control)}
        for inc in d.incomes
        if inc.declared and inc.control is not None
    ]
    co = {"identity_number": d.co[1], "name": d.co[0], "relation": d.co[2]} if d.co else None
    return {
        "reference": reference,
        "month": w.month,
        "applicant": {"identity_number": d.applicant[1], "name": d.applicant[0]},
        "co_applicant": co,
        "household_members": members,
        "costs": {**d.costs, "other": list(d.other)},
        "incomes": incomes,
        "has_changed": d.has_changed,
        "change_description": d.change_description,
        "has_assets": d.has_assets,
        "message": "",
    }


def _previous(w: World, d: Draft, payments: list[PaymentSeed]) -> CalculationSeed | None:
    if d.consecutive == 0:
        return None
    case_co = d.case_co if d.co_changed else d.co
    children = [(date.fromisoformat(m.birth_date), m.lunch_at_preschool) for m in d.members]
    costs = {**d.costs, "rent": d.previous_rent if d.previous_rent is not None else d.costs["rent"]}
    people = {d.applicant[1]} | ({case_co[1]} if case_co else set())
    earlier = [p for p in payments if p.period == w.comparison and p.identity_number in people]
    stimulans = oracle.jobbstimulans_applies(d.consecutive, d.jobb_used)
    calc = oracle.calculate(w.control, 2 if case_co else 1, children, costs, earlier, stimulans)
    rows = [RowSeed("norm", "riksnorm", "Riksnorm", Decimal(calc.norm))]
    rows += [
        RowSeed("kostnad", code, COST_LABELS[code], amount) for code, amount in calc.costs.items() if amount
    ]
    for kind, amount in calc.incomes:
        label = INCOME_LABELS[kind] + (" (75 %, jobbstimulans)" if kind == "lon" and stimulans else "")
        rows.append(RowSeed("inkomst", kind, label, amount.quantize(Decimal("0.01"))))
    total = calc.rounded
    return CalculationSeed(w.control, rows, "bevilja" if total > 0 else "avsla", Decimal(max(total, 0)))


def _case(w: World, d: Draft, payments: list[PaymentSeed]) -> CaseSeed:
    case_co = d.case_co if d.co_changed else d.co
    return CaseSeed(
        case_number=f"FS-{w.seed}-{d.index:05d}",
        identity_number=d.applicant[1],
        name=d.applicant[0],
        co_applicant_identity_number=case_co[1] if case_co else None,
        co_applicant_name=case_co[0] if case_co else None,
        household=list(d.members),
        protected_identity=d.protected,
        status="closed" if d.status == "closed" else "open",
        consecutive_months_on_support=d.consecutive,
        jobbstimulans_months_used=d.jobb_used,
        labour_market_plan=d.plan,
        previous=_previous(w, d, payments),
    )


def _mix(w: World, count: int) -> list[str]:
    invalid, manual = round(count * 0.12), round(count * 0.40)
    kinds = ["invalid"] * invalid + ["manual"] * manual + ["clear"] * (count - invalid - manual)
    w.rng.shuffle(kinds)
    return kinds


def _rotated(w: World, kinds: tuple[Any, ...]) -> Iterator[Any]:
    """All kinds in order, starting at a random one, so different seeds cover different kinds first."""
    start = w.rng.randrange(len(kinds))
    return itertools.cycle(kinds[start:] + kinds[:start])


def generate(seed: int, count: int = 25, month: str = "2021-12") -> Scenario:
    """A scenario of ``count`` reapplications for ``month`` (2021-02..2021-12: the oracle knows 2021 only)."""
    if not ("2021-02" <= month <= "2021-12" and len(month) == 7):
        raise ValueError(
            f"month must be 2021-02..2021-12 (the 2021 riksnorm is the only table at hand), not {month!r}"
        )
    w = World(seed, month)
    kinds = _mix(w, count)
    avsla = 0 if kinds.count("clear") < 4 else (1 if kinds.count("clear") < 16 else 2)
    templates = list(CLEAR_TEMPLATES)
    w.rng.shuffle(templates)
    clear = itertools.chain([_income_covers_need] * avsla, itertools.cycle(templates))
    manual, invalid = _rotated(w, MANUAL_KINDS), _rotated(w, INVALID_KINDS)
    scenario = Scenario(seed=seed, month=month, applications=[], cases=[], payments=[], gaps=[])
    for index, kind in enumerate(kinds, start=1):
        reference = f"ES-{seed}-{index:05d}"
        draft = next(clear)(w, index) if kind == "clear" else w.rng.choice(templates)(w, index)
        if kind == "manual":
            name, mutate = next(manual)
            mutate(w, draft)
            draft.why = f"manual: {name} ({draft.why.removeprefix('clear: ')})"
        payments, gaps = _payments(w, draft)
        payload = _payload(w, draft, reference)
        case = _case(w, draft, payments)
        if kind == "clear":
            expected = oracle.expected_from_payload(
                payload, payments, draft.consecutive, draft.jobb_used, draft.why
            )
        elif kind == "manual":
            expected = Expected("manual", why=draft.why)
        else:
            name, corrupt = next(invalid)
            payload = copy.deepcopy(payload)
            corrupt(w, payload)
            expected = Expected("quarantined", why=f"invalid: {name}")
        scenario.applications.append(ApplicationSeed(payload, expected))
        scenario.cases.append(case)
        scenario.payments += payments
        scenario.gaps += gaps
    return scenario
