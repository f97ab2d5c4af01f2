"""The Excel report: sheets, headers, values, formats, masking and formula-injection safety."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from robot.loop import PassSummary
from robot.models import WorkItem
from robot.report import write_report

STARTED = datetime(2021, 12, 1, 6, 0, tzinfo=UTC)
INJECTION = '=HYPERLINK("http://x","y")'


def _item(reference: str, state: str, **fields) -> WorkItem:
    base = {
        "process": "fake",
        "reference": reference,
        "state": state,
        "subject": "19850312-2398",
        "subject_name": "Anna Testsson",
        "period": "2021-12",
    }
    return WorkItem(**(base | fields))


@pytest.fixture
def workbook(tmp_path: Path):
    summary = PassSummary(
        run_id="abc123",
        process="fake",
        worker_id="w",
        started_at=STARTED,
        ended_at=STARTED + timedelta(minutes=2, seconds=5),
        counts={"received": 4, "proposed": 1, "manual": 1, "quarantined": 1, "failed": 1, "retried": 0},
        stopped_reason="Stopped the pass after 5 application errors in a row; ...",
        stop_code="circuit_breaker",
    )
    items = [
        _item(
            "ES-1",
            "proposed",
            amount=12500,
            decision={"decision": "bevilja", "note": "Riksnorm: 3 160 kr  [regel norm.ensamstaende]"},
            reasons=["Beräknat enligt norm"],
            trace=[
                {
                    "rule_id": "norm.ensamstaende",
                    "title": "Riksnorm för ensamstående vuxen",
                    "fired": True,
                    "reason": "Ensamstående vuxen: 3 160 kr.",
                    "legal_reference": "SoF (2001:937) 2 kap. 1 §",
                    "parameters": [
                        {
                            "name": "riksnorm_ensamstaende",
                            "value": 3160,
                            "in_force_from": "2021-01-01",
                            "source": "SFS 2020:1013",
                            "verified": True,
                        }
                    ],
                },
                {
                    "rule_id": "norm.sambor",
                    "title": "Riksnorm för sambor",
                    "fired": False,
                    "reason": "Ingen medsökande.",
                },
            ],
        ),
        _item(
            "ES-2",
            "manual",
            subject_name=INJECTION,
            reasons=["Inkomst saknas för 19850312-2398", "+Tillgångar uppgivna"],
        ),
        _item("ES-3", "quarantined", subject=None, subject_name="-minus", errors=["Månad saknas.", "@Fel"]),
        _item(
            "ES-4",
            "failed",
            attempts=3,
            last_error="TimeoutError: page for 19850312-2398 timed out",
            evidence=["/e/run/item-4/attempt-1/screenshot.png", "/e/run/item-4/attempt-3/page.html"],
        ),
        _item("ES-5", "new"),  # waiting for a retry: in no outcome sheet
    ]
    path = write_report(tmp_path / "reports" / "report.xlsx", summary, items)
    assert path.is_file()
    return openpyxl.load_workbook(path)


def test_sheets_and_headers(workbook) -> None:
    assert workbook.sheetnames == [
        "Sammanfattning",
        "Förslag",
        "Manuell handläggning",
        "Karantän",
        "Misslyckade",
        "Regelspår",
    ]
    headers = [cell.value for cell in workbook["Förslag"][1]]
    assert headers == [
        "Referens",
        "Personnummer",
        "Namn",
        "Månad",
        "Föreslaget beslut",
        "Belopp",
        "Kommentarer",
        "Beräkning och regler",
    ]
    assert [c.value for c in workbook["Misslyckade"][1]][-3:] == ["Försök", "Fel", "Bevis (filer)"]
    assert [c.value for c in workbook["Karantän"][1]][-1] == "Valideringsfel"
    for name in workbook.sheetnames:
        sheet = workbook[name]
        assert sheet.freeze_panes == "A2"
        assert sheet["A1"].font.bold and sheet["A1"].fill.fill_type == "solid"
        assert sheet.column_dimensions["A"].width >= 10


def test_summary_sheet(workbook) -> None:
    rows = {row[0].value: row[1] for row in workbook["Sammanfattning"].iter_rows(min_row=2)}
    assert rows["Körnings-id"].value == "abc123"
    assert rows["Start"].value == datetime(2021, 12, 1, 7, 0)  # Stockholm time
    assert rows["Start"].number_format == "yyyy-mm-dd hh:mm:ss"
    assert rows["Slut"].value == datetime(2021, 12, 1, 7, 2, 5)
    assert rows["Körtid"].number_format == "[h]:mm:ss"
    assert "verksamhetssystemet kan vara nere" in rows["Avbrott"].value
    assert rows["Förslag till beslut"].value == 1 and rows["Nya ansökningar"].value == 4
    assert rows["Misslyckade"].value == 1


def test_proposed_row_values_and_formats(workbook) -> None:
    sheet = workbook["Förslag"]
    assert sheet.max_row == 2
    row = [cell.value for cell in sheet[2]]
    assert row == [
        "ES-1",
        "19850312-****",
        "Anna Testsson",
        "2021-12",
        "Bevilja",
        12500,
        "Beräknat enligt norm",
        "Riksnorm: 3 160 kr  [regel norm.ensamstaende]",
    ]
    assert sheet["F2"].number_format == '#,##0 "kr"'
    assert sheet.auto_filter.ref == "A1:H2"


def test_rule_trace_sheet_lists_every_rule_fired_or_not_with_its_parameters(workbook) -> None:
    rows = [[cell.value for cell in row] for row in workbook["Regelspår"].iter_rows(min_row=2)]
    assert [row[:4] for row in rows] == [
        ["ES-1", "norm.ensamstaende", "Riksnorm för ensamstående vuxen", "Ja"],
        ["ES-1", "norm.sambor", "Riksnorm för sambor", "Nej"],
    ]
    assert rows[0][5] == "SoF (2001:937) 2 kap. 1 §"
    assert rows[0][6] == "riksnorm_ensamstaende = 3160 (från 2021-01-01; SFS 2020:1013)"


def test_formula_injection_is_stored_as_text(workbook) -> None:
    manual = workbook["Manuell handläggning"]
    name = manual["C2"]
    assert name.value == INJECTION and name.data_type == "s"
    assert manual["G2"].value == "Inkomst saknas för 19850312-****\n+Tillgångar uppgivna"
    assert manual["G2"].data_type == "s" and manual["G2"].alignment.wrap_text
    quarantined = workbook["Karantän"]
    assert quarantined["C2"].value == "-minus" and quarantined["C2"].data_type == "s"
    assert quarantined["E2"].value == "Månad saknas.\n@Fel"


def test_identity_numbers_masked_everywhere(workbook) -> None:
    failed = workbook["Misslyckade"]
    assert [cell.value for cell in failed[2]] == [
        "ES-4",
        "19850312-****",
        "Anna Testsson",
        "2021-12",
        3,
        "TimeoutError: page for 19850312-**** timed out",
        "/e/run/item-4/attempt-1/screenshot.png\n/e/run/item-4/attempt-3/page.html",
    ]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert "2398" not in str(cell.value)


def test_empty_report_has_headers_only(tmp_path: Path) -> None:
    summary = PassSummary("r", "fake", "w", STARTED, STARTED, counts={})
    book = openpyxl.load_workbook(write_report(tmp_path / "empty.xlsx", summary, []))
    assert book["Förslag"].max_row == 1
    rows = {row[0].value for row in book["Sammanfattning"].iter_rows(min_row=2)}
    assert "Avbrott" not in rows
