"""Variations on a clear case: manual kinds (one deviation that sends the case to a human) and invalid
kinds (a corrupted payload that must be quarantined)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sandbox import oracle
from sandbox.scenario import MemberSeed
from sandbox.synthetic.world import Draft, Income, World

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


def _message(w: World, d: Draft) -> None:
    d.message = w.rng.choice(MESSAGES)


MESSAGES = (
    "Jag har fått nytt jobb från den 15:e, och vi flyttar nästa månad.",
    "Min sambo har flyttat ut.",
    "Jag behöver hjälp med en tandläkarräkning också.",
)


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
    ("message to the caseworker", _message),
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
