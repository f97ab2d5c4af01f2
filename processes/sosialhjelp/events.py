"""The applicant's view in NAV's digisos-søker format: which events tell each step of the item's life.

received -> soknadsStatus MOTTATT; being handled -> soknadsStatus UNDER_BEHANDLING; a proposal waiting
for a caseworker, or a case handed to one -> saksStatus UNDER_BEHANDLING (a proposal is not a
decision, so nothing more is said); decided -> vedtakFattet (``saksreferanse`` = that sak, ``utfall``
INNVILGET or AVSLATT) and soknadsStatus FERDIGBEHANDLET. Internal reasons are never published. The
events follow NAV's current digisos-søker schema (see :mod:`connectors.digisos.hendelser`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from connectors.digisos import hendelser as h
from robot.process import DECIDED, IN_PROGRESS, MANUAL, PROPOSED, RECEIVED


def events_for(
    step: str, reference: str, month: str | None, details: dict[str, Any], at: dt.datetime
) -> list[Any]:
    """The digisos-søker events that tell ``step`` of the application ``reference``."""
    if step == RECEIVED:
        return [h.mottatt(at)]
    if step == IN_PROGRESS:
        return [h.under_behandling(at)]
    if month is None:
        return []
    sak = h.sak_referanse(reference, month)
    if step in (PROPOSED, MANUAL):
        return [h.sak_under_behandling(sak, month, at)]
    if step == DECIDED:
        outcome: Literal["INNVILGET", "AVSLATT"] = (
            "INNVILGET" if details.get("outcome") == "approved" else "AVSLATT"
        )
        letter = str(uuid.uuid5(uuid.NAMESPACE_URL, f"vedtak/{sak}"))  # the same letter id every time
        return [h.vedtak_fattet(sak, outcome, letter, at), h.ferdigbehandlet(at)]
    return []
