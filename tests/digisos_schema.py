"""Validating digisos-søker documents against the project's JSON Schema of NAV's format (for tests).

The schema is ``sandbox/digisos/digisos_soker.schema.json``, written from NAV's published schema
(navikt/soknadsosialhjelp-filformat, ``json/digisos/soker/``); it is read here straight from the file
and checked with the ``jsonschema`` package, not through the stand-in's code.
"""

from __future__ import annotations

import json
from typing import Any

from jsonschema import Draft202012Validator

from sandbox.digisos.events import SCHEMA_FILE

SCHEMA = json.loads(SCHEMA_FILE.read_text("utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA)


def schema_errors(document: Any) -> list[str]:
    """Every violation of the schema, as "path: message"; empty for a valid document."""
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(document)'}: {error.message}"
        for error in sorted(VALIDATOR.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    ]


def assert_nav_valid(document: Any) -> None:
    """Fail, naming each violation, unless ``document`` follows NAV's current digisos-søker schema."""
    errors = schema_errors(document)
    assert not errors, "not a valid digisos-søker document:\n" + "\n".join(errors)
