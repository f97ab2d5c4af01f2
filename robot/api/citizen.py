"""The optional, citizen-facing tools a process may offer the rules web API.

:class:`robot.process.ProcessTools` is what every process's tools give IT staff; a process that also
offers a preliminary estimate and a public calculator implements :class:`CitizenTools` too (checked
at run time, so a process without them still gets ``/calculate`` and ``/parameters``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

from robot.process import ProcessContext


@runtime_checkable
class CitizenTools(Protocol):
    def estimate(self, data: Any, context: ProcessContext) -> tuple[dict[str, Any], bool]:
        """A preliminary estimate from data without identity numbers; JSON-ready, and whether it could be made."""
        ...

    def calculator_page(self, form: Mapping[str, str] | None, context: ProcessContext, action: str) -> str:
        """The public calculator's HTML: the empty form (``form`` None) or the answer; the form posts to ``action``."""
        ...
