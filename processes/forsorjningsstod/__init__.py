"""Försörjningsstöd reapplications: the process the robot was built for.

``create_process`` is named in config/robot.toml as this process's factory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from connectors.eservice.client import EServiceClient
from connectors.income_register import RegisterClient
from processes.forsorjningsstod.browser import RobotBrowser
from processes.forsorjningsstod.process import ForsorjningsstodProcess
from robot.settings import SettingsError
from rules.forsorjningsstod import Parameters, load_parameters

if TYPE_CHECKING:
    from robot.runtime import ProcessContext


@lru_cache(maxsize=8)
def parameters_for(municipality_file: Path | None, allow_unverified: bool) -> Parameters:
    """Parameter files are read once per process lifetime, not once per pass."""
    return load_parameters(municipality_file=municipality_file, allow_unverified=allow_unverified)


def create_process(context: ProcessContext) -> ForsorjningsstodProcess:
    settings = context.settings
    if settings.case_system_password is None:
        raise SettingsError(
            "The case-system password is not set. Give it in the environment variable "
            "ROBOT_CASE_SYSTEM_PASSWORD or in the file case_system_password in the secrets folder."
        )
    return ForsorjningsstodProcess(
        eservice=EServiceClient(settings.eservice.url, timeout=settings.eservice.timeout_seconds),
        register=RegisterClient(
            settings.income_register.url, timeout=settings.income_register.timeout_seconds
        ),
        browser=RobotBrowser(headless=settings.case_system.headless, trace=settings.case_system.trace),
        case_system_url=settings.case_system.url,
        username=settings.case_system.username,
        password=settings.case_system_password.get_secret_value(),
        timeout_ms=settings.case_system.timeout_ms,
        parameters=parameters_for(context.process.municipality_file, settings.allow_unverified),
    )
