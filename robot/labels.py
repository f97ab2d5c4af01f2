"""The words of a pass report, by language: sheet names, column headers, counts, stop reasons.

The engine's report is the same for every process; what it says comes from the process's
:class:`ReportLabels`. Language packs (:data:`SWEDISH`, :data:`NORWEGIAN`) hold the generic words; a
process starts from one and replaces what is its own (``SWEDISH.replace(subject="Personnummer")``):
what its identity number is called, its decisions, its period.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ReportLabels:
    """Every caseworker-facing word of the report. ``decisions`` maps a process's decision codes to words."""

    language: str
    summary_sheet: str
    summary_headers: tuple[str, str]
    process: str
    run_id: str
    started: str
    ended: str
    duration: str
    time_zone: str
    stopped: str
    title: str  # printed page header: "{process} – körning {run} – {time}"
    sheets: dict[str, str]
    counts: dict[str, str]
    stops: dict[str, str]
    reference: str
    subject: str
    name: str
    period: str
    decision: str
    amount: str
    comments: str
    explanation: str
    manual_reasons: str
    supporting_amount: str
    validation_errors: str
    attempts: str
    error: str
    evidence: str
    trace_sheet: str
    trace_headers: tuple[str, ...]
    yes: str
    no: str
    from_date: str
    unverified: str
    currency_format: str
    oversized: str  # quarantine reason for a too large submission: {size}, {limit}, {sha256}
    figures: str  # "{period}: from submission to {what}: median {median}, 95th percentile {p95} ({count})"
    duration_units: tuple[
        str, str, str, str
    ]  # second, minute, hour, day (robot.report.decision_times.duration_text)
    decimal_mark: str
    figure_periods: tuple[str, str]  # this pass, the last 30 days
    figure_targets: tuple[str, str]  # proposal, decision
    undecided: str  # "{period}: {count} applications older than 24 hours without a decision"
    decisions: dict[str, str] = field(default_factory=dict)

    def replace(self, **changes: Any) -> ReportLabels:
        """A copy with some labels replaced (a process's own words over a language pack)."""
        return dataclasses.replace(self, **changes)

    def decision_text(self, code: str | None) -> str:
        if not code:
            return ""
        return self.decisions.get(code, code)


SWEDISH = ReportLabels(
    language="sv",
    summary_sheet="Sammanfattning",
    summary_headers=("Uppgift", "Värde"),
    process="Process",
    run_id="Körnings-id",
    started="Start",
    ended="Slut",
    duration="Körtid",
    time_zone="Tidszon",
    stopped="Avbrott",
    title="{process} – körning {run} – {time}",
    sheets={
        "proposed": "Förslag",
        "manual": "Manuell handläggning",
        "quarantined": "Karantän",
        "failed": "Misslyckade",
    },
    counts={
        "received": "Nya ansökningar",
        "duplicates": "Redan mottagna (dubbletter)",
        "quarantined": "Karantän (ogiltiga ansökningar)",
        "proposed": "Förslag till beslut",
        "manual": "Manuell handläggning",
        "retried": "Nytt försök senare",
        "failed": "Misslyckade",
        "lease_lost": "Övertagna av annan robot",
        "intake_errors": "Fel vid inläsning",
        "reconciled": "Redan skrivna i verksamhetssystemet (avstämda)",
        "decided": "Beslut registrerade av handläggare",
        "notified": "Meddelanden till sökande (status och e-post)",
    },
    stops={
        "stop_requested": "Körningen stoppades på begäran efter pågående ärende. Resten ligger kvar i kön.",
        "circuit_breaker": "Körningen avbröts efter flera tekniska fel i rad; verksamhetssystemet kan vara "
        "nere. Ärendena ligger kvar i kön och försöks igen.",
        "init_failed": "Roboten kunde inte starta (logga in). Ärendena ligger kvar i kön och försöks igen.",
        "max_items": "Högsta antal ärenden per körning nåddes. Resten hanteras i nästa körning.",
    },
    reference="Referens",
    subject="Identitetsnummer",
    name="Namn",
    period="Månad",
    decision="Beslut",
    amount="Belopp",
    comments="Kommentarer",
    explanation="Beräkning och regler",
    manual_reasons="Skäl till manuell handläggning",
    supporting_amount="Beräknat belopp (inget förslag)",
    validation_errors="Valideringsfel",
    attempts="Försök",
    error="Fel",
    evidence="Bevis (krypterade filer)",
    trace_sheet="Regelspår",
    trace_headers=(
        "Referens",
        "Regel",
        "Beskrivning",
        "Tillämpad",
        "Förklaring",
        "Lagrum",
        "Parametrar (värde, gäller från, källa)",
    ),
    yes="Ja",
    no="Nej",
    from_date="från",
    unverified="EJ VERIFIERAT",
    currency_format='#,##0 "kr"',
    oversized="Ansökan är för stor ({size} byte; högst {limit} byte) och har inte behandlats. Den finns kvar "
    "i e-tjänsten (SHA-256 {sha256}); be den sökande skicka in den igen utan bilagor i textfälten.",
    figures="Tid från ansökan till {what} ({period}): median {median}, 95:e percentilen {p95} ({count} st)",
    duration_units=("s", "min", "h", "dygn"),
    decimal_mark=",",
    figure_periods=("denna körning", "senaste 30 dagarna"),
    figure_targets=("förslag", "handläggarens beslut"),
    undecided="Ansökningar äldre än 24 timmar utan beslut ({period})",
    decisions={"manual": "Manuell"},
)

