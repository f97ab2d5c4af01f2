"""The rules engine: what is not law, shared by every benefit package.

- ``parameters`` (dated values from YAML, a municipality's values added), ``bands`` (age bands from a
  date), ``tables`` (type tables), ``language`` (a benefit's words, from its texts.yaml);
- ``decision`` (the one decision shape: lines with sources, reasons with rule ids and legal
  references, rounding, completion items), ``scratchpad`` (the state of one evaluation),
  ``conclusion`` (need − income, rounding, outcome), ``note`` (the journal note);
- ``cases`` (the one YAML case runner), ``benefit`` (what the engine needs of a package);
- for IT staff: ``catalogue`` (every parameter and dated value), ``yearcheck`` (a year against the
  one before and published totals), ``verification`` (``parameters verify YEAR``).

A benefit package (``rules.forsorjningsstod``, ``rules.sosialhjelp``) holds law only: its rules, its
parameters, its tables, its words and its YAML cases.
"""

from rules.engine.benefit import Benefit, EngineRules, LoadedParameters, RulesPackage
from rules.engine.decision import AmountSource, CompletionItem, Decision, FreeText, Line, Reason, Rounding
from rules.engine.language import Language, load_language
from rules.engine.money import format_kr, round_kr
from rules.engine.parameters import (
    MissingParameter,
    Parameter,
    ParameterFileError,
    ParameterSet,
    ParameterValue,
    load_parameter_dir,
    load_parameter_overrides,
    load_parameter_set,
)
from rules.engine.scratchpad import Scratchpad
from rules.engine.tables import CompletionEntry, TypeEntry, load_entries, load_table
from rules.engine.trace import Rule, Trace, TraceLine, build

__all__ = [
    "AmountSource",
    "Benefit",
    "CompletionEntry",
    "CompletionItem",
    "Decision",
    "EngineRules",
    "FreeText",
    "Language",
    "Line",
    "LoadedParameters",
    "MissingParameter",
    "Parameter",
    "ParameterFileError",
    "ParameterSet",
    "ParameterValue",
    "Reason",
    "Rounding",
    "Rule",
    "RulesPackage",
    "Scratchpad",
    "Trace",
    "TraceLine",
    "TypeEntry",
    "build",
    "format_kr",
    "load_entries",
    "load_language",
    "load_parameter_dir",
    "load_parameter_overrides",
    "load_parameter_set",
    "load_table",
    "round_kr",
]
