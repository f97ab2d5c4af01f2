"""The intake model: a reapplication as the e-service delivers it (docs/architecture.md, section 1).

Every field is checked; extra fields are rejected. :func:`validate_payload` turns any input into
either an :class:`Application` or plain Swedish error sentences for the quarantine, and never raises.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from connectors.eservice.fields import (
    MAX_INCOMES,
    MAX_MEMBERS,
    MAX_OTHER_COSTS,
    Amount,
    BirthDate,
    Description,
    Email,
    IdentityNumber,
    IncomeType,
    LongText,
    Month,
    Name,
    Reference,
    YesNo,
)
from connectors.eservice.messages import swedish_errors
from connectors.identity import mask


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Person(_Strict):
    identity_number: IdentityNumber
    name: Name


class CoApplicant(Person):
    relation: Literal["sambo", "gift"]


class HouseholdMember(_Strict):
    name: Name
    birth_date: BirthDate
    relation: Literal["barn", "vuxen"]
    living_at_home: YesNo
    lunch_at_preschool: YesNo
    in_upper_secondary_school: YesNo


class OtherCost(_Strict):
    description: Description
    amount: Amount


class Costs(_Strict):
    rent: Amount
    household_electricity: Amount
    home_insurance: Amount
    work_travel: Amount
    union_fee: Amount
    akassa_fee: Amount
    other: list[OtherCost] = Field(default_factory=list, max_length=MAX_OTHER_COSTS)


class Income(_Strict):
    person: Name  # "applicant", "co_applicant" or a household member's name
    type: IncomeType
    amount: Amount


class Application(_Strict):
    """A validated reapplication. Identity numbers are normalised to ``YYYYMMDD-NNNN``."""

    reference: Reference
    month: Month
    applicant: Person
    co_applicant: CoApplicant | None = None
    household_members: list[HouseholdMember] = Field(max_length=MAX_MEMBERS)
    costs: Costs
    incomes: list[Income] = Field(max_length=MAX_INCOMES)
    has_changed: YesNo
    change_description: LongText = ""
    has_assets: YesNo
    message: LongText = ""
    email: Email = None  # optional: where to tell the applicant there is news (never what the news is)

    @model_validator(mode="after")
    def _consistent(self) -> Application:
        problems = consistency_problems(self)
        if problems:
            raise PydanticCustomError("sv_sentences", "{sentences}", {"sentences": problems})
        return self

    def household_size(self) -> int:
        return 1 + (1 if self.co_applicant else 0) + len(self.household_members)

    def total_declared_income(self) -> Decimal:
        return sum((income.amount for income in self.incomes), Decimal(0))


def consistency_problems(app: Application) -> list[str]:
    """Swedish sentences for rules that span several fields (each field is already valid)."""
    problems: list[str] = []
    if app.co_applicant and app.co_applicant.identity_number == app.applicant.identity_number:
        problems.append(
            f"Medsökandens personnummer ({mask(app.co_applicant.identity_number)}) är samma som "
            "sökandens. Ange medsökandens eget personnummer, eller lämna medsökande tomt."
        )
    names = [member.name for member in app.household_members]
    if len(set(names)) != len(names):
        problems.append("Två hushållsmedlemmar har samma namn. Varje hushållsmedlem behöver ett eget namn.")
    reserved = {"applicant", "co_applicant"} & set(names)
    if reserved:
        problems.append("En hushållsmedlem får inte heta 'applicant' eller 'co_applicant'.")
    if len(names) + (2 if app.co_applicant else 1) > MAX_MEMBERS:
        problems.append(f"Hushållet får ha högst {MAX_MEMBERS} personer.")
    allowed = {"applicant", *names} | ({"co_applicant"} if app.co_applicant else set())
    for number, income in enumerate(app.incomes, start=1):
        if income.person == "co_applicant" and not app.co_applicant:
            problems.append(f"Inkomst {number} gäller medsökanden, men ansökan har ingen medsökande.")
        elif income.person not in allowed:
            problems.append(
                f"Inkomst {number} gäller en person som inte finns i ansökan. Ange sökanden, "
                "medsökanden eller en hushållsmedlem med samma namn som i listan över hushållet."
            )
    return problems


def validate_payload(payload: Any) -> tuple[Application | None, list[str]]:
    """Validate a raw payload: ``(application, [])`` when valid, else ``(None, errors)``.

    The errors are Swedish sentences naming the field, with identity numbers masked. Never raises.
    """
    try:
        return Application.model_validate(payload), []
    except ValidationError as error:
        try:
            messages = swedish_errors(error)
        except Exception:  # a translation bug must not lose the item
            messages = []
        return None, messages or ["Ansökan kunde inte läsas. Kontrollera uppgifterna och skicka in den igen."]
    except RecursionError:
        return None, ["Ansökan är för djupt nästlad för att kunna läsas."]
    except Exception:
        return None, ["Ansökan kunde inte läsas. Kontrollera uppgifterna och skicka in den igen."]
