"""The Excel report of one pass, for the caseworkers and their team leader, in the process's language.

A summary sheet, one sheet per outcome and the rule-trace sheet; the words come from the process's
:class:`robot.labels.ReportLabels`, times are shown in the process's time zone (and say so).
Every text cell is masked (identity numbers) and stored as a plain string, never as a formula, so a
name like ``=HYPERLINK(...)`` from an application cannot run in Excel (formula injection). Every
sheet is set up to print (:mod:`robot.report.printing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from robot.engine.pass_state import PassSummary
from robot.labels import ReportLabels
from robot.masking import mask_text
from robot.queue.models import WorkItem
from robot.report.decision_times import DecisionFigures, duration_text
from robot.report.printing import fit_rows, set_up_printing
from robot.report.trace import write_trace_sheet

DATETIME = "yyyy-mm-dd hh:mm:ss"
DURATION = "[h]:mm:ss"
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFD9E1F2", end_color="FFD9E1F2")
HEADER_FONT = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_CELL_TEXT = 32_000
OUTCOMES = ("proposed", "manual", "quarantined", "failed")


@dataclass(frozen=True)
class ReportContext:
    """What the report needs from the process: its words, its title, how to mask its identity numbers."""

    labels: ReportLabels
    process_title: str
    mask_identity: Callable[[str], str]
    timezone: str = "Europe/Stockholm"

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(ZoneInfo(self.timezone)).replace(tzinfo=None)

    def zone_text(self, moment: datetime) -> str:
        local = moment.astimezone(ZoneInfo(self.timezone))
        offset = local.strftime("%z")
        return f"{self.timezone} ({local.tzname()}, UTC{offset[:3]}:{offset[3:]})"


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    value: Callable[[WorkItem], Any]
    wrap: bool = False
    money: bool = False


def _decision_value(item: WorkItem, key: str) -> Any:
    return item.decision.get(key) if isinstance(item.decision, dict) else None


def _lines(values: Iterable[Any]) -> str:
    return "\n".join(str(value) for value in values)


def columns(state: str, ctx: ReportContext) -> list[Column]:
    """The columns of one outcome sheet."""
    words = ctx.labels

    def subject(item: WorkItem) -> str:
        return ctx.mask_identity(item.subject) if item.subject else ""

    base = [
        Column(words.reference, 16, lambda item: item.reference),
        Column(words.subject, 16, subject),
        Column(words.name, 24, lambda item: item.subject_name or ""),
        Column(words.period, 10, lambda item: item.period or ""),
    ]
    decision = Column(
        words.decision, 14, lambda item: words.decision_text(_decision_value(item, "decision") or item.state)
    )
    explanation = Column(
        words.explanation, 90, lambda item: str(_decision_value(item, "note") or ""), wrap=True
    )
    if state == "proposed":
        return [
            *base,
            decision,
            Column(words.amount, 15, lambda item: item.amount, money=True),
            Column(words.comments, 50, lambda item: _lines(item.reasons), wrap=True),
            explanation,
        ]
    if state == "manual":
        return [
            *base,
            Column(words.decision, 12, lambda item: words.decision_text("manual")),
            Column(
                words.supporting_amount,
                16,
                lambda item: _decision_value(item, "supporting_amount"),
                money=True,
            ),
            Column(words.manual_reasons, 60, lambda item: _lines(item.reasons), wrap=True),
            explanation,
        ]
    if state == "quarantined":
        return [*base, Column(words.validation_errors, 80, lambda item: _lines(item.errors), wrap=True)]
    return [
        *base,
        Column(words.attempts, 8, lambda item: item.attempts),
        Column(words.error, 60, lambda item: item.last_error or "", wrap=True),
        Column(words.evidence, 60, lambda item: _lines(item.evidence), wrap=True),
    ]


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


def header(sheet: Worksheet, headers: Sequence[tuple[str, float]]) -> None:
    for index, (title, width) in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=index)
        set_cell(cell, title)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def figure_rows(words: ReportLabels, periods: Sequence[tuple[str, DecisionFigures]]) -> list[tuple[str, Any]]:
    """The decision-time figures as (label, value) rows, in the process's language."""
    label_template, value_template = words.figures.split(": ", 1)
    rows: list[tuple[str, Any]] = []
    for period, found in periods:
        for what, durations in zip(words.figure_targets, (found.to_proposal, found.to_decision), strict=True):
            value = (
                value_template.format(
                    median=duration_text(durations.median_hours, words.duration_units, words.decimal_mark),
                    p95=duration_text(durations.p95_hours, words.duration_units, words.decimal_mark),
                    count=durations.count,
                )
                if durations.count
                else "–"
            )
            rows.append((label_template.format(what=what, period=period), value))
        rows.append((words.undecided.format(period=period), found.undecided_over_24h))
    return rows


