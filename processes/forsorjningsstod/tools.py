"""The process's tools: commands for IT staff (``calculate``, ``schema``, ``parameters``) and the
public side of the rules web API (``parameters_data``, ``estimate``, ``calculator_page``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from processes.forsorjningsstod import calculator
from processes.forsorjningsstod.calculate import calculate_file, intake_schema
from processes.forsorjningsstod.calculator_page import render_page
from processes.forsorjningsstod.params import parameters_for
from processes.forsorjningsstod.settings import ForsorjningsstodSettings
from robot.process import ProcessContext
from rules.engine.money import to_json_number
from rules.forsorjningsstod import parameter_tools


class ForsorjningsstodTools:
    """Implements robot.process.ProcessTools for försörjningsstöd, and the API's citizen tools."""

    def calculate(self, text: str, context: ProcessContext) -> tuple[dict[str, Any], bool]:
        options: ForsorjningsstodSettings = context.options
        return calculate_file(text, options.municipality_file, context.allow_unverified)

    def schema(self) -> dict[str, Any]:
        return intake_schema()

    def parameters(self, context: ProcessContext) -> str:
        options: ForsorjningsstodSettings = context.options
        return parameter_tools.list_text(options.municipality_file)

    def parameters_data(self, context: ProcessContext) -> list[dict[str, Any]]:
        """Every parameter with its dated values, the days each covers, verified or not, and its source."""
        options: ForsorjningsstodSettings = context.options
        return [
            _plain(dataclasses.asdict(info))
            for info in parameter_tools.parameter_list(options.municipality_file)
        ]

    def check_parameters(self, year: int, context: ProcessContext) -> tuple[str, bool]:
        options: ForsorjningsstodSettings = context.options
        check = parameter_tools.year_check(year, municipality_file=options.municipality_file)
        return parameter_tools.format_year_check(check), check.ok

    def verify_parameters(
        self, year: int, source: str, verified_by: str, context: ProcessContext
    ) -> tuple[str, bool]:
        """``parameters verify YEAR``: the year's riksnorm recorded as verified in the municipality's file."""
        options: ForsorjningsstodSettings = context.options
        return parameter_tools.verify_text(year, source, verified_by, options.municipality_file)

    def estimate(self, data: Any, context: ProcessContext) -> tuple[dict[str, Any], bool]:
        """A citizen's preliminary estimate (no identity number): see :mod:`processes.forsorjningsstod.calculator`."""
        return calculator.estimate(data, self._params(context))

    def calculator_page(self, form: Mapping[str, str] | None, context: ProcessContext, action: str) -> str:
        """The public calculator page; ``form`` is the submitted fields (None: the empty form)."""
        return render_page(form, self._params(context), action)

    @staticmethod
    def _params(context: ProcessContext) -> Any:
        options: ForsorjningsstodSettings = context.options
        return parameters_for(options.municipality_file, context.allow_unverified)


def _plain(value: Any) -> Any:
    """Dates as ISO text, Decimals as JSON numbers, tuples as lists: ready for JSON."""
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return to_json_number(value)
    return value
