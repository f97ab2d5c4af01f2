"""Print set-up of a report sheet: landscape A4, fit to the page width, the header row on every page.

Spreadsheet programs do not grow a row for wrapped text that openpyxl writes (LibreOffice keeps the
default height, so wrapped lines overlap), so :func:`fit_rows` sets each row's height from the
lines its wrapped cells need at their column widths.
"""

from __future__ import annotations

import math

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

POINTS_PER_LINE = 13.0  # an 11 pt line as LibreOffice and Excel print it, with a little slack
MAX_ROW_POINTS = 409.0  # the largest row height Excel and LibreOffice accept
CHARACTERS_PER_WIDTH = 1.15  # characters of ordinary text per unit of column width (a digit's width)


def lines_needed(text: str, width: float) -> int:
    """How many printed lines ``text`` takes in a column ``width`` wide (each paragraph wraps)."""
    per_line = max(1, int(width * CHARACTERS_PER_WIDTH) - 1)
    return sum(max(1, math.ceil(len(paragraph) / per_line)) for paragraph in text.split("\n"))


def fit_rows(sheet: Worksheet) -> None:
    """Set each row's height so its wrapped cells show every line."""
    widths = {
        column: sheet.column_dimensions[get_column_letter(column)].width or 10
        for column in range(1, sheet.max_column + 1)
    }
    for row in sheet.iter_rows():
        lines = 1
        for cell in row:
            if cell.value is None or not (cell.alignment and cell.alignment.wrap_text):
                continue
            lines = max(lines, lines_needed(str(cell.value), widths.get(cell.column or 1, 10)))
        if lines > 1:
            sheet.row_dimensions[row[0].row].height = min(MAX_ROW_POINTS, lines * POINTS_PER_LINE)


def set_up_printing(sheet: Worksheet, title: str, one_page: bool = False) -> None:
    """Landscape A4, every column on the page width, header row repeated, title and page numbers."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 1 if one_page else 0
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.page_margins.top = sheet.page_margins.bottom = 0.8
    sheet.page_margins.header = sheet.page_margins.footer = 0.3
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddHeader.center.size = 10
    sheet.oddFooter.left.text = sheet.title.replace("&", "&&")
    sheet.oddFooter.right.text = "&P / &N"
