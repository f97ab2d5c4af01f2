"""The parameter catalogue (rules.engine.catalogue): each value's dates, verified or not, source, origin."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from rules.engine.catalogue import ParameterInfo, format_parameter_list, list_parameters

PROJECT = Path(__file__).resolve().parents[2]
REAL = PROJECT / "rules" / "forsorjningsstod" / "parameters"
MUNICIPALITY = PROJECT / "config" / "municipalities" / "exempelkommun.yaml"


def by_name(found: list[ParameterInfo]) -> dict[str, ParameterInfo]:
    return {p.name: p for p in found}


def test_yearly_values_cover_their_calendar_year_only() -> None:
    single = by_name(list_parameters(REAL))["riksnorm_ensamstaende"]
    assert single.unit == "kr/månad" and single.period == "year"
    span = next(v for v in single.values if v.in_force_from == dt.date(2021, 1, 1))
    assert span.until == dt.date(2021, 12, 31) and span.verified and span.value == 3160
    assert span.covers == "2021-01-01 to 2021-12-31 (calendar year 2021 only)"
    assert span.source.startswith("SFS 2020:1013")
    assert [v.in_force_from.year for v in single.unverified] == [
        2016,
        2018,
        2020,
        2022,
        2023,
        2024,
        2025,
        2026,
    ]


def test_open_values_run_until_replaced(tmp_path: Path) -> None:
    data = {
        "description": "Test",
        "unit": "andel",
        "values": {
            "2014-01-01": {"value": 0.1, "source": "beslut 1", "verified": True},
            "2020-07-01": {"value": 0.12, "source": "beslut 2", "verified": False},
        },
    }
    (tmp_path / "troskel.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    first, second = list_parameters(tmp_path)[0].values
    assert first.until == dt.date(2020, 6, 30) and first.covers == "2014-01-01 to 2020-06-30"
    assert second.until is None and second.covers == "from 2020-07-01, open (until a later value replaces it)"
    assert not second.verified and second.source == "beslut 2"


def test_a_municipality_file_replaces_and_adds_parameters() -> None:
    found = by_name(list_parameters(REAL, MUNICIPALITY))
    cap = found["boendekostnad_tak"]
    assert "Exempelkommun" in cap.origin and not cap.replaces_default
    assert found["inkomstandring_troskel"].replaces_default
    assert "rules package" in found["riksnorm_barn"].origin
    assert "boendekostnad_tak" not in by_name(list_parameters(REAL))


def test_the_text_names_every_parameter_value_and_state() -> None:
    text = format_parameter_list(list_parameters(REAL, MUNICIPALITY))
    assert text.startswith("13 parameters.\n32 dated values are NOT verified")
    assert (
        "riksnorm_ensamstaende (kr/månad): Riksnorm, personliga kostnader för en ensamstående vuxen" in text
    )
    assert "  2021-01-01 to 2021-12-31 (calendar year 2021 only): verified; source: SFS 2020:1013" in text
    assert "  2022-01-01 to 2022-12-31 (calendar year 2022 only): NOT VERIFIED; source: Tranås" in text
    assert "    value: under_1: 2 180 kr, 1_2: 2 440 kr" in text
    assert "1_vuxen: 4 474 kr" in text and "the municipality's dated values added to the defaults" in text
