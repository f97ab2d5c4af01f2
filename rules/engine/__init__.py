"""Generic rules engine: dated parameters, rule definitions, trace recording and money helpers.

For IT staff: ``catalogue`` (every parameter and dated value) and ``yearcheck`` (a new year's table
against the year before and published totals); import them from their modules.

It knows no particular benefit; ``rules.forsorjningsstod`` builds on it.
"""

from rules.engine.money import format_kr, round_kr
from rules.engine.parameters import (
    MissingParameter,
    Parameter,
    ParameterFileError,
    ParameterSet,
    ParameterValue,
    load_parameter_dir,
    load_parameter_overrides,
)
from rules.engine.trace import Rule, Trace, TraceLine, build

__all__ = [
    "MissingParameter",
    "Parameter",
    "ParameterFileError",
    "ParameterSet",
    "ParameterValue",
    "Rule",
    "Trace",
    "TraceLine",
    "build",
    "format_kr",
    "load_parameter_dir",
    "load_parameter_overrides",
    "round_kr",
]
