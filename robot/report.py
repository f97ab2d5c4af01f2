"""The Excel report of one pass, for the caseworkers and their team leader (Swedish headers and labels).

A summary sheet and one sheet per outcome. Every text cell is masked (identity numbers) and stored
as a plain string, never as a formula, so a name like ``=HYPERLINK(...)`` from an application cannot
run in Excel (formula injection).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from robot.loop import PassSummary
from robot.masking import mask_identity, mask_text
from robot.models import WorkItem
from robot.report_trace import TITLE as TRACE_TITLE
from robot.report_trace import write_trace_sheet

LOCAL_TIME = ZoneInfo("Europe/Stockholm")
KRONOR = '#,##0 "kr"'
DATETIME = "yyyy-mm-dd hh:mm:ss"
DURATION = "[h]:mm:ss"
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_000

SHEETS = {  # outcome state -> sheet name
    "proposed": "Förslag",
    "manual": "Manuell handläggning",
    "quarantined": "Karantän",
    "failed": "Misslyckade",
}
COUNT_LABELS = {
    "received": "Nya ansökningar",
    "duplicates": "Redan mottagna (dubbletter)",
    "quarantined": "Karantän (ogiltiga ansökningar)",
    "proposed": "Förslag till beslut",
    "manual": "Manuell handläggning",
    "retried": "Försöks igen senare",
    "failed": "Misslyckade",
    "lease_lost": "Övertagna av annan robot",
    "intake_errors": "Fel vid inläsning",
}
STOP_LABELS = {
    "stop_requested": "Körningen stoppades på begäran efter pågående ärende. Resten ligger kvar i kön.",
    "circuit_breaker": "Körningen avbröts efter flera tekniska fel i rad; verksamhetssystemet kan vara nere. "
    "Ärendena ligger kvar i kön och försöks igen.",
    "init_failed": "Roboten kunde inte starta (logga in). Ärendena ligger kvar i kön och försöks igen.",
    "max_items": "Högsta antal ärenden per körning nåddes. Resten hanteras i nästa körning.",
}
DECISIONS = {"bevilja": "Bevilja", "avsla": "Avslå"}

Column = tuple[str, float, Callable[[WorkItem], Any]]  # header, width, value


def _decision(item: WorkItem) -> str:
    value = item.decision.get("decision") if isinstance(item.decision, dict) else None
    return DECISIONS.get(str(value), str(value)) if value else ""


def _explanation(item: WorkItem) -> str:
    """The process's own human-readable explanation of its decision (``decision["note"]``), if any."""
    value = item.decision.get("note") if isinstance(item.decision, dict) else None
    return str(value) if value else ""


def _lines(values: Iterable[Any]) -> str:
    return "\n".join(str(value) for value in values)


BASE: list[Column] = [
    ("Referens", 16, lambda item: item.reference),
    ("Personnummer", 16, lambda item: mask_identity(item.subject)),
    ("Namn", 26, lambda item: item.subject_name or ""),
    ("Månad", 10, lambda item: item.period or ""),
]
COLUMNS: dict[str, list[Column]] = {
    "proposed": [
        *BASE,
        ("Föreslaget beslut", 16, _decision),
        ("Belopp", 14, lambda item: item.amount),
        ("Kommentarer", 60, lambda item: _lines(item.reasons)),
        ("Beräkning och regler", 90, lambda item: _explanation(item)),
    ],
    "manual": [
        *BASE,
        ("Föreslaget beslut", 16, _decision),
        ("Belopp", 14, lambda item: item.amount),
        ("Skäl till manuell handläggning", 70, lambda item: _lines(item.reasons)),
        ("Beräkning och regler", 90, lambda item: _explanation(item)),
    ],
    "quarantined": [*BASE, ("Valideringsfel", 80, lambda item: _lines(item.errors))],
    "failed": [
        *BASE,
        ("Försök", 8, lambda item: item.attempts),
        ("Fel", 60, lambda item: item.last_error or ""),
        ("Bevis (filer)", 70, lambda item: _lines(item.evidence)),
    ],
}
WRAPPED = {
    "Kommentarer",
    "Skäl till manuell handläggning",
    "Valideringsfel",
    "Fel",
    "Bevis (filer)",
    "Beräkning och regler",
}


def safe_text(value: str) -> str:
    """Mask identity numbers, drop characters Excel cannot store, and cap the length."""
    return ILLEGAL_CHARACTERS_RE.sub("", mask_text(value))[:MAX_CELL_TEXT]


def set_cell(cell: Cell, value: Any, number_format: str | None = None) -> None:
    """Write a value; text is masked and always stored as a string, never as a formula."""
    if isinstance(value, str):
        text = safe_text(value)
        cell.value = text
        cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
        if text.startswith(FORMULA_STARTS):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    else:
        cell.value = value
    if number_format:
        cell.number_format = number_format


def _local(moment: datetime) -> datetime:
    return moment.astimezone(LOCAL_TIME).replace(tzinfo=None)


def _header(sheet: Worksheet, headers: Sequence[tuple[str, float]]) -> None:
    for index, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _summary_sheet(sheet: Worksheet, summary: PassSummary) -> None:
    sheet.title = "Sammanfattning"
    _header(sheet, [("Uppgift", 36), ("Värde", 60)])
    rows: list[tuple[str, Any, str | None]] = [
        ("Process", summary.process, None),
        ("Körnings-id", summary.run_id, None),
        ("Start", _local(summary.started_at), DATETIME),
        ("Slut", _local(summary.ended_at), DATETIME),
        ("Körtid", timedelta(seconds=round(summary.duration_seconds)), DURATION),
    ]
    if summary.stopped_reason or summary.stop_code:
        label = STOP_LABELS.get(summary.stop_code or "", summary.stopped_reason or "")
        rows.append(("Avbrott", label, None))
    for key, label in COUNT_LABELS.items():
        rows.append((label, int(summary.counts.get(key, 0)), "0"))
    for key, count in summary.counts.items():
        if key not in COUNT_LABELS:
            rows.append((key, int(count), "0"))
    for row_index, (label, value, number_format) in enumerate(rows, start=2):
        set_cell(sheet.cell(row=row_index, column=1), label)
        value_cell = sheet.cell(row=row_index, column=2)
        set_cell(value_cell, value, number_format)
        value_cell.alignment = Alignment(wrap_text=True, horizontal="left", vertical="top")


def _outcome_sheet(sheet: Worksheet, columns: list[Column], items: list[WorkItem]) -> None:
    _header(sheet, [(title, width) for title, width, _ in columns])
    for row_index, item in enumerate(items, start=2):
        for column_index, (title, _width, value_of) in enumerate(columns, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            set_cell(cell, value_of(item), KRONOR if title == "Belopp" else None)
            cell.alignment = WRAP if title in WRAPPED else TOP
    last = get_column_letter(len(columns))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(items) + 1)}"


def write_report(path: Path, summary: PassSummary, items: list[WorkItem]) -> Path:
    """Write the pass report to ``path`` (folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    summary_sheet = workbook.active
    assert summary_sheet is not None
    _summary_sheet(summary_sheet, summary)
    for state, title in SHEETS.items():
        selected = [item for item in items if item.state == state]
        _outcome_sheet(workbook.create_sheet(title), COLUMNS[state], selected)
    handled = [item for item in items if item.state in ("proposed", "manual")]
    write_trace_sheet(workbook.create_sheet(TRACE_TITLE), handled, _header, set_cell)
    workbook.save(path)
    return path
