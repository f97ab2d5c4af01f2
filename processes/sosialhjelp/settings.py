"""The sosialhjelp process's own settings: the keys of its ``[[processes]]`` block besides the engine's.

A misspelt key is refused with the nearest valid one. Override from the environment as
``ROBOT_PROCESS__SOSIALHJELP__<KEY>``, e.g. ``ROBOT_PROCESS__SOSIALHJELP__INBOX__URL``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field

from robot.settings import ServiceSettings, StrictModel, WebAppSettings


class SosialhjelpSettings(StrictModel):
    """The municipality's digital inbox (NAV's formats) and its case system (fagsystem)."""

    municipality: str = Field("Eksempel kommune", min_length=1, max_length=100)
    municipality_file: Path | None = None  # the municipality's own parameters (thresholds, verified years)
    spot_check_percent: Decimal = Field(
        Decimal(0), ge=0, le=100
    )  # share of otherwise clear cases checked by a person
    inbox: ServiceSettings = ServiceSettings(url="http://127.0.0.1:8711", sandbox="digisos")
    case_system: WebAppSettings = WebAppSettings(
        url="http://127.0.0.1:8713",
        username="robot",
        password_secret="fagsystem_password",
        sandbox="case_system_no",
    )
