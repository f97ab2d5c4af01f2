"""The seeded synthetic-data generator: a realistic month of reapplications, with cases and register data.

``generate(seed, count, month)`` returns a :class:`sandbox.scenario.Scenario`, the same for the same
arguments. Roughly 45 % clear cases (the robot proposes; the amount comes from :mod:`sandbox.oracle`),
40 % that must go to a human (one deviation each, named in ``Expected.why``) and 12 % invalid payloads
(quarantine). Every application, valid or not, has an open case and register data for the control
month (M-1) and the comparison month (M-2). Everyone is made up: synthetic names ("Testsson") and
identity numbers with serial 98x.

Modules: :mod:`.vocabulary` (names, sources, labels), :mod:`.world` (random state and drafts),
:mod:`.templates` (clear cases), :mod:`.variations` (manual and invalid kinds), :mod:`.builders`
(payload, case, payments) and :mod:`.generator` (``generate``).
"""

from sandbox.synthetic.generator import generate
from sandbox.synthetic.templates import CLEAR_TEMPLATES
from sandbox.synthetic.variations import INVALID_KINDS, MANUAL_KINDS
from sandbox.synthetic.vocabulary import (
    CHILD_BENEFIT,
    COST_LABELS,
    FIRST_NAMES,
    INCOME_LABELS,
    LARGE_FAMILY_SUPPLEMENT,
    PAY_DAY,
    SOURCE_OF,
    SURNAMES,
    kronor,
    shift_month,
)
from sandbox.synthetic.world import Draft, Income, World

__all__ = [
    "CHILD_BENEFIT",
    "CLEAR_TEMPLATES",
    "COST_LABELS",
    "FIRST_NAMES",
    "INCOME_LABELS",
    "INVALID_KINDS",
    "LARGE_FAMILY_SUPPLEMENT",
    "MANUAL_KINDS",
    "PAY_DAY",
    "SOURCE_OF",
    "SURNAMES",
    "Draft",
    "Income",
    "World",
    "generate",
    "kronor",
    "shift_month",
]
