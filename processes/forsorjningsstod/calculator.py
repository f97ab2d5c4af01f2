"""A preliminary estimate for a citizen, from the same rules the robot uses, without any identity number.

The estimate format (JSON) says who lives in the home by relation and age, never by name or number::

    {"month": "2021-12", "cohabitation": null | "sambo" | "gift",
     "household_members": [{"relation": "barn" | "vuxen", "age": 5, "living_at_home": true,
                            "lunch_at_preschool": false, "in_upper_secondary_school": false}],
     "costs": {"rent": 6500, "household_electricity": 300, "home_insurance": 150, "work_travel": 0,
               "union_fee": 0, "akassa_fee": 0, "other": [{"description": "Tandvård", "amount": 800}]},
     "incomes": [{"person": "applicant" | "co_applicant" | "member_1", "type": "lon", "amount": 5000}],
     "has_assets": false, "has_changed": false}

Everything but ``month`` may be left out. Register data and the case are absent, so the rules would
route every estimate to a caseworker: those two reasons are dropped here and stated once as what is
checked afterwards; every other reason is kept as something a caseworker will look at. The figures
(need, incomes, rounding) are the rules' own. The answer is always marked preliminary.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from connectors.eservice.fields import MAX_INCOMES, MAX_MEMBERS, MAX_OTHER_COSTS, Amount, IncomeType, Month
from connectors.eservice.messages import swedish_errors
from rules.forsorjningsstod import Decision, Parameters, decide
from rules.forsorjningsstod.inputs import CaseInput, Costs, DeclaredIncome, Member, OtherCost
from rules.forsorjningsstod.note import month_name

ADULT_AGE = 30  # the applicants' age does not change riksnorm; any adult age gives the same figures
NOT_FETCHED = frozenset({"inkomst.register_ej_hamtat", "arende.uppgifter_saknas"})
PRELIMINARY = (
    "Preliminärt. Det här är inget beslut. Vi kontrollerar uppgifter från bland annat Försäkringskassan "
    "och Skatteverket och går igenom ditt ärende efteråt. Det är en handläggare som fattar beslutet."
)
CHECKED_LATER = [
    "Dina inkomster kontrolleras mot register, till exempel Försäkringskassan, Skatteverket och a-kassan.",
    "Handläggaren går igenom ditt ärende och tidigare beslut.",
]
JOBBSTIMULANS = (
    "Om du har haft försörjningsstöd i minst sex månader i följd räknas en fjärdedel av lönen inte "
    "(jobbstimulans). Det är inte med här, så beloppet kan bli högre."
)
MISSING_AMOUNTS = (
    "Beräkningen har inte alla belopp som behövs för {month} ({items}), så vi kan inte göra någon "
    "uppskattning för den månaden. Du kan ändå ansöka om försörjningsstöd: då räknar en handläggare "
    "på din ansökan."
)
CITIZEN_TEXTS = {
    "kostnad.boende_tak": "Din boendekostnad är högre än kommunens gräns för ditt hushåll. Handläggaren bedömer den.",
    "kostnad.ovrig": "Andra kostnader räknas inte med här. Handläggaren bedömer dem.",
    "kostnad.ej_godtagen": "En av kostnaderna godtas inte direkt av kommunen. Handläggaren bedömer den.",
    "andring.tillgangar": "Du har tillgångar. Handläggaren bedömer om de ska användas först.",
    "andring.anmald": "Du har berättat att något har ändrats. Handläggaren går igenom det.",
    "inkomst.manuell_typ": "En av inkomsterna bedöms av handläggaren.",
    "inkomst.okand_typ": "En av inkomsterna bedöms av handläggaren.",
    "inkomst.utanfor_ansokan": "En annan vuxen i hemmet har en inkomst. Handläggaren bedömer om den påverkar.",
    "parameter.saknas": "Beräkningen har inte alla belopp som behövs för den månaden.",
    "parameter.ej_verifierad": "Beloppen för den månaden är inte kontrollerade ännu.",
    "hushall.ogiltig": "Uppgifterna om hushållet går inte att tolka. Handläggaren går igenom dem.",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EstimateMember(_Strict):
    relation: Literal["barn", "vuxen"]
    age: int = Field(ge=0, le=120, strict=True)
    living_at_home: bool = True
    lunch_at_preschool: bool = False
    in_upper_secondary_school: bool = False


class EstimateCost(_Strict):
    description: str = Field("Övrig kostnad", max_length=200)
    amount: Amount


class EstimateCosts(_Strict):
    rent: Amount = Decimal(0)
    household_electricity: Amount = Decimal(0)
    home_insurance: Amount = Decimal(0)
    work_travel: Amount = Decimal(0)
    union_fee: Amount = Decimal(0)
    akassa_fee: Amount = Decimal(0)
    other: list[EstimateCost] = Field(default_factory=list, max_length=MAX_OTHER_COSTS)


class EstimateIncome(_Strict):
    person: str = Field(pattern=r"^(applicant|co_applicant|member_\d{1,2})$")
    type: IncomeType
    amount: Amount


class EstimateInput(_Strict):
    """What a citizen tells the calculator (or the e-service passes on): no names, no identity numbers."""

    month: Month
    cohabitation: Literal["sambo", "gift"] | None = None
    household_members: list[EstimateMember] = Field(default_factory=list, max_length=MAX_MEMBERS - 2)
    costs: EstimateCosts = EstimateCosts()
    incomes: list[EstimateIncome] = Field(default_factory=list, max_length=MAX_INCOMES)
    has_assets: bool = False
    has_changed: bool = False

    @model_validator(mode="after")
    def _people_exist(self) -> EstimateInput:
        problems = []
        for row, income in enumerate(self.incomes, start=1):
            if income.person == "co_applicant" and self.cohabitation is None:
                problems.append(f"Inkomst {row} gäller en make, maka eller sambo, men du bor inte med någon.")
            if income.person.startswith("member_"):
                number = int(income.person.removeprefix("member_"))
                if not 1 <= number <= len(self.household_members):
                    problems.append(f"Inkomst {row} gäller en person som inte finns i hushållet.")
        if problems:
            raise PydanticCustomError("sv_sentences", "{sentences}", {"sentences": problems})
        return self


def member_ids(members: list[EstimateMember]) -> list[str]:
    """``Barn 1``, ``Barn 2``, ``Vuxen 1``: how the lines name the people in the home."""
    counts = {"barn": 0, "vuxen": 0}
    ids = []
    for member in members:
        counts[member.relation] += 1
        ids.append(f"{'Barn' if member.relation == 'barn' else 'Vuxen'} {counts[member.relation]}")
    return ids


def born(age: int, month_start: dt.date) -> dt.date:
    """A birth date giving exactly ``age`` whole years on the first day of the month."""
    return month_start.replace(year=month_start.year - age)


def to_case_input(data: EstimateInput) -> CaseInput:
    """The rules' input: no register data, no case (the rules say so; :func:`estimate` drops those reasons)."""
    start = dt.date.fromisoformat(f"{data.month}-01")
    members = [Member(id="applicant", role="applicant", birth_date=born(ADULT_AGE, start))]
    if data.cohabitation is not None:
        members.append(Member(id="co_applicant", role="co_applicant", birth_date=born(ADULT_AGE, start)))
    ids = member_ids(data.household_members)
    for member, ident in zip(data.household_members, ids, strict=True):
        members.append(
            Member(
                id=ident,
                role="child" if member.relation == "barn" else "other_adult",
                birth_date=born(member.age, start),
                living_at_home=member.living_at_home,
                lunch_at_preschool=member.lunch_at_preschool,
                in_upper_secondary_school=member.in_upper_secondary_school,
            )
        )
    people = {f"member_{number}": ident for number, ident in enumerate(ids, start=1)}
    costs = data.costs
    return CaseInput(
        reference="UPPSKATTNING",
        month=data.month,
        members=members,
        cohabitation=data.cohabitation,
        costs=Costs(
            rent=costs.rent,
            household_electricity=costs.household_electricity,
            home_insurance=costs.home_insurance,
            work_travel=costs.work_travel,
            union_fee=costs.union_fee,
            akassa_fee=costs.akassa_fee,
            other=[OtherCost(description=item.description, amount=item.amount) for item in costs.other],
        ),
        declared_incomes=[
            DeclaredIncome(person=people.get(i.person, i.person), type=i.type, amount=i.amount)
            for i in data.incomes
        ],
        register=None,
        case=None,
        has_assets=data.has_assets,
        has_changed=data.has_changed,
    )


