"""Unit tests for the dated-parameter loader (rules.engine.parameters) and load_parameters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from rules.engine.parameters import MissingParameter, ParameterFileError, load_parameter_dir, parse_parameter
from rules.forsorjningsstod import load_parameters

MUNICIPALITY = Path(__file__).resolve().parents[2] / "config" / "municipalities" / "exempelkommun.yaml"


def _param(period: str = "year") -> dict:
    return {
        "description": "Test",
        "label": "Riksnorm (test)",
        "period": period,
        "values": {
            dt.date(2019, 1, 1): {"value": 100, "source": "Socialstyrelsen", "verified": True},
            dt.date(2021, 1, 1): {"value": 200, "source": "SFS 2020:1013", "verified": True},
            dt.date(2022, 1, 1): {"value": 300, "source": "kommunsida", "verified": False},
        },
    }


def test_at_returns_value_date_source_and_verified() -> None:
    found = parse_parameter("p", _param(), "test").at(dt.date(2021, 6, 1))
    assert found.value == Decimal(200)
    assert found.in_force_from == dt.date(2021, 1, 1)
    assert found.source == "SFS 2020:1013"
    assert found.verified is True


def test_year_period_never_borrows_another_year() -> None:
    parameter = parse_parameter("p", _param("year"), "test")
    with pytest.raises(MissingParameter) as error:
        parameter.at(dt.date(2020, 3, 1))
    assert (error.value.label, error.value.span, error.value.item) == ("Riksnorm (test)", "2020", "")
    assert str(error.value) == "p: no value for 2020"
    with pytest.raises(MissingParameter, match="no value for 2026"):
        parameter.at(dt.date(2026, 1, 1))


def test_open_period_carries_forward_but_not_backwards() -> None:
    parameter = parse_parameter("p", _param("open"), "test")
    assert parameter.at(dt.date(2026, 1, 1)).value == Decimal(300)
    with pytest.raises(MissingParameter, match="no value for 2018-12"):
        parameter.at(dt.date(2018, 12, 1))


def test_unverified_values_are_marked() -> None:
    assert parse_parameter("p", _param(), "test").at(dt.date(2022, 1, 1)).verified is False


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"values": {}}, "'description' is missing"),
        (
            {"description": "x", "values": {"2021-01-01": {"value": 1, "verified": True}}},
            "'source' is missing",
        ),
        ({"description": "x", "values": {"2021-01-01": {"value": 1, "source": "s"}}}, "'verified' must be"),
        (
            {"description": "x", "values": {"not a date": {"value": 1, "source": "s", "verified": True}}},
            "not a date",
        ),
        ({"description": "x", "period": "month", "values": {}}, "period must be"),
    ],
)
def test_malformed_files_say_what_to_fix(broken: dict, message: str) -> None:
    with pytest.raises(ParameterFileError, match=message):
        parse_parameter("p", broken, "test.yaml")


def test_every_national_parameter_file_loads_with_sources() -> None:
    params = load_parameter_dir(
        Path(__file__).resolve().parents[2] / "rules" / "forsorjningsstod" / "parameters"
    )
    assert {"riksnorm_barn", "riksnorm_sambor", "riksnorm_gemensamma_kostnader"} <= set(params)
    for parameter in params.values():
        assert parameter.entries and all(entry.source for entry in parameter.entries)


def test_riksnorm_verification_follows_the_reference_file() -> None:
    params = load_parameters().parameters
    single = params["riksnorm_ensamstaende"]
    verified = {e.in_force_from.year: e.verified for e in single.entries}
    # riksnorm.md: official (Socialstyrelsen, SFS) for 2014, 2015, 2017, 2019, 2021; the rest unverified.
    assert verified == {
        2014: True, 2015: True, 2016: False, 2017: True, 2018: False, 2019: True, 2020: False,
        2021: True, 2022: False, 2023: False, 2024: False, 2025: False, 2026: False,
    }  # fmt: skip
    lunch = {e.in_force_from.year: e.verified for e in params["riksnorm_barn_utan_lunch"].entries}
    assert lunch == {2014: True, 2015: True, 2017: True, 2019: True, 2021: True, 2023: False}
    sambor_years = {e.in_force_from.year for e in params["riksnorm_sambor"].entries}
    assert 2025 not in sambor_years and 2026 not in sambor_years  # never the contradicted 7 500
    shared_2026 = params["riksnorm_gemensamma_kostnader"].at(dt.date(2026, 6, 1)).value
    assert shared_2026 == {"1": Decimal(1280)}  # only what a source gives
    assert max(e.in_force_from.year for e in single.entries) == 2026


def test_shared_costs_2014_match_socialstyrelsen_example() -> None:
    shared = load_parameters().parameters["riksnorm_gemensamma_kostnader"].at(dt.date(2014, 6, 1))
    assert shared.value["5"] == Decimal(1710)


def test_municipality_file_overrides_defaults() -> None:
    national = load_parameters()
    local = load_parameters(municipality_file=MUNICIPALITY)
    assert "boendekostnad_tak" not in national.parameters
    assert local.parameters["boendekostnad_tak"].at(dt.date(2021, 12, 1)).value["1_vuxen"] == Decimal(4474)
    assert national.parameters["inkomstandring_troskel"].at(dt.date(2021, 1, 1)).verified is False
    assert local.parameters["inkomstandring_troskel"].at(dt.date(2021, 1, 1)).verified is True
    assert local.municipality == "Exempelkommun"
    assert local.parameters.origins["boendekostnad_tak"] == "Exempelkommun"


def test_a_municipality_value_is_added_to_the_defaults_by_date(tmp_path: Path) -> None:
    path = tmp_path / "kommun.yaml"
    path.write_text(
        "municipality: Testkommun\n"
        "parameters:\n"
        "  riksnorm_ensamstaende:\n"
        "    description: Riksnorm, ensamstående\n"
        "    label: Riksnorm (ensamstående vuxen)\n"
        "    period: year\n"
        "    values:\n"
        "      2024-01-01: {value: 3800, source: 'SFS 2023:727', verified: true, verified_by: Anna}\n",
        encoding="utf-8",
    )
    single = load_parameters(municipality_file=path).parameters["riksnorm_ensamstaende"]
    assert single.at(dt.date(2024, 5, 1)).verified and single.at(dt.date(2024, 5, 1)).verified_by == "Anna"
    assert single.at(dt.date(2021, 5, 1)).source.startswith("SFS 2020:1013")  # the other years stay
    assert not single.at(dt.date(2023, 5, 1)).verified


def test_a_municipality_value_must_keep_the_package_period(tmp_path: Path) -> None:
    path = tmp_path / "kommun.yaml"
    path.write_text(
        "municipality: Testkommun\nparameters:\n  riksnorm_sambor:\n    description: x\n    period: open\n"
        "    values:\n      2024-01-01: {value: 6850, source: s, verified: true}\n",
        encoding="utf-8",
    )
    with pytest.raises(ParameterFileError, match="must follow the package's period"):
        load_parameters(municipality_file=path)


def test_missing_municipality_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ParameterFileError, match="does not exist"):
        load_parameters(municipality_file=tmp_path / "nope.yaml")


def test_income_types_table_covers_every_code() -> None:
    types = load_parameters().income_types
    deduct = set(
        [
            "lon",
            "a_kassa",
            "aktivitetsstod",
            "studiemedel",
            "barnbidrag",
            "bostadsbidrag",
            "sjukpenning",
            "foraldrapenning",
            "underhallsstod",
            "pension",
            "skatteaterbaring",
            "kapitalinkomst",
        ]
    )
    assert {c for c, t in types.items() if t.action == "deduct"} == deduct
    assert {c for c, t in types.items() if t.action == "ignore"} == {"handikappersattning", "stipendium"}
    assert {c for c, t in types.items() if t.action == "manual"} == {"barns_inkomst", "ovrigt"}
    assert types["lon"].register_source == "SKV" and types["pension"].register_source is None
