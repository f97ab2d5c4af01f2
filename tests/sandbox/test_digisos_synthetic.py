"""The inbox's generator: deterministic per seed, synthetic identity numbers only, valid NAV soknads
(except the invalid ones), a case-system case per applicant, and every kind of application."""

from __future__ import annotations

import dataclasses
import random
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from connectors import fodselsnummer
from connectors.digisos import validate_payload
from sandbox.digisos.fnr import is_valid_fnr, synthetic_fnr
from sandbox.digisos.synthetic import INVALID, MANUAL, generate


def as_data(scenario: Any) -> Any:
    return dataclasses.asdict(scenario)


def test_the_same_seed_gives_the_same_scenario_and_another_seed_another() -> None:
    assert as_data(generate(5, 30)) == as_data(generate(5, 30))
    assert as_data(generate(5, 30)) != as_data(generate(6, 30))


def test_the_mix_and_a_case_per_applicant() -> None:
    scenario = generate(11, 50)
    outcomes = [app.expected.outcome for app in scenario.applications]
    assert (outcomes.count("quarantined"), outcomes.count("manual"), outcomes.count("proposed")) == (
        6,
        18,
        26,
    )
    assert len(scenario.cases) == 50 and len({app.fiks_digisos_id for app in scenario.applications}) == 50
    for app, case in zip(scenario.applications, scenario.cases, strict=True):
        if app.expected.outcome != "quarantined":
            assert case.identity_number == app.payload["data"]["personalia"]["personIdentifikator"]["verdi"]
        assert case.status == "open"
        if case.previous is not None:
            assert case.previous.decision in ("bevilja", "avsla")
            assert {row.kind for row in case.previous.rows} <= {"norm", "kostnad", "inkomst"}


def test_every_identity_number_is_synthetic_and_valid() -> None:
    for app in generate(3, 60).applications:
        if app.expected.outcome == "quarantined":
            continue
        data = app.payload["data"]
        numbers = [data["personalia"]["personIdentifikator"]["verdi"]]
        numbers += [a["barn"]["personIdentifikator"] for a in data["familie"]["forsorgerplikt"]["ansvar"]]
        spouse = data["familie"]["sivilstatus"].get("ektefelle")
        numbers += [spouse["personIdentifikator"]] if spouse else []
        for number in numbers:
            assert fodselsnummer.is_valid(number) and fodselsnummer.is_synthetic(number)


def test_valid_payloads_validate_keep_unknown_parts_and_round_trip() -> None:
    for app in generate(8, 60).applications:
        soknad, errors = validate_payload(app.payload)
        if app.expected.outcome == "quarantined":
            assert soknad is None and errors, app.expected.why
            continue
        assert soknad is not None, (app.expected.why, errors)
        assert soknad.model_dump(mode="json", exclude_unset=True) == app.payload
        assert soknad.data.model_extra is not None and {"arbeid", "utdanning", "begrunnelse"} <= set(
            soknad.data.model_extra
        )


def test_every_manual_and_invalid_kind_occurs() -> None:
    whys = {app.expected.why for seed in range(1, 4) for app in generate(seed, 60).applications}
    for name, _ in MANUAL:
        assert any(why.startswith(f"manual: {name} (") for why in whys), name
    for name in INVALID:
        assert f"invalid: {name}" in whys, name


@settings(max_examples=200, deadline=None)
@given(born=st.dates(date(1900, 1, 1), date(2039, 12, 31)), seed=st.integers(0, 2**32))
def test_the_sandbox_generator_agrees_with_the_connector(born: date, seed: int) -> None:
    number = synthetic_fnr(random.Random(seed), born)
    assert is_valid_fnr(number)
    assert fodselsnummer.is_valid(number) and fodselsnummer.is_synthetic(number)
    assert fodselsnummer.birth_date(number) == born
    broken = number[:10] + str((int(number[10]) + 1) % 10)
    assert not is_valid_fnr(broken) and not fodselsnummer.is_valid(broken)
