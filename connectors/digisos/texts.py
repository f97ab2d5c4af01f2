"""Small Norwegian text helpers shared by the digisos connector's modules."""

from __future__ import annotations

MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


def month_label(month: str) -> str:
    """``"2021-12"`` -> ``"desember 2021"``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"
