"""The income register connector: SSBTEK through Sundsvall's financial-aid proxy (seven sources, per-source answers).

- :mod:`connectors.income_register.models`: the answer as the robot reads it (:class:`RegisterAnswer`
  with a :class:`SourceStatus` per source and the :class:`Payment` rows) and the question's context.
- :mod:`connectors.income_register.sources`: reading each agency's part of the proxy's JSON.
- :mod:`connectors.income_register.client`: :class:`RegisterClient`, the HTTP call.
"""

from connectors.income_register.client import RegisterClient
from connectors.income_register.models import (
    SOURCE_NAMES,
    SOURCES,
    Payment,
    QuestionContext,
    RegisterAnswer,
    Source,
    SourceStatus,
)
from connectors.income_register.sources import read_answer, subjects

__all__ = [
    "SOURCES",
    "SOURCE_NAMES",
    "Payment",
    "QuestionContext",
    "RegisterAnswer",
    "RegisterClient",
    "Source",
    "SourceStatus",
    "read_answer",
    "subjects",
]
