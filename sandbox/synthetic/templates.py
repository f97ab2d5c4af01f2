"""Clear-case templates: each returns a draft household that passes every rule, so the robot proposes."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from sandbox import oracle
from sandbox.synthetic.world import Draft, Income, World


def _children(count: int) -> str:
    return "1 child" if count == 1 else f"{count} children"


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


def income_covers_need(w: World, i: int) -> Draft:
    d = w.household(i, "clear: single adult, salary covers the need (rejection)", 1, 0)
    try:
        norm = oracle.household_norm(w.month, 1, [])
    except oracle.NotComputable:
        norm = 6000  # no table for the month: the case goes to a caseworker anyway, any salary will do
    need = norm + sum(d.costs.values())
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
