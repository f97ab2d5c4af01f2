"""Property test: any valid CaseInput gives a decision, never an exception; manual always has reasons."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.forsorjningsstod import CaseInput, decide, load_parameters
from rules.forsorjningsstod.evaluation import TEXTS

MUNICIPALITY = Path(__file__).resolve().parents[2] / "config" / "municipalities" / "exempelkommun.yaml"
PARAMS = {
    (m, a): load_parameters(MUNICIPALITY if m else None, allow_unverified=a)
    for m in (True, False)
    for a in (True, False)
}
PEOPLE = ["applicant", "co_applicant", "Ada", "Bo"]
TYPES = ["lon", "a_kassa", "barnbidrag", "pension", "stipendium", "ovrigt", "barns_inkomst", "okand"]
SOURCES = ["SKV", "FK", "AKASSA", "AF", "CSN"]
money = st.decimals(min_value=0, max_value=50000, places=2, allow_nan=False, allow_infinity=False)
signed = st.decimals(min_value=-2000, max_value=50000, places=2, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=dt.date(2027, 12, 31))
month = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2013, 2027), st.integers(1, 12))
member = st.fixed_dictionaries(
    {
        "id": st.sampled_from(PEOPLE),
        "role": st.sampled_from(["applicant", "co_applicant", "child", "other_adult"]),
        "birth_date": dates,
        "living_at_home": st.booleans(),
        "lunch_at_preschool": st.booleans(),
        "in_upper_secondary_school": st.booleans(),
    }
)
register_item = st.fixed_dictionaries(
    {
        "person": st.sampled_from(PEOPLE),
        "source": st.sampled_from(SOURCES),
        "type": st.sampled_from(TYPES),
        "amount": signed,
    }
)
case_input = st.fixed_dictionaries(
    {
        "reference": st.just("PROP-1"),
        "month": month,
        "members": st.lists(member, max_size=10),
        "cohabitation": st.sampled_from([None, "sambo", "gift"]),
        "costs": st.fixed_dictionaries(
            {
                "rent": money,
                "household_electricity": money,
                "home_insurance": money,
                "work_travel": money,
                "union_fee": money,
                "akassa_fee": money,
                "other": st.lists(
                    st.fixed_dictionaries({"description": st.text(max_size=20), "amount": money}), max_size=2
                ),
            }
        ),
        "declared_incomes": st.lists(
            st.fixed_dictionaries(
                {"person": st.sampled_from(PEOPLE), "type": st.sampled_from(TYPES), "amount": signed}
            ),
            max_size=4,
        ),
        "register": st.none()
        | st.fixed_dictionaries(
            {
                "control_month": st.lists(register_item, max_size=4),
                "comparison_month": st.lists(register_item, max_size=4),
                "missing": st.lists(
                    st.fixed_dictionaries(
                        {
                            "person": st.sampled_from(PEOPLE),
                            "source": st.sampled_from(SOURCES),
                            "month": month,
                        }
                    ),
                    max_size=2,
                ),
            }
        ),
        "case": st.none()
        | st.fixed_dictionaries(
            {
                "case_open": st.booleans(),
                "protected_identity": st.booleans(),
                "labour_market_plan": st.booleans(),
                "consecutive_months_on_support": st.integers(0, 40),
                "jobbstimulans_months_used": st.integers(0, 40),
                "previous": st.none()
                | st.fixed_dictionaries(
                    {
                        "month": month,
                        "housing_cost": money,
                        "decision": st.sampled_from(["bevilja", "avsla"]),
                        "amount": money,
                        "members": st.lists(
                            st.fixed_dictionaries(
                                {"role": st.sampled_from(["applicant", "child"]), "birth_date": dates}
                            ),
                            max_size=3,
                        ),
                    }
                ),
            }
        ),
        "has_assets": st.booleans(),
        "has_changed": st.booleans(),
        "change_description": st.text(max_size=30),
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=case_input, municipality=st.booleans(), allow=st.booleans())
def test_decide_never_crashes_and_explains_manual(data: dict, municipality: bool, allow: bool) -> None:
    case = CaseInput.model_validate(data)
    decision = decide(case, PARAMS[(municipality, allow)])
    assert decision.outcome in {"bevilja", "avsla", "manuell"}
    assert all(reason.text != TEXTS.internal_error for reason in decision.reasons), decision.reasons
    if decision.outcome == "manuell":
        assert decision.reasons and decision.amount is None
    elif decision.outcome == "bevilja":
        assert decision.amount is not None and decision.amount > 0
        assert decision.need is not None and decision.income_total is not None
        assert decision.amount == int(
            (decision.need - decision.income_total).quantize(Decimal(1), "ROUND_HALF_UP")
        )
    else:
        assert decision.amount == 0
    assert decision.trace
    assert case.reference in decision.journal_note()
    json.dumps(decision.model_dump(mode="json"))
