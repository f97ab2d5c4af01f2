"""The process's caseworker-facing sentences (Swedish) that are not the rules' own reasons."""

from __future__ import annotations

CO_APPLICANT_CHANGED = (
    "Medsökande i ansökan är inte densamma som i ärendet (ändrade familjeförhållanden). "
    "Handläggaren behöver utreda hushållets sammansättning."
)
NO_CASE = "Inget ärende hittades för sökanden i verksamhetssystemet. Ansökan behöver handläggas manuellt."
MISMATCH = (
    "Förslaget som sparades i verksamhetssystemet stämmer inte med robotens beräkning. "
    "Kontrollera förslaget innan det fastställs. Skillnader (tekniskt): {differences}."
)
NOW_MANUAL = (
    "robotens beräkning leder nu till manuell handläggning, men ett förslag med ansökans referens finns"
)
REFUSED = "Verksamhetssystemet tog inte emot det roboten skrev: {reason} Ansökan behöver handläggas manuellt."
LAST_RESORT = (
    "Ansökan {reference} lämnas till handläggare för manuell handläggning. Verksamhetssystemet tog inte "
    "emot robotens anteckning; skälen finns i robotens rapport för körningen."
)
NOTE_FOUND = "En journalanteckning med ansökans referens finns redan i verksamhetssystemet; se den."
