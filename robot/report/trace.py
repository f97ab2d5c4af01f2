"""The report's rule-trace sheet: every rule evaluated for every handled item, fired or not.

Generic: it reads the trace entries a process stored with each work item (dicts). The keys
``rule_id``, ``title``, ``fired``, ``reason``, ``legal_reference`` and ``parameters`` fill their
columns when present; anything else is left out.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from robot.labels import ReportLabels
from robot.queue.models import WorkItem

WIDTHS = (16, 24, 34, 9, 60, 30, 70)


def _parameters(entry: dict[str, Any], words: ReportLabels) -> str:
    lines = []
    for parameter in entry.get("parameters") or []:
        if isinstance(parameter, dict):
            lines.append(
                f"{parameter.get('name', '')} = {parameter.get('value', '')} "
                f"({words.from_date} {parameter.get('in_force_from', '')}; {parameter.get('source', '')}"
                f"{'' if parameter.get('verified', True) else '; ' + words.unverified})"
            )
    return "\n".join(lines)


def trace_rows(items: list[WorkItem], words: ReportLabels) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for item in items:
        for entry in item.trace or []:
            if not isinstance(entry, dict):
                continue
            fired = entry.get("fired")
            rows.append(
                [
                    item.reference,
                    entry.get("rule_id", ""),
                    entry.get("title", ""),
                    words.yes if fired else words.no if fired is not None else "",
                    entry.get("reason", ""),
                    entry.get("legal_reference", ""),
                    _parameters(entry, words),
                ]
            )
    return rows


def write_trace_sheet(
    sheet: Worksheet,
    items: list[WorkItem],
    words: ReportLabels,
    header: Callable[[Worksheet, list[tuple[str, float]]], None],
    set_cell: Callable[..., None],
) -> None:
    """Fill ``sheet`` with the trace of ``items``, using the report's own header and safe-cell writers."""
    sheet.title = words.trace_sheet
    header(sheet, list(zip(words.trace_headers, WIDTHS, strict=True)))
    wrap = Alignment(wrap_text=True, vertical="top")
    rows = trace_rows(items, words)
    for row_index, row in enumerate(rows, start=2):
        for column_index, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            set_cell(cell, value)
            cell.alignment = wrap
    sheet.auto_filter.ref = f"A1:G{max(1, len(rows) + 1)}"
