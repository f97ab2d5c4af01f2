"""The case system's text limits: lengths as its pages count them, and cutting a text to fit.

A page states its limits with ``maxlength``, which the browser counts in UTF-16 code units (an emoji
is two). Every process that writes notes or tasks fits them with these.
"""

from __future__ import annotations

ELLIPSIS = "…"


def text_length(text: str) -> int:
    """The length the browser's ``maxlength`` counts (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def cut(text: str, units: int) -> str:
    """``text`` cut to at most ``units`` (with an ellipsis when cut)."""
    if text_length(text) <= units:
        return text
    kept = text[: max(units - 1, 0)]
    while kept and text_length(kept) + 1 > units:
        kept = kept[:-1]
    return kept + ELLIPSIS if units > 0 else ""
