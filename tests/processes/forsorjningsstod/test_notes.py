"""Notes and tasks always fit the case system's limits, keep every reason and amount, and say where the rest is."""

from __future__ import annotations

import pytest

from processes.forsorjningsstod.intake import intake_record
from processes.forsorjningsstod.notes import NoteParts, cut_reason, fit, task_text, text_length
from tests.case_system_fixtures import make_identity

REASONS = [
    f'Övrig kostnad "{"tandvård " * 20}nr {n}" {100 + n} kr ska prövas av handläggare.' for n in range(20)
]
PARTS = NoteParts(
    reference="ES-1",
    head=["Ansökan ES-1 om försörjningsstöd för december 2021."],
    rows=[f"  Rad {n}: 1 000 kr" for n in range(10)],
    reasons=REASONS,
    reasons_head="Ärendet lämnas till handläggare för manuell handläggning eftersom:",
    tail=["Summa behov: 20 270 kr", "Beräknat belopp (till handläggarens stöd): 12 684 kr."],
)


def test_a_note_that_fits_is_written_whole() -> None:
    assert fit("kort", 4000, PARTS) == "kort"
    assert fit("x" * 5000, None, PARTS) == "x" * 5000  # the page states no limit


@pytest.mark.parametrize("limit", [4000, 3000, 2000])
def test_a_long_note_keeps_every_reason_its_amount_and_the_sums(limit: int) -> None:
    note = fit("x" * 9000, limit, PARTS)
    assert text_length(note) <= limit
    for n in range(20):
        assert f'" {100 + n} kr ska prövas' in note  # the free text may be shortened, never the amount
    assert "Summa behov: 20 270 kr" in note and "12 684 kr" in note
    assert note.endswith("för ansökan ES-1.") and "Förkortad anteckning" in note


def test_even_an_absurd_limit_is_kept_and_the_note_says_where_the_rest_is() -> None:
    note = fit("x" * 9000, 300, PARTS)
    assert text_length(note) <= 300 and "rapport" in note


def test_a_reason_is_shortened_in_its_quoted_free_text_first() -> None:
    reason = 'Sökanden har anmält en ändring: "' + "flytt " * 100 + '". (SoL 11 kap. 1 §)'
    short = cut_reason(reason, 80)
    assert text_length(short) <= 80 and short.endswith('…". (SoL 11 kap. 1 §)')


def test_lengths_are_counted_as_the_browser_counts_maxlength() -> None:
    assert text_length("å") == 1 and text_length("😀") == 2


def test_a_task_lists_the_reasons_that_fit_and_how_many_more() -> None:
    text = task_text("ES-1", REASONS, 500)
    assert text_length(text) <= 500
    assert text.startswith("Ansökan ES-1 behöver handläggas manuellt:")
    assert "skäl till." in text and text.endswith("Se journalanteckningen med samma referens.")
    assert task_text("ES-1", ["Hyran är hög."], 500).count("\n") == 2


def test_quarantined_input_keeps_whom_and_which_month_when_they_can_be_read() -> None:
    person = make_identity("19850312", 981)
    record = intake_record(
        "ES-9", {"reference": "ES-9", "month": "2021-12", "applicant": {"identity_number": person}}
    )
    assert record.errors and (record.subject, record.period) == (person, "2021-12")
    garbage = intake_record("ES-10", {"month": "2021-13", "applicant": {"identity_number": "19850312-0000"}})
    assert (garbage.subject, garbage.period) == (None, None)
    assert intake_record("ES-11", ["not", "a", "dict"]).subject is None
