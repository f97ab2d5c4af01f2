"""The process's commands for IT staff: ``calculate``, ``schema`` and ``parameters``."""

from __future__ import annotations

from typing import Any

from processes.forsorjningsstod.calculate import calculate_file, intake_schema
from processes.forsorjningsstod.settings import ForsorjningsstodSettings
from robot.process import ProcessContext
from rules.forsorjningsstod import parameter_tools


class ForsorjningsstodTools:
    """Implements robot.process.ProcessTools for försörjningsstöd."""

    def calculate(self, text: str, context: ProcessContext) -> tuple[str, bool]:
        options: ForsorjningsstodSettings = context.options
        return calculate_file(text, options.municipality_file, context.allow_unverified)

    def schema(self) -> dict[str, Any]:
        return intake_schema()

    def parameters(self, context: ProcessContext) -> str:
        options: ForsorjningsstodSettings = context.options
        return parameter_tools.list_text(options.municipality_file)

    def check_parameters(self, year: int, context: ProcessContext) -> tuple[str, bool]:
        check = parameter_tools.year_check(year)
        return parameter_tools.check_text(year), check.ok
