"""The Excel report: sheets, headers, values, formats, masking and formula-injection safety."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest

from robot.engine.pass_state import PassSummary
from robot.labels import SWEDISH
from robot.masking import mask_identity
from robot.queue.models import WorkItem
from robot.report.workbook import ReportContext, write_report

STARTED = datetime(2021, 12, 1, 6, 0, tzinfo=UTC)
INJECTION = '=HYPERLINK("http://x","y")'
CONTEXT = ReportContext(
    labels=SWEDISH.replace(
        subject="Personnummer",
        decision="Föreslaget beslut",
        decisions={"bevilja": "Bevilja", "avsla": "Avslå", "manual": "Manuell"},
    ),
    process_title="Testprocess",
    mask_identity=mask_identity,
)


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
    path = write_report(tmp_path / "reports" / "report.xlsx", summary, items, CONTEXT)
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
    assert [c.value for c in workbook["Misslyckade"][1]][-3:] == ["Försök", "Fel", "Bevis (krypterade filer)"]
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
    assert manual["E2"].value == "Manuell"
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
    book = openpyxl.load_workbook(write_report(tmp_path / "empty.xlsx", summary, [], CONTEXT))
    assert book["Förslag"].max_row == 1
    rows = {row[0].value for row in book["Sammanfattning"].iter_rows(min_row=2)}
    assert "Avbrott" not in rows


def test_times_say_their_time_zone(workbook) -> None:
    rows = {row[0].value: row[1].value for row in workbook["Sammanfattning"].iter_rows(min_row=2)}
    assert rows["Tidszon"] == "Europe/Stockholm (CET, UTC+01:00)"
    assert rows["Process"] == "Testprocess"


def test_every_sheet_prints_landscape_on_the_page_width_with_the_header_row_repeated(workbook) -> None:
    for sheet in workbook.worksheets:
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == "$1:$1"
        assert "Testprocess" in sheet.oddHeader.center.text
    assert workbook["Sammanfattning"].page_setup.fitToHeight == 1  # the summary on one page
    assert workbook["Förslag"].page_setup.fitToHeight == 0


def test_rows_with_wrapped_text_are_as_high_as_their_lines(workbook) -> None:
    manual = workbook["Manuell handläggning"]
    assert manual.row_dimensions[2].height == 26  # two reasons, two lines
    assert workbook["Förslag"].row_dimensions[2].height in (None, 15)


def test_manual_rows_show_the_supporting_amount_as_not_proposed(tmp_path: Path) -> None:
    summary = PassSummary("r", "fake", "w", STARTED, STARTED, counts={"manual": 1})
    item = _item("ES-9", "manual", decision={"decision": "manuell", "supporting_amount": 4321}, reasons=["x"])
    book = openpyxl.load_workbook(write_report(tmp_path / "m.xlsx", summary, [item], CONTEXT))
    sheet = book["Manuell handläggning"]
    assert [c.value for c in sheet[1]][4:6] == ["Föreslaget beslut", "Beräknat belopp (inget förslag)"]
    assert [c.value for c in sheet[2]][4:6] == ["Manuell", 4321]


def test_a_norwegian_process_gets_a_norwegian_report(tmp_path: Path) -> None:
    from robot.labels import NORWEGIAN

    context = ReportContext(NORWEGIAN, "Økonomisk sosialhjelp", mask_identity, timezone="Europe/Oslo")
    summary = PassSummary("r", "fake", "w", STARTED, STARTED, counts={"proposed": 1})
    book = openpyxl.load_workbook(write_report(tmp_path / "n.xlsx", summary, [], context))
    assert book.sheetnames == [
        "Sammendrag",
        "Forslag",
        "Manuell behandling",
        "Karantene",
        "Mislykkede",
        "Regelspor",
    ]


def test_the_summary_shows_the_decision_times_of_the_pass_and_the_last_30_days(tmp_path: Path) -> None:
    from robot.report.decision_times import DecisionFigures, Durations

    summary = PassSummary("r", "fake", "w", STARTED, STARTED, counts={"proposed": 2})
    this_pass = DecisionFigures(Durations(2, 1.5, 1.95), Durations(0, None, None), 0)
    month = DecisionFigures(Durations(40, 2.0, 20.5), Durations(31, 17.5, 46.0), 3)
    book = openpyxl.load_workbook(write_report(tmp_path / "f.xlsx", summary, [], CONTEXT, [this_pass, month]))
    rows = {row[0].value: row[1].value for row in book["Sammanfattning"].iter_rows(min_row=2)}
    assert (
        rows["Tid från ansökan till förslag (denna körning)"] == "median 1,5 h, 95:e percentilen 2,0 h (2 st)"
    )
    assert rows["Tid från ansökan till handläggarens beslut (denna körning)"] == "–"
    assert rows["Tid från ansökan till handläggarens beslut (senaste 30 dagarna)"].startswith("median 17,5 h")
    assert rows["Ansökningar äldre än 24 timmar utan beslut (senaste 30 dagarna)"] == 3


def test_every_count_of_a_pass_has_a_caseworker_label_in_each_language() -> None:
    """A count without a label shows its code ("notified") in the summary sheet."""
    from robot.engine.pass_state import COUNT_KEYS
    from robot.labels import NORWEGIAN, SWEDISH

    for words in (SWEDISH, NORWEGIAN):
        assert [key for key in COUNT_KEYS if key not in words.counts] == []
