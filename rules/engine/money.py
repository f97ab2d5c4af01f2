"""Money helpers: rounding to whole kronor and Swedish formatting ("4 532,50 kr").

Money is ``decimal.Decimal`` throughout; JSON output turns it into a number.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Annotated, Any

from pydantic import PlainSerializer

ONE = Decimal(1)
CENT = Decimal("0.01")
ZERO = Decimal(0)


def round_kr(amount: Decimal) -> int:
    """Round to whole kronor, halves away from zero (ROUND_HALF_UP)."""
    return int(amount.quantize(ONE, rounding=ROUND_HALF_UP))


def round_ore(amount: Decimal) -> Decimal:
    """Round to whole öre (two decimals), halves away from zero."""
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=8192)
def format_kr(amount: Decimal | int) -> str:
    """Format an amount the Swedish way: ``4 532,50 kr``; whole amounts without decimals (cached)."""
    whole, frac = f"{Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP):,.2f}".split(".")
    whole = whole.replace(",", " ")
    return f"{whole} kr" if frac == "00" else f"{whole},{frac} kr"


def to_json_number(value: Any) -> Any:
    """Turn Decimals (also inside dicts and lists) into JSON numbers: int when whole, else float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): to_json_number(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json_number(v) for v in value]
    return value


Money = Annotated[Decimal, PlainSerializer(to_json_number, return_type=Any, when_used="json")]
"""A Decimal field that serialises as a JSON number."""