def parse(raw: Any) -> tuple[EstimateInput | None, list[str]]:
    """The estimate input, or None and Swedish sentences (values are never echoed)."""
    try:
        return EstimateInput.model_validate(raw), []
    except ValidationError as error:
        try:
            messages = swedish_errors(error)
        except Exception:  # a translation bug must not hide the answer
            messages = []
        return None, messages or ["Uppgifterna kunde inte läsas. Kontrollera dem och försök igen."]


def estimate(raw: Any, params: Parameters) -> tuple[dict[str, Any], bool]:
    """The preliminary answer as JSON-ready data, and whether an estimate could be made at all."""
    data, errors = parse(raw)
    if data is None:
        return {"ok": False, "preliminary": True, "errors": errors}, False
    return result(decide(to_case_input(data), params), data), True


def result(decision: Decision, data: EstimateInput) -> dict[str, Any]:
    """What the citizen sees: the outcome, the figures line by line, and what a caseworker will look at."""
    rounded = decision.rounding.rounded if decision.rounding is not None else None
    outcome = "kan_inte_beraknas" if rounded is None else "kan_ha_ratt" if rounded > 0 else "troligen_inte"
    look_at: dict[str, dict[str, Any]] = {}
    for reason in decision.reasons:
        if reason.rule_id in NOT_FETCHED:
            continue
        text = CITIZEN_TEXTS.get(reason.rule_id, reason.text)
        entry = look_at.setdefault(
            text,
            {
                "rule_id": reason.rule_id,
                "text": text,
                "details": [],
                "legal_reference": reason.legal_reference,
            },
        )
        entry["details"].append(reason.text)
    later = list(CHECKED_LATER)
    if any(income.type == "lon" and income.amount > 0 for income in data.incomes):
        later.append(JOBBSTIMULANS)
    dumped = decision.model_dump(mode="json")
    missing = [
        r.text.removesuffix(".").removesuffix(" i parameterfilerna")
        for r in decision.reasons
        if r.rule_id == "parameter.saknas"
    ]
    return {
        "ok": True,
        "preliminary": True,
        "notice": PRELIMINARY,
        "missing_amounts": MISSING_AMOUNTS.format(month=month_name(decision.month), items="; ".join(missing))
        if missing
        else None,
        "month": decision.month,
        "outcome": outcome,
        "amount": max(rounded, 0) if rounded is not None else None,
        "need": dumped["need"],
        "income_total": dumped["income_total"],
        "lines": [
            {key: line[key] for key in ("kind", "code", "label", "amount")} for line in dumped["lines"]
        ],
        "rounding": dumped["rounding"]["text"] if dumped["rounding"] else None,
        "caseworker_will_look_at": list(look_at.values()),
        "checked_later": later,
        "municipality": decision.municipality,
        "unverified_parameters": dumped["unverified_parameters"],
    }
