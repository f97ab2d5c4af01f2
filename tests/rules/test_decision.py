"""The Decision model: JSON storage round-trip and the journal note."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from rules.forsorjningsstod import CaseInput, Decision, decide, load_parameters

MUNICIPALITY = Path(__file__).resolve().parents[2] / "config" / "municipalities" / "exempelkommun.yaml"


def _case(**changes: object) -> CaseInput:
    data: dict = {
        "reference": "ES-000123",
        "month": "2021-12",
        "members": [{"id": "applicant", "role": "applicant", "birth_date": dt.date(1985, 3, 12)}],
        "costs": {"rent": "4000.50"},
        "register": {"control_month": [], "comparison_month": [], "missing": []},
        "case": {
            "previous": {
                "month": "2021-11",
                "housing_cost": "4000.50",
                "members": [{"role": "applicant", "birth_date": "1985-03-12"}],
                "decision": "bevilja",
                "amount": 8181,
            }
        },
    }
    data.update(changes)
    return CaseInput.model_validate(data)


def test_json_round_trip_keeps_numbers_as_numbers() -> None:
    decision = decide(_case(), load_parameters(MUNICIPALITY))
    stored = json.loads(json.dumps(decision.model_dump(mode="json")))
    assert stored["outcome"] == "bevilja" and stored["amount"] == 8181
    assert stored["need"] == 8180.5
    assert stored["rounding"]["text"] == "Avrundat från 8 180,50 kr till 8 181 kr."
    used = [p for line in stored["trace"] for p in line["parameters"]]
    assert {"name": "riksnorm_ensamstaende", "value": 3160, "in_force_from": "2021-01-01"}.items() <= used[
        0
    ].items()
    assert Decision.model_validate(stored).amount == 8181


def test_manual_note_lists_every_reason_with_reference() -> None:
    decision = decide(
        _case(has_assets=True, has_changed=True, change_description="Flyttar"), load_parameters(MUNICIPALITY)
    )
    note = decision.journal_note()
    assert decision.outcome == "manuell" and len(decision.reasons) == 2
    assert "Ansökan ES-000123 om försörjningsstöd för december 2021." in note
    assert '- Sökanden har anmält en ändring: "Flyttar". (SoL (2001:453) 11 kap. 1 §)' in note
    assert "(SoL (2001:453) 4 kap. 1 §)" in note
    assert "Beräknat belopp (till handläggarens stöd): 8 181 kr." in note
