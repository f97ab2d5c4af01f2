"""The family's share of the shared household costs: (family / size) x shared costs, to öre, half up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from rules.forsorjningsstod.shared import family_share


@pytest.mark.parametrize(
    ("total", "family", "size", "share"),
    [
        (1710, 1, 5, "342"),  # Socialstyrelsen's example, 2014: 1 710 / 5
        (1420, 2, 3, "946.67"),  # 946,666... rounds up
        (1420, 1, 3, "473.33"),  # 473,333... rounds down
        (1001, 1, 8, "125.13"),  # exactly half an öre (125,125): half up
        (2440, 7, 8, "2135"),
    ],
)
def test_family_share_is_rounded_to_ore_half_up(total: int, family: int, size: int, share: str) -> None:
    assert family_share(Decimal(total), family, size) == Decimal(share)
