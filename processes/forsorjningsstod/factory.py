"""Creating the försörjningsstöd process for one pass from its settings."""

from __future__ import annotations

from connectors.booking import BookingClient
from connectors.eservice.client import EServiceClient
from connectors.eservice.status import StatusClient
from connectors.income_register import RegisterClient
from connectors.mail import MailSender
from connectors.web_browser import RobotBrowser
from processes.forsorjningsstod.applicant import ApplicantContact
from processes.forsorjningsstod.params import parameters_for
from processes.forsorjningsstod.process import ForsorjningsstodProcess
from processes.forsorjningsstod.settings import SANDBOX_QUESTION, ForsorjningsstodSettings
from robot.process import ProcessContext
from robot.settings import SettingsError


def contact(context: ProcessContext, options: ForsorjningsstodSettings) -> ApplicantContact:
    """The applicant's status page, e-mail (when configured) and booking links (when configured)."""
    mail = options.mail
    sender = None
    if mail is not None:
        password = context.secret(mail.password_secret) if mail.username and mail.password_secret else None
        sender = MailSender(mail, context.secret(mail.message_id_key_secret), password)
    booking = options.booking
    return ApplicantContact(
        status=StatusClient(options.eservice.url, timeout=options.eservice.timeout_seconds),
        mail=sender,
        booking=BookingClient(booking.url, timeout=booking.timeout_seconds) if booking is not None else None,
    )


def register(context: ProcessContext, options: ForsorjningsstodSettings) -> RegisterClient:
    """The income register client; in production it must ask as the municipality, not as the sandbox's."""
    settings = options.income_register
    if context.environment == "production" and (
        settings.question.organisation_number == SANDBOX_QUESTION.organisation_number
    ):
        raise SettingsError(
            f"processes.{context.name}.income_register.question.organisation_number is the sandbox's fictitious "
            "organisation number; set the municipality's own (12 digits: 16 and the ten-digit number) and "
            "its municipality_id, organisation_name, handler, purpose and legal_basis before running in production."
        )
    return RegisterClient(settings.url, settings.question, timeout=settings.timeout_seconds)


def create_process(context: ProcessContext) -> ForsorjningsstodProcess:
    options: ForsorjningsstodSettings = context.options
    case_system = options.case_system
    process = ForsorjningsstodProcess(
        eservice=EServiceClient(options.eservice.url, timeout=options.eservice.timeout_seconds),
        form=options.form,
        register=register(context, options),
        browser=RobotBrowser(headless=case_system.headless, trace=context.trace),
        case_system_url=case_system.url,
        username=case_system.username,
        password=context.secret(case_system.password_secret),
        timeout_ms=case_system.timeout_ms,
        parameters=parameters_for(options.municipality_file, context.allow_unverified),
        contact=contact(context, options),
    )
    process.system_setting = (
        f"processes.{context.name}.case_system.url = {case_system.url}, "
        f"ROBOT_PROCESS__{context.name.upper()}__CASE_SYSTEM__URL"
    )
    process.spot_check_percent = options.spot_check_percent
    return process
