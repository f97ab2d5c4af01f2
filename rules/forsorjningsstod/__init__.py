"""Försörjningsstöd (SoL 2001:453, 4 kap.) as rules: riksnorm, reasonable costs, incomes, checks.

Law only: the rules (``catalog.py`` and the rules modules), dated parameters (``parameters/``), tables
(``tables/``) and the Swedish words (``texts.yaml``); the engine (``rules.engine``) concludes, keeps
the decision shape, loads the files and runs the YAML cases. Public API::

    from rules.forsorjningsstod import CaseInput, Decision, decide, load_parameters
    params = load_parameters(municipality_file=Path("config/municipalities/exempelkommun.yaml"))
    decision = decide(case, params)   # outcome "bevilja" | "avsla" | "manuell"
"""

from rules.engine.benefit import RulesPackage
from rules.engine.decision import Line, Reason, Rounding
from rules.forsorjningsstod.calculation import decide
from rules.forsorjningsstod.evaluation import BENEFIT, Decision
from rules.forsorjningsstod.inputs import CaseInput
from rules.forsorjningsstod.loading import Parameters, load_parameters

PACKAGE = RulesPackage(BENEFIT, CaseInput, load_parameters, decide)

__all__ = [
    "BENEFIT",
    "PACKAGE",
    "CaseInput",
    "Decision",
    "Line",
    "Parameters",
    "Reason",
    "Rounding",
    "decide",
    "load_parameters",
]