NORWEGIAN = ReportLabels(
    language="nb",
    summary_sheet="Sammendrag",
    summary_headers=("Opplysning", "Verdi"),
    process="Prosess",
    run_id="Kjørings-id",
    started="Start",
    ended="Slutt",
    duration="Kjøretid",
    time_zone="Tidssone",
    stopped="Avbrudd",
    title="{process} – kjøring {run} – {time}",
    sheets={
        "proposed": "Forslag",
        "manual": "Manuell behandling",
        "quarantined": "Karantene",
        "failed": "Mislykkede",
    },
    counts={
        "received": "Nye søknader",
        "duplicates": "Allerede mottatt (duplikater)",
        "quarantined": "Karantene (ugyldige søknader)",
        "proposed": "Forslag til vedtak",
        "manual": "Manuell behandling",
        "retried": "Nytt forsøk senere",
        "failed": "Mislykkede",
        "lease_lost": "Overtatt av en annen robot",
        "intake_errors": "Feil ved innlesing",
        "reconciled": "Allerede skrevet i fagsystemet (avstemt)",
        "decided": "Vedtak registrert av saksbehandler",
        "notified": "Meldinger til søker (status og e-post)",
    },
    stops={
        "stop_requested": "Kjøringen ble stoppet på forespørsel etter pågående sak. Resten ligger i køen.",
        "circuit_breaker": "Kjøringen ble avbrutt etter flere tekniske feil på rad; fagsystemet kan være "
        "nede. Sakene ligger i køen og forsøkes igjen.",
        "init_failed": "Roboten kunne ikke starte (logge inn). Sakene ligger i køen og forsøkes igjen.",
        "max_items": "Høyeste antall saker per kjøring ble nådd. Resten behandles i neste kjøring.",
    },
    reference="Referanse",
    subject="Identitetsnummer",
    name="Navn",
    period="Måned",
    decision="Vedtak",
    amount="Beløp",
    comments="Kommentarer",
    explanation="Beregning og regler",
    manual_reasons="Grunner til manuell behandling",
    supporting_amount="Beregnet beløp (ikke forslag)",
    validation_errors="Valideringsfeil",
    attempts="Forsøk",
    error="Feil",
    evidence="Bevis (krypterte filer)",
    trace_sheet="Regelspor",
    trace_headers=(
        "Referanse",
        "Regel",
        "Beskrivelse",
        "Anvendt",
        "Forklaring",
        "Hjemmel",
        "Parametere (verdi, gjelder fra, kilde)",
    ),
    yes="Ja",
    no="Nei",
    from_date="fra",
    unverified="IKKE VERIFISERT",
    currency_format='#,##0 "kr"',
    oversized="Søknaden er for stor ({size} byte; høyst {limit} byte) og er ikke behandlet. Den ligger fortsatt "
    "i innboksen (SHA-256 {sha256}); be søkeren sende den inn på nytt uten vedlegg i tekstfeltene.",
    figures="Tid fra søknad til {what} ({period}): median {median}, 95. persentil {p95} ({count} stk.)",
    duration_units=("s", "min", "t", "døgn"),
    decimal_mark=",",
    figure_periods=("denne kjøringen", "siste 30 dager"),
    figure_targets=("forslag", "saksbehandlers vedtak"),
    undecided="Søknader eldre enn 24 timer uten vedtak ({period})",
    decisions={"manual": "Manuell"},
)
