"""Creating the sosialhjelp process for one pass (or one session of a pass) from its settings."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from connectors.digisos import DigisosClient
from connectors.web_browser import RobotBrowser
from processes.sosialhjelp.process import SosialhjelpProcess
from processes.sosialhjelp.settings import SosialhjelpSettings
from robot.process import ProcessContext
from rules.sosialhjelp import Parameters, load_parameters


@lru_cache(maxsize=8)
def parameters_for(allow_unverified: bool, municipality_file: Path | None = None) -> Parameters:
    """The guidance rates with the municipality's own values, read once per process lifetime."""
    return load_parameters(allow_unverified=allow_unverified, municipality_file=municipality_file)


def create_process(context: ProcessContext) -> SosialhjelpProcess:
    options: SosialhjelpSettings = context.options
    case_system = options.case_system
    process = SosialhjelpProcess(
        inbox=DigisosClient(options.inbox.url, timeout=options.inbox.timeout_seconds),
        browser=RobotBrowser(
            headless=case_system.headless, trace=context.trace, locale="nb-NO", timezone_id="Europe/Oslo"
        ),
        case_system_url=case_system.url,
        username=case_system.username,
        password=context.secret(case_system.password_secret),
        timeout_ms=case_system.timeout_ms,
        parameters=parameters_for(context.allow_unverified, options.municipality_file),
    )
    process.system_setting = (
        f"processes.{context.name}.case_system.url = {case_system.url}, "
        f"ROBOT_PROCESS__{context.name.upper()}__CASE_SYSTEM__URL"
    )
    process.spot_check_percent = options.spot_check_percent
    return process
