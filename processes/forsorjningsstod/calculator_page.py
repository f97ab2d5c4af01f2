"""The public calculator page ("Kan jag få försörjningsstöd?"): a plain HTML form and its answer.

Works without JavaScript: the form posts to ``action`` and the same page comes back with the
preliminary answer above the form, line by line. Nothing the citizen types is stored or logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from processes.forsorjningsstod.calculator import estimate
from processes.forsorjningsstod.calculator_form import (
    CHILD_ROWS,
    COST_FIELDS,
    INCOME_ROWS,
    default_month,
    estimate_input,
)
from rules.engine.money import format_kr
from rules.forsorjningsstod import Parameters

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(default=True)
)
KINDS = (("norm", "Riksnorm"), ("kostnad", "Kostnader"), ("inkomst", "Inkomster som dras av"))
MONTHS = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
]


def kr(amount: Any) -> str:
    """An amount for the page, e.g. ``12 684 kr`` (with no-break spaces)."""
    return format_kr(Decimal(str(amount))).replace(" ", "\u00a0")


def month_name(month: str) -> str:
    """``2021-12`` -> ``december 2021``."""
    try:
        return f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}"
    except (ValueError, IndexError):
        return month


def render_page(form: Mapping[str, str] | None, params: Parameters, action: str) -> str:
    """The page: the empty form (``form`` None), or the answer to a submitted form above the form."""
    values = dict(form or {})
    values.setdefault("month", default_month())
    errors: list[str] = []
    answer: dict[str, Any] | None = None
    if form is not None:
        data, errors = estimate_input(form)
        if not errors:
            answer, _ = estimate(data, params)
            if not answer["ok"]:
                errors, answer = answer["errors"], None
    groups = []
    if answer is not None:
        for kind, title in KINDS:
            lines = [line for line in answer["lines"] if line["kind"] == kind]
            if lines:
                groups.append((title, lines))
    income_types = [(code, kind.label) for code, kind in params.income_types.items()]
    return _templates.get_template("kalkylator.html").render(
        action=action,
        municipality=params.municipality,
        form=values,
        errors=errors,
        answer=answer,
        groups=groups,
        month=month_name(answer["month"]) if answer else "",
        kr=kr,
        child_rows=range(CHILD_ROWS),
        income_rows=range(INCOME_ROWS),
        cost_fields=COST_FIELDS,
        income_types=income_types,
    )
