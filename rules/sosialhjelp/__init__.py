"""Økonomisk stønad til livsopphold (Norway, sosialtjenesteloven § 18) as rules.

The state's guidance rates (statens veiledende retningslinjer) for adults and children, declared
actual housing, electricity/heating and home-insurance costs, net incomes deducted; anything
unclear goes to a caseworker with every reason found. Law only (rules, dated rates, tables, the
Norwegian words in ``texts.yaml``); the engine (``rules.engine``) does the rest. Public API::

    from rules.sosialhjelp import CaseInput, decide, load_parameters
    params = load_parameters()                 # allow_unverified=True in the sandbox only
    decision = decide(CaseInput.model_validate(data), params)
    decision.outcome                           # "innvilge" | "avslag" | "manuell"
    decision.journal_note(); decision.model_dump(mode="json")
"""

from rules.engine.benefit import RulesPackage
from rules.engine.decision import Line, Reason, Rounding
from rules.sosialhjelp.calculation import decide
from rules.sosialhjelp.evaluation import BENEFIT, Decision
from rules.sosialhjelp.inputs import Asset, CaseInput, Expense, Income, Member
from rules.sosialhjelp.loading import Parameters, load_parameters

PACKAGE = RulesPackage(BENEFIT, CaseInput, load_parameters, decide)

__all__ = [
    "BENEFIT",
    "PACKAGE",
    "Asset",
    "CaseInput",
    "Decision",
    "Expense",
    "Income",
    "Line",
    "Member",
    "Parameters",
    "Reason",
    "Rounding",
    "decide",
    "load_parameters",
]
