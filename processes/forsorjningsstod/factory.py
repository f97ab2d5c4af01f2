"""Creating the försörjningsstöd process for one pass from its settings."""

from __future__ import annotations

from connectors.eservice.client import EServiceClient
from connectors.income_register import RegisterClient
from connectors.web_browser import RobotBrowser
from processes.forsorjningsstod.params import parameters_for
from processes.forsorjningsstod.process import ForsorjningsstodProcess
from processes.forsorjningsstod.settings import ForsorjningsstodSettings
from robot.process import ProcessContext


def create_process(context: ProcessContext) -> ForsorjningsstodProcess:
    options: ForsorjningsstodSettings = context.options
    case_system = options.case_system
    process = ForsorjningsstodProcess(
        eservice=EServiceClient(options.eservice.url, timeout=options.eservice.timeout_seconds),
        form=options.form,
        register=RegisterClient(options.income_register.url, timeout=options.income_register.timeout_seconds),
        browser=RobotBrowser(headless=case_system.headless, trace=context.trace),
        case_system_url=case_system.url,
        username=case_system.username,
        password=context.secret(case_system.password_secret),
        timeout_ms=case_system.timeout_ms,
        parameters=parameters_for(options.municipality_file, context.allow_unverified),
    )
    process.system_setting = (
        f"processes.{context.name}.case_system.url = {case_system.url}, "
        f"ROBOT_PROCESS__{context.name.upper()}__CASE_SYSTEM__URL"
    )
    return process
