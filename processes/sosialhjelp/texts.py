"""The sosialhjelp process's own sentences for caseworkers (Norwegian bokmål), in one place."""

from __future__ import annotations

NO_CASE = "Det finnes ingen sak for søkeren i fagsystemet. Søknaden må behandles manuelt."
CASE_CLOSED = "Saken i fagsystemet er avsluttet; en ny søknad må vurderes av saksbehandler."
PROTECTED = "Søkeren har sperret adresse (skjermet identitet); saken behandles manuelt."
MISMATCH = (
    "Forslaget som ble lagret i fagsystemet stemmer ikke med robotens beregning. Kontroller forslaget før "
    "vedtak fattes. Forskjeller (teknisk): {differences}."
)
NOW_MANUAL = (
    "Et lagret forslag med søknadens referanse finnes, men beregningen sender nå saken til saksbehandler."
)
REFUSED = "Fagsystemet tok ikke imot robotens registrering: «{reason}». Registrer saken manuelt."
NOTE_FOUND = "Roboten har allerede overlatt saken til saksbehandler (journalnotat funnet)."
EXISTING = (
    "Det finnes allerede et forslag/vedtak for {month} ({what}). Roboten skriver ikke et nytt forslag for "
    "måneden, så det ikke utbetales to ganger."
)
EXISTING_HISTORY = "Det finnes allerede et vedtak for {month} i sakens beregningshistorikk ({what})."
RELATED = "Søknad {reference} for samme måned er allerede mottatt ({state})."
RELATED_STATES = {
    "new": "venter på roboten",
    "in_progress": "behandles av roboten",
    "proposed": "forslag skrevet",
    "manual": "overlatt til saksbehandler",
    "failed": "mislyktes og venter på IT-støtte",
}
STATUS_WORDS = {
    "awaiting": "forslag som venter på saksbehandler",
    "confirmed": "vedtatt",
    "rejected": "forslaget avvist",
}
MANUAL_HEAD = "Søknad {reference}: roboten overlater saken til saksbehandler fordi:"
SUPPORT = "Robotens beregning, til støtte for saksbehandler:"
SHORTENED = "(Forkortet notat: hele teksten er lengre enn fagsystemet tar imot.)"
POINTER = "Hele beregningen med hver rad, regel og kilde finnes i robotens rapport og arbeidspost for søknad {reference}."
TASK_HEAD = "Søknad {reference} må behandles manuelt:"
TASK_TAIL = "Se journalnotatet med samme referanse."
LAST_RESORT = (
    "Søknad {reference}: roboten overlater saken til saksbehandler. Se robotens rapport for grunnene."
)
