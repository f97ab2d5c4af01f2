"""Turning a draft into what the stand-in systems hold: the e-service payload, the open case with its
previous calculation, and the register payments and gaps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sandbox import oracle
from sandbox.scenario import CalculationSeed, CaseSeed, PaymentSeed, RegisterGapSeed, RowSeed
from sandbox.synthetic.vocabulary import COST_LABELS, INCOME_LABELS, PAY_DAY, SOURCE_OF, kronor
from sandbox.synthetic.world import Draft, World


def _identity_of(d: Draft, person: str) -> str:
    return d.applicant[1] if person == "applicant" or d.co is None else d.co[1]


def build_payments(w: World, d: Draft) -> tuple[list[PaymentSeed], list[RegisterGapSeed]]:
    """The register payments of the draft's incomes in M-1 and M-2, and its register gaps in M-1."""
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


def build_payload(w: World, d: Draft, reference: str) -> dict[str, Any]:
    """The e-service payload the applicant submits (declared incomes only, in whole kronor)."""
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
        "message": d.message,
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
    try:
        calc = oracle.calculate(w.control, 2 if case_co else 1, children, costs, earlier, stimulans)
        rows = [RowSeed("norm", "riksnorm", "Riksnorm", Decimal(calc.norm))]
    except oracle.NotComputable:
        # The sandbox has no riksnorm for last month's household (say a 2016 preschool child): the case
        # system still has last month's calculation (housing, members, incomes), without its norm row.
        calc = oracle.Breakdown(
            w.control,
            0,
            {code: Decimal(str(costs.get(key, 0))) for key, code in oracle.COST_CODES.items()},
            [(p.type, oracle.counted_income(p.type, p.amount, stimulans)) for p in earlier],
        )
        rows = []
    rows += [
        RowSeed("kostnad", code, COST_LABELS[code], amount) for code, amount in calc.costs.items() if amount
    ]
    for kind, amount in calc.incomes:
        label = INCOME_LABELS[kind] + (" (75 %, jobbstimulans)" if kind == "lon" and stimulans else "")
        rows.append(RowSeed("inkomst", kind, label, amount.quantize(Decimal("0.01"))))
    total = calc.rounded
    return CalculationSeed(w.control, rows, "bevilja" if total > 0 else "avsla", Decimal(max(total, 0)))


def build_case(w: World, d: Draft, payments: list[PaymentSeed]) -> CaseSeed:
    """The open (or closed) case in the case system, with last month's calculation."""
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
