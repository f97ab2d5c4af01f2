"""The inbox stand-in's own check of posted digisos-søker documents (NAV's json/digisos/soker schema).

Written independently of the robot's models (``connectors.digisos.hendelser``), as a real inbox
would be; a test checks that both accept and refuse the same documents. It checks the document's
shape, each event's type and time, and the required fields and allowed values of the event
types; unknown extra fields are allowed, as in NAV's schema. Messages are Norwegian.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$")
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
OTHER_TYPES = {
    "dokumentasjonEtterspurt",
    "forelopigSvar",
    "utbetaling",
    "vilkar",
    "dokumentasjonkrav",
    "rammevedtak",
}
STATUSES = {
    "soknadsStatus": {"MOTTATT", "UNDER_BEHANDLING", "FERDIGBEHANDLET"},
    "saksStatus": {"UNDER_BEHANDLING", "IKKE_INNSYN", "ANNULERT", "FEILREGISTRERT"},
}
OUTCOMES = {"INNVILGET", "DELVIS_INNVILGET", "AVSLATT", "AVVIST", "OMGJORT"}


def _text(value: Any) -> bool:
    return isinstance(value, str) and 0 < len(value) <= 500


def _file(ref: Any) -> bool:
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str) or not UUID.match(ref["id"]):
        return False
    if ref.get("type") == "dokumentlager":
        return True
    return ref.get("type") == "svarut" and type(ref.get("nr")) is int


def _time_ok(value: Any) -> bool:
    if not isinstance(value, str) or not TIME.match(value):
        return False
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def event_problems(event: Any, number: int) -> list[str]:
    """What is wrong with hendelse ``number`` (1-based), in Norwegian; empty when it is valid."""
    where = f"Hendelse {number}"
    if not isinstance(event, dict):
        return [f"{where} skal være et JSON-objekt."]
    kind = event.get("type")
    problems = (
        [] if _time_ok(event.get("hendelsestidspunkt")) else [f"{where} har ugyldig hendelsestidspunkt."]
    )
    if kind in STATUSES:
        status = event.get("status")
        if kind == "soknadsStatus" and status not in STATUSES[kind]:
            problems.append(f"{where} har ukjent søknadsstatus.")
        if kind == "saksStatus":
            if not _text(event.get("referanse")):
                problems.append(f"{where} mangler referanse til saken.")
            if status is not None and status not in STATUSES[kind]:
                problems.append(f"{where} har ukjent saksstatus.")
            if event.get("tittel") is not None and not _text(event.get("tittel")):
                problems.append(f"{where} har ugyldig tittel.")
    elif kind == "tildeltNavKontor":
        if not isinstance(event.get("navKontor"), str) or not re.fullmatch(
            r"\d{4}(\d{2})?", event["navKontor"]
        ):
            problems.append(f"{where} har ugyldig NAV-kontor.")
    elif kind == "vedtakFattet":
        if not isinstance(event.get("vedtaksfil"), dict) or not _file(event["vedtaksfil"].get("referanse")):
            problems.append(f"{where} mangler en gyldig vedtaksfil.")
        attachments = event.get("vedlegg")
        if not isinstance(attachments, list) or not all(
            isinstance(a, dict) and _text(a.get("tittel")) and _file(a.get("referanse")) for a in attachments
        ):
            problems.append(f"{where} har ugyldige vedlegg.")
        outcome = event.get("utfall")
        if outcome is not None and (
            not isinstance(outcome, dict) or outcome.get("utfall") not in OUTCOMES | {None}
        ):
            problems.append(f"{where} har ukjent utfall.")
        if event.get("referanse") is not None and not _text(event.get("referanse")):
            problems.append(f"{where} har ugyldig referanse.")
    elif kind not in OTHER_TYPES:
        problems.append(f"{where} har ukjent hendelsestype.")
    return problems


def document_problems(body: Any) -> list[str]:
    """What is wrong with a posted digisos-søker document; empty when it is valid."""
    if not isinstance(body, dict):
        return ["Dokumentet skal være et JSON-objekt."]
    problems = []
    if not isinstance(body.get("version"), str) or not re.fullmatch(r"\d+\.\d+\.\d+", body["version"]):
        problems.append("Dokumentet mangler gyldig versjon.")
    sender = body.get("avsender")
    if (
        not isinstance(sender, dict)
        or not _text(sender.get("systemnavn"))
        or not _text(sender.get("systemversjon"))
    ):
        problems.append("Dokumentet mangler avsender (systemnavn og systemversjon).")
    events = body.get("hendelser")
    if not isinstance(events, list) or not events:
        return [*problems, "Dokumentet skal ha minst én hendelse."]
    if len(events) > 200:
        return [*problems, "Dokumentet har for mange hendelser (høyst 200)."]
    for number, event in enumerate(events, start=1):
        problems += event_problems(event, number)
    return problems