def _summary_sheet(
    sheet: Worksheet, summary: PassSummary, ctx: ReportContext, figures: Sequence[DecisionFigures]
) -> None:
    words = ctx.labels
    sheet.title = words.summary_sheet
    header(sheet, [(words.summary_headers[0], 48), (words.summary_headers[1], 70)])
    rows: list[tuple[str, Any, str | None]] = [
        (words.process, ctx.process_title, None),
        (words.run_id, summary.run_id, None),
        (words.started, ctx.local(summary.started_at), DATETIME),
        (words.ended, ctx.local(summary.ended_at), DATETIME),
        (words.time_zone, ctx.zone_text(summary.started_at), None),
        (words.duration, timedelta(seconds=round(summary.duration_seconds)), DURATION),
    ]
    if summary.stopped_reason or summary.stop_code:
        rows.append(
            (words.stopped, words.stops.get(summary.stop_code or "", summary.stopped_reason or ""), None)
        )
    for key, label in words.counts.items():
        rows.append((label, int(summary.counts.get(key, 0)), "0"))
    for key, count in summary.counts.items():
        if key not in words.counts:
            rows.append((key, int(count), "0"))
    periods = list(zip(words.figure_periods, figures, strict=False))
    rows.extend(
        (label, value, "0" if isinstance(value, int) else None)
        for label, value in figure_rows(words, periods)
    )
    for row_index, (label, value, number_format) in enumerate(rows, start=2):
        set_cell(sheet.cell(row=row_index, column=1), label)
        value_cell = sheet.cell(row=row_index, column=2)
        set_cell(value_cell, value, number_format)
        value_cell.alignment = Alignment(wrap_text=True, horizontal="left", vertical="top")


def _outcome_sheet(sheet: Worksheet, cols: list[Column], items: list[WorkItem], currency: str) -> None:
    header(sheet, [(column.title, column.width) for column in cols])
    for row_index, item in enumerate(items, start=2):
        for column_index, column in enumerate(cols, start=1):
            cell = sheet.cell(row=row_index, column=column_index)
            set_cell(cell, column.value(item), currency if column.money else None)
            cell.alignment = WRAP if column.wrap else TOP
    last = get_column_letter(len(cols))
    sheet.auto_filter.ref = f"A1:{last}{max(1, len(items) + 1)}"


def write_report(
    path: Path,
    summary: PassSummary,
    items: list[WorkItem],
    ctx: ReportContext,
    figures: Sequence[DecisionFigures] = (),
) -> Path:
    """Write the pass report to ``path`` (folders created) and return the path.

    ``figures``: the decision-time figures of this pass and of the last 30 days, when known.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    words = ctx.labels
    title = words.title.format(
        process=ctx.process_title,
        run=summary.run_id[:8],
        time=f"{ctx.local(summary.started_at):%Y-%m-%d %H:%M} ({ctx.timezone})",
    )
    workbook = Workbook()
    summary_sheet = workbook.active
    assert summary_sheet is not None
    _summary_sheet(summary_sheet, summary, ctx, figures)
    for state in OUTCOMES:
        selected = [item for item in items if item.state == state]
        _outcome_sheet(
            workbook.create_sheet(words.sheets[state]), columns(state, ctx), selected, words.currency_format
        )
    handled = [item for item in items if item.state in ("proposed", "manual")]
    write_trace_sheet(workbook.create_sheet(words.trace_sheet), handled, words, header, set_cell)
    for sheet in workbook.worksheets:
        fit_rows(sheet)
        set_up_printing(sheet, title, one_page=sheet is summary_sheet)
    workbook.save(path)
    return path
