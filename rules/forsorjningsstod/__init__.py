"""Försörjningsstöd (SoL 2001:453, 4 kap.) as rules: riksnorm, reasonable costs, incomes, checks.

Public API::

    from rules.forsorjningsstod import CaseInput, Decision, decide, load_parameters
    params = load_parameters(municipality_file=Path("config/municipalities/exempelkommun.yaml"))
    decision = decide(case, params)   # outcome "bevilja" | "avsla" | "manuell"
"""

from rules.forsorjningsstod.decision import Decision, Line, Reason, Rounding
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters, load_parameters
from rules.forsorjningsstod.outcome import decide

__all__ = ["CaseInput", "Decision", "Line", "Parameters", "Reason", "Rounding", "decide", "load_parameters"]
