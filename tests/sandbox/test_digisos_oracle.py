"""The inbox's independent oracle against rules.sosialhjelp over a few hundred generated applications.

The soknad is read with connectors.digisos and mapped onto the rules' CaseInput by the process's own
mapping (processes.sosialhjelp.mapping), so the comparison covers what the robot does.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest

from connectors.digisos import validate_payload
from processes.sosialhjelp.mapping import case_input
from rules.sosialhjelp import decide, load_parameters
from sandbox.digisos import oracle
from sandbox.digisos.synthetic import DigisosApplication, generate

SEEDS = range(1, 13)
PER_SEED = 30
RULE_OF_KIND = {  # the generator's manual kinds and the rule that must give the reason
    "satser mangler for året": "sats.mangler",
    "formue": "formue.oppgitt",
    "utgift til barnehage": "utgift.vurdering",
    "annen boutgift": "utgift.vurdering",
    "ukjent inntektstype": "inntekt.ukjent_type",
    "ukjent NAV-ytelse": "inntekt.vurdering",
    "voksent barn hjemme": "husstand.voksent_barn",
    "bor på institusjon": "husstand.botype",
    "registeropplysninger mangler": "opplysninger.register",
    "studielån": "inntekt.vurdering",
    "lønn uten nettobeløp": "inntekt.opplysning_mangler",
    "gift, bor ikke sammen": "husstand.sivilstatus",
    "delt bosted": "husstand.delt_bosted_samvaer",
    "søker har skrevet en begrunnelse": "soknad.fritekst",
}


def applications() -> list[DigisosApplication]:
    return [app for seed in SEEDS for app in generate(seed, PER_SEED).applications]


def test_oracle_and_rules_agree_on_every_generated_application() -> None:
    params = load_parameters(allow_unverified=True)  # the sandbox allows the unverified 2018/2021 values
    seen: Counter[str] = Counter()
    for app in applications():
        soknad, errors = validate_payload(app.payload)
        what = f"{app.fiks_digisos_id} ({app.expected.why})"
        if app.expected.outcome == "quarantined":
            assert soknad is None and errors, what
            seen["quarantined"] += 1
            continue
        assert soknad is not None, f"{what}: {errors}"
        decision = decide(case_input(app.fiks_digisos_id, soknad), params)
        reasons = [reason.text for reason in decision.reasons]
        if app.expected.outcome == "manual":
            assert decision.outcome == "manuell", f"{what}: {decision.outcome} {decision.amount}"
            kind = app.expected.why.removeprefix("manual: ").split(" (")[0]
            assert RULE_OF_KIND[kind] in {reason.rule_id for reason in decision.reasons}, f"{what}: {reasons}"
            seen["manual"] += 1
        else:
            assert (decision.outcome, decision.amount) == (app.expected.decision, app.expected.amount), (
                f"{what}: rules {decision.outcome} {decision.amount}, oracle {app.expected.decision} "
                f"{app.expected.amount}; {reasons}\n{decision.journal_note()}"
            )
            seen[str(decision.outcome)] += 1
    assert sum(seen.values()) == len(SEEDS) * PER_SEED >= 300
    assert seen["innvilge"] > 100 and seen["avslag"] >= 3 and seen["manual"] > 80 and seen["quarantined"] > 30


def test_the_generated_months_cover_the_rate_changes_and_the_missing_years() -> None:
    months = {app.submitted_at[:7] for app in applications()}
    assert {"2021-08", "2021-09", "2022-06", "2022-07", "2022-08", "2022-09"} <= months
    assert {"2020-08", "2020-09", "2023-06", "2023-07"} <= months
    assert {month[:4] for month in months} == {"2020", "2021", "2022", "2023", "2024", "2025", "2026"}


@pytest.mark.parametrize(
    ("month", "single", "child_0_5"),
    [
        ("2020-08", 6250, 2450),
        ("2020-09", 6250, 2750),
        ("2021-08", 6450, 2850),
        ("2021-09", 6450, 3150),
        ("2022-06", 6550, 3200),
        ("2022-07", 6650, 3250),
        ("2023-06", 6850, 3350),
        ("2023-07", 7550, 3700),
    ],
)
def test_oracle_rate_table_by_hand(month: str, single: int, child_0_5: int) -> None:
    first = oracle.dt.date(int(month[:4]), int(month[5:]), 1)
    rates = oracle._rates(first)
    assert (rates[0], rates[3]) == (single, child_0_5)


@pytest.mark.parametrize("month", ["2025-03", "2026-12", "2017-12"])
def test_oracle_refuses_years_without_rates(month: str) -> None:
    with pytest.raises(oracle.NotClear):
        oracle._rates(oracle.dt.date(int(month[:4]), int(month[5:]), 1))


def test_barnetrygd_boundary_in_the_oracle() -> None:
    counted = ignored = 0
    for app in applications():
        if app.expected.outcome != "proposed" or "children" not in app.expected.why:
            continue
        try:
            before = oracle.calculate(app.payload, month="2022-08")
            after = oracle.calculate(app.payload, month="2022-09")
        except oracle.NotClear:  # e.g. a child born after 2022
            continue
        counted += sum((a for c, a in before.incomes if c == "barnetrygd"), Decimal(0)) > 0
        ignored += not any(c == "barnetrygd" for c, _ in after.incomes)
    assert counted > 10 and ignored == counted
