"""The report printed to PDF by LibreOffice: every column on the page, the header on every page, few pages.

Needs ``soffice`` (LibreOffice headless; ``make setup`` installs it when run as root). Without it the
test is skipped with the reason.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from robot.engine.pass_state import PassSummary
from robot.queue.models import WorkItem
from robot.report.workbook import columns, write_report
from tests.robot.report.test_workbook import CONTEXT

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
STARTED = datetime(2021, 12, 1, 6, 0, tzinfo=UTC)
NOTE = "\n".join(
    [f"Ansökan ES-{n:06d} om försörjningsstöd för december 2021." for n in range(1)]
    + [f"  Riksnorm, rad {row}: {1000 + row * 37} kr  [regel norm.rad_{row}]" for row in range(18)]
    + [
        "Summa behov: 20 270 kr",
        "Förslag: bevilja 12 684 kr (SoL 4 kap. 1 och 3 §§).",
        "Källor: SFS 2020:1013 …",
    ]
)


def demo_like_items(count: int = 25) -> list[WorkItem]:
    """A pass like the demo's: proposals and manual cases with full notes, a few quarantined and failed."""
    items = []
    for number in range(count):
        state = ("proposed", "manual", "proposed", "manual", "quarantined")[number % 5]
        items.append(
            WorkItem(
                process="forsorjningsstod",
                reference=f"ES-{number:06d}",
                state=state,
                subject=f"1985031{number % 10}-9812",
                subject_name=f"Exempel Exempelsson {number}",
                period="2021-12",
                amount=12684 if state == "proposed" else None,
                decision={"decision": "bevilja", "note": NOTE, "supporting_amount": 4321},
                reasons=["Inkomsten har ändrats med mer än 12 % mot jämförelsemånaden."] * (number % 3 + 1),
                errors=["applicant.identity_number: Personnumret har fel kontrollsiffra."],
                trace=[
                    {
                        "rule_id": f"norm.rad_{row}",
                        "title": "Riksnorm",
                        "fired": True,
                        "reason": "Rad.",
                        "legal_reference": "SoF 2 kap. 1 §",
                    }
                    for row in range(6)
                ],
            )
        )
    return items


def to_pdf(workbook: Path, folder: Path) -> PdfReader:
    assert SOFFICE is not None
    profile = folder / "lo-profile"
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return PdfReader(folder / (workbook.stem + ".pdf"))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice (soffice) is not installed; `make setup` installs it as root"
)
def test_the_printed_report_has_every_column_and_the_header_on_every_page(tmp_path: Path) -> None:
    summary = PassSummary(
        "abc12345", "forsorjningsstod", "w", STARTED, STARTED + timedelta(minutes=2), {"received": 25}
    )
    report = write_report(tmp_path / "report.xlsx", summary, demo_like_items(), CONTEXT)
    pdf = to_pdf(report, tmp_path)
    pages = [page.extract_text() or "" for page in pdf.pages]
    assert len(pages) <= 25, f"{len(pages)} pages for 25 applications"
    sheets = {
        CONTEXT.labels.sheets[state]: state for state in ("proposed", "manual", "quarantined", "failed")
    }
    seen: set[str] = set()
    for text in pages:
        footer_sheet = next(
            (name for name in sheets if re.search(rf"^{re.escape(name)} \d+ / \d+$", text, re.M)), None
        )
        if footer_sheet is None:
            continue
        seen.add(footer_sheet)
        for column in columns(sheets[footer_sheet], CONTEXT):
            assert squeezed(column.title) in squeezed(text), (
                f"{column.title!r} cut from a page of {footer_sheet}"
            )
    assert seen >= {"Förslag", "Manuell handläggning", "Karantän"}, (
        "every outcome sheet is printed with its footer"
    )
    summary_name = CONTEXT.labels.summary_sheet
    summary_pages = [text for text in pages if re.search(rf"^{summary_name} \d+ / \d+$", text, re.M)]
    assert len(summary_pages) == 1, "the summary fits on one page"
    assert "Testprocess" in pages[0]
