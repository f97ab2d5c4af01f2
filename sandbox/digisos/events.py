"""The inbox stand-in's check of posted digisos-søker documents: NAV's current schema, with Norwegian reasons.

The check is the project's JSON Schema of the format, ``digisos_soker.schema.json`` next to this
module, written from NAV's published schema (navikt/soknadsosialhjelp-filformat,
``json/digisos/soker/``) and run with the ``jsonschema`` package; it is independent of the robot's
models (``connectors.digisos.hendelser``), as a real inbox would be. It lives with the stand-in
because it describes the receiving side's contract: the robot's tests validate what the robot writes
against the same file. Each violation becomes one Norwegian sentence naming the event and the field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

SCHEMA_FILE = Path(__file__).with_name("digisos_soker.schema.json")
MAX_MESSAGES = 25
_TYPES = {
    "string": "tekst",
    "integer": "et helt tall",
    "number": "et tall",
    "boolean": "true eller false",
    "object": "et JSON-objekt",
    "array": "en liste",
}


@cache
def schema() -> dict[str, Any]:
    """The project's JSON Schema of the digisos-søker document."""
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return loaded


@cache
def validator() -> Draft202012Validator:
    Draft202012Validator.check_schema(schema())
    return Draft202012Validator(schema())


def _where(path: Iterable[Any], body: Any) -> tuple[str, str]:
    """("Hendelse 3 (vedtakFattet)", "vedtaksfil.referanse.id") for a path into the document."""
    parts = list(path)
    if len(parts) >= 2 and parts[0] == "hendelser" and isinstance(parts[1], int):
        number = parts[1]
        event = body["hendelser"][number] if isinstance(body, dict) else None
        kind = event.get("type") if isinstance(event, dict) else None
        shown = f" ({kind})" if isinstance(kind, str) and len(kind) <= 40 else ""
        return f"Hendelse {number + 1}{shown}", ".".join(str(p) for p in parts[2:])
    return "Dokumentet", ".".join(str(p) for p in parts)


def _sentence(error: ValidationError, body: Any) -> str:
    who, field = _where(error.absolute_path, body)
    named = f"feltet «{field}»" if field else ""
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        inside = f" i «{field}»" if field else ""
        return f"{who} mangler feltet «{missing}»{inside}."
    if kind in ("enum", "const"):
        value: Any = error.validator_value
        allowed = value if kind == "enum" else [value]
        if field == "type" and who != "Dokumentet":
            return f"{who} har ukjent hendelsestype. Tillatte typer er {', '.join(map(str, allowed))}."
        return f"{who}: {named} har en ukjent verdi. Tillatte verdier er {', '.join(map(str, allowed))}."
    if kind == "pattern":
        return f"{who}: {named} har feil format."
    if kind == "type":
        wanted = _TYPES.get(str(error.validator_value), str(error.validator_value))
        return f"{who}: {named or 'dokumentet'} skal være {wanted}."
    if kind == "minItems":
        if field == "hendelser":
            return "Dokumentet skal ha minst én hendelse."
        return f"{who}: {named} kan ikke være en tom liste."
    return f"{who}: {named or 'innholdet'} er ugyldig ({kind})."


def document_problems(body: Any) -> list[str]:
    """What is wrong with a posted digisos-søker document, in Norwegian; empty when it is valid."""
    if not isinstance(body, dict):
        return ["Dokumentet skal være et JSON-objekt."]
    sentences: list[str] = []
    for error in sorted(validator().iter_errors(body), key=lambda e: [str(p) for p in e.absolute_path]):
        text = _sentence(error, body)
        if text not in sentences:
            sentences.append(text)
    if len(sentences) > MAX_MESSAGES:
        sentences = [
            *sentences[:MAX_MESSAGES],
            f"Ytterligere {len(sentences) - MAX_MESSAGES} feil vises ikke.",
        ]
    return sentences
