"""From what the connectors fetched to what the rules read: Application + CaseRecord + register -> CaseInput.

This is the only place that knows both sides' shapes. Nothing here decides anything.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from connectors.case_system.models import CaseRecord
from connectors.eservice.models import Application
from connectors.income_register import RegisterAnswer
from rules.engine.decision import FreeText
from rules.forsorjningsstod.inputs import (
    CaseContext,
    CaseInput,
    Costs,
    DeclaredIncome,
    Member,
    MissingRegisterData,
    OtherCost,
    PreviousCalculation,
    PreviousIncome,
    PreviousMember,
    RegisterData,
    RegisterIncome,
)

HOUSING_CODE = "boende"


def birth_date_of(identity_number: str) -> date:
    """The birth date in a normalised identity number ``YYYYMMDD-NNNN``."""
    digits = identity_number.replace("-", "")
    return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))


def previous_month(month: str, steps: int = 1) -> str:
    year, number = (int(part) for part in month.split("-"))
    index = year * 12 + (number - 1) - steps
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def people(app: Application) -> dict[str, str]:
    """Person key -> identity number, for everyone whose incomes the register is asked about."""
    found = {"applicant": app.applicant.identity_number}
    if app.co_applicant is not None:
        found["co_applicant"] = app.co_applicant.identity_number
    return found


def members_of(app: Application) -> list[Member]:
    members = [
        Member(id="applicant", role="applicant", birth_date=birth_date_of(app.applicant.identity_number))
    ]
    if app.co_applicant is not None:
        members.append(
            Member(
                id="co_applicant",
                role="co_applicant",
                birth_date=birth_date_of(app.co_applicant.identity_number),
            )
        )
    for person in app.household_members:
        members.append(
            Member(
                id=person.name,
                role="child" if person.relation == "barn" else "other_adult",
                birth_date=person.birth_date,
                living_at_home=person.living_at_home,
                lunch_at_preschool=person.lunch_at_preschool,
                in_upper_secondary_school=person.in_upper_secondary_school,
            )
        )
    return members


def register_data(month: str, answers: dict[str, RegisterAnswer]) -> RegisterData:
    """Split each person's register answer into control month (M-1) and comparison month (M-2).

    Every source that has no data for a month yet, or answered with an error, is passed on by its
    code (AF, CSN, FK, SKV, SO, TNS, MIV) with the month that fails: the month without data, or the
    control month for an error (the whole question failed for that source).
    """
    control, comparison = previous_month(month, 1), previous_month(month, 2)
    control_rows: list[RegisterIncome] = []
    comparison_rows: list[RegisterIncome] = []
    missing: list[MissingRegisterData] = []
    for person, answer in answers.items():
        for payment in answer.payments:
            row = RegisterIncome(
                person=person, source=payment.source, type=payment.type, amount=payment.amount
            )
            if payment.period == control:
                control_rows.append(row)
            elif payment.period == comparison:
                comparison_rows.append(row)
        for status in answer.missing_sources():
            kind = "error" if status.status == "error" else "no_data"  # a source's error, or no data yet
            for failing in status.months or (control,):
                missing.append(
                    MissingRegisterData(person=person, source=status.source, month=failing, status=kind)
                )
    return RegisterData(control_month=control_rows, comparison_month=comparison_rows, missing=missing)


def case_context(case: CaseRecord) -> CaseContext:
    previous = None
    if case.previous is not None:
        members = [PreviousMember(role="applicant", birth_date=birth_date_of(case.identity_number))]
        if case.co_applicant_identity_number:
            members.append(
                PreviousMember(
                    role="co_applicant", birth_date=birth_date_of(case.co_applicant_identity_number)
                )
            )
        members.extend(
            PreviousMember(role="child" if m.relation == "barn" else "other_adult", birth_date=m.birth_date)
            for m in case.members
        )
        rows = case.previous.rows
        previous = PreviousCalculation(
            month=case.previous.month,
            housing_cost=sum((row.amount for row in rows if row.code == HOUSING_CODE), start=0),
            members=members,
            incomes=[
                PreviousIncome(type=row.code, amount=row.amount) for row in rows if row.kind == "inkomst"
            ],
            decision=case.previous.decision,
            amount=case.previous.amount,
        )
    return CaseContext(
        case_open=case.status == "open",
        protected_identity=case.protected_identity,
        labour_market_plan=case.labour_market_plan,
        consecutive_months_on_support=case.consecutive_months_on_support,
        jobbstimulans_months_used=case.jobbstimulans_months_used,
        previous=previous,
    )


def free_texts(app: Application) -> list[FreeText]:
    """Every free-text field of the form, as the applicant wrote it (the rules send any text to a person)."""
    texts = [
        FreeText(field="message", label="Meddelande till handläggaren", text=app.message),
        FreeText(field="change_description", label="Beskrivning av ändringen", text=app.change_description),
    ]
    texts += [
        FreeText(
            field=f"costs.other[{index}].description",
            label=f"Övrig kostnad {index + 1}",
            text=item.description,
        )
        for index, item in enumerate(app.costs.other)
    ]
    return [text for text in texts if text.text.strip()]


def to_case_input(
    app: Application,
    case: CaseRecord | None,
    answers: dict[str, RegisterAnswer] | None,
    spot_check_percent: Decimal = Decimal(0),
) -> CaseInput:
    """Everything the rules need for one application. ``None`` parts are reported missing by the rules.
    ``spot_check_percent``: the process's setting for spot checks of otherwise clear cases."""
    costs = app.costs
    return CaseInput(
        reference=app.reference,
        month=app.month,
        members=members_of(app),
        cohabitation=app.co_applicant.relation if app.co_applicant else None,
        costs=Costs(
            rent=costs.rent,
            household_electricity=costs.household_electricity,
            home_insurance=costs.home_insurance,
            work_travel=costs.work_travel,
            union_fee=costs.union_fee,
            akassa_fee=costs.akassa_fee,
            other=[OtherCost(description=o.description, amount=o.amount) for o in costs.other],
        ),
        declared_incomes=[DeclaredIncome(person=i.person, type=i.type, amount=i.amount) for i in app.incomes],
        register=register_data(app.month, answers) if answers is not None else None,
        case=case_context(case) if case is not None else None,
        has_assets=app.has_assets,
        has_changed=app.has_changed,
        change_description=app.change_description,
        free_texts=free_texts(app),
        spot_check_percent=spot_check_percent,
    )


def co_applicant_changed(app: Application, case: CaseRecord) -> bool:
    """True when the application's co-applicant is not the one on the case (a civil-status change)."""
    declared = app.co_applicant.identity_number if app.co_applicant else None
    return declared != (case.co_applicant_identity_number or None)
