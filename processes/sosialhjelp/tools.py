"""The sosialhjelp process's commands for IT staff: ``calculate``, ``schema`` and ``parameters``."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from connectors.digisos import Soknad, validate_payload
from processes.sosialhjelp.factory import parameters_for
from processes.sosialhjelp.mapping import case_input
from processes.sosialhjelp.settings import SosialhjelpSettings
from robot.process import ProcessContext
from rules.engine.catalogue import format_parameter_list, list_parameters
from rules.engine.parameters import load_parameter_set
from rules.engine.verification import check_and_verify
from rules.engine.yearcheck import check_year
from rules.engine.yearcheck_text import format_year_check
from rules.sosialhjelp import decide
from rules.sosialhjelp.loading import PARAMETER_DIR


class SosialhjelpTools:
    """Implements robot.process.ProcessTools for sosialhjelp: the calculate file is a soknad (NAV's format)."""

    def calculate(self, text: str, context: ProcessContext) -> tuple[dict[str, Any], bool]:
        try:
            payload = json.loads(text.removeprefix("\ufeff"))
        except ValueError as error:
            return {"ok": False, "errors": [f"Filen er ikke gyldig JSON: {error}."]}, False
        soknad, errors = validate_payload(
            payload.get("soknad", payload) if isinstance(payload, dict) else payload
        )
        if soknad is None:
            return {"ok": False, "errors": errors}, False
        reference = str(payload.get("reference", "BEREGNING")) if isinstance(payload, dict) else "BEREGNING"
        decision = decide(
            case_input(reference, soknad),
            parameters_for(context.allow_unverified, _municipality_file(context)),
        )
        return {"ok": True, **decision.model_dump(mode="json"), "journal_note": decision.journal_note()}, True

    def schema(self) -> dict[str, Any]:
        return Soknad.model_json_schema()

    def parameters(self, context: ProcessContext) -> str:
        return format_parameter_list(list_parameters(PARAMETER_DIR, _municipality_file(context)))

    def parameters_data(self, context: ProcessContext) -> list[dict[str, Any]]:
        found = list_parameters(PARAMETER_DIR, _municipality_file(context))
        plain: list[dict[str, Any]] = json.loads(
            json.dumps([dataclasses.asdict(info) for info in found], default=str)
        )
        return plain

    def check_parameters(self, year: int, context: ProcessContext) -> tuple[str, bool]:
        parameters, _ = load_parameter_set(PARAMETER_DIR, _municipality_file(context), "regelpakken")
        check = check_year(parameters, year, subject=SUBJECT, step=RATE_STEP)
        return format_year_check(check), check.ok

    def verify_parameters(
        self, year: int, source: str, verified_by: str, context: ProcessContext
    ) -> tuple[str, bool]:
        """``parameters verify YEAR``: the year's rates recorded as verified in the municipality's file."""
        return check_and_verify(
            PARAMETER_DIR,
            _municipality_file(context),
            year,
            source,
            verified_by,
            subject=SUBJECT,
            step=RATE_STEP,
        )


SUBJECT = "veiledende satser"
RATE_STEP = Decimal(50)  # the guidance rates are whole 50 kroner


def _municipality_file(context: ProcessContext) -> Path | None:
    options: SosialhjelpSettings = context.options
    return options.municipality_file
