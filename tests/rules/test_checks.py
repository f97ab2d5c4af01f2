"""The rules every benefit applies the same way (rules.engine.checks), on real cases of both benefits."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from rules.engine.checks import draw
from rules.forsorjningsstod import CaseInput as SwedishCase
from rules.forsorjningsstod import decide as decide_sv
from rules.forsorjningsstod import load_parameters as load_sv
from rules.sosialhjelp import CaseInput as NorwegianCase
from rules.sosialhjelp import decide as decide_nb
from rules.sosialhjelp import load_parameters as load_nb


def test_the_draw_is_sha256_of_the_reference_modulo_10000() -> None:
    # printf '%s' C80_SPOT_CHECK | sha256sum -> fb71cdd899d2b04b...f108b7d1; int(..., 16) % 10000 = 817
    assert draw("C80_SPOT_CHECK") == 817
    assert draw("C81_SPOT_CHECK_NOT_CHOSEN") == 6448
    assert all(0 <= draw(f"R-{n}") < 10_000 for n in range(200))


def _norwegian(reference: str, percent: str, **extra: Any) -> NorwegianCase:
    return NorwegianCase.model_validate(
        {
            "reference": reference,
            "month": "2024-03",
            "members": [{"id": "applicant", "role": "applicant", "birth_date": dt.date(1980, 1, 1)}],
            "civil_status": "ugift",
            "persons_living_with_applicant": 0,
            "housing_type": "leier",
            "expenses": [{"type": "husleie", "amount": 6000}],
            "spot_check_percent": percent,
            **extra,
        }
    )


@pytest.mark.parametrize(("percent", "chosen"), [("0", 0), ("100", 200)])
def test_zero_chooses_none_and_a_hundred_every_clear_case(percent: str, chosen: int) -> None:
    params = load_nb()
    decisions = [decide_nb(_norwegian(f"R-{n}", percent), params) for n in range(200)]
    assert sum(d.outcome == "manuell" for d in decisions) == chosen


def test_about_the_share_asked_for_is_chosen_and_the_same_reference_always_the_same() -> None:
    params = load_nb()
    chosen = [decide_nb(_norwegian(f"R-{n}", "10"), params).outcome == "manuell" for n in range(2000)]
    assert 150 < sum(chosen) < 250  # 10 % of 2 000, give or take sampling
    again = [decide_nb(_norwegian(f"R-{n}", "10"), params).outcome == "manuell" for n in range(2000)]
    assert chosen == again  # reproducible: a retry makes the same choice


def test_the_decision_waits_for_completion_only_when_every_reason_names_an_item() -> None:
    params = load_nb()
    missing = decide_nb(_norwegian("R-1", "0", incomes=[{"type": "jobb"}]), params)
    assert missing.outcome == "manuell" and missing.awaits_completion
    assert [(c.code, c.kind, c.external) for c in missing.completion] == [
        ("dokumentasjon_lonn", "document", "lonnslipp|arbeid")
    ]
    mixed = decide_nb(_norwegian("R-1", "0", incomes=[{"type": "jobb"}], has_changed=True), params)
    assert mixed.completion and not mixed.awaits_completion  # the change needs a caseworker anyway


def test_a_blank_free_text_is_no_text() -> None:
    case = SwedishCase.model_validate(
        {
            "reference": "R-2",
            "month": "2021-12",
            "members": [{"id": "applicant", "role": "applicant", "birth_date": "1985-03-12"}],
            "free_texts": [{"field": "message", "label": "Meddelande", "text": " \n\t"}],
        }
    )
    decision = decide_sv(case, load_sv(allow_unverified=True))
    assert "arende.fritext" not in [r.rule_id for r in decision.reasons] and decision.free_texts == []
    assert Decimal(0) == case.spot_check_percent
