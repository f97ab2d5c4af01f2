"""The försörjningsstöd process's own settings: the keys of its ``[[processes]]`` block.

Validated by the engine when the settings load; a misspelt key is refused with the nearest valid
one. Override from the environment as ``ROBOT_PROCESS__FORSORJNINGSSTOD__<KEY>``, e.g.
``ROBOT_PROCESS__FORSORJNINGSSTOD__CASE_SYSTEM__URL``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field

from connectors.income_register import QuestionContext
from connectors.mail import MailSettings
from robot.settings import ServiceSettings, StrictModel, WebAppSettings

# What every SSBTEK question says about who asks and why, for the FICTITIOUS sandbox municipality:
# municipality code 9999 and organisation number 299999-9994 exist nowhere (the number is formally
# valid). The purpose and legal text are the ones Sundsvall's proxy sends (api-service-financial-aid,
# SSBTEKIntegration); a municipality confirms its own with its lawyers (SoL 2001:453 was replaced
# by SoL 2025:400 on 1 July 2025). Production refuses the sandbox's organisation number (factory.py).
SANDBOX_QUESTION = QuestionContext(
    municipality_id="9999",
    organisation_number="162999999994",
    organisation_name="Exempelkommun",
    handler="forsorjningsrobot",
    purpose="Beslut om eller kontroll av ekonomiskt bistånd (försörjningsstöd)",
    legal_basis=(
        "11 kap. 11 a § socialtjänstlagen (2001:453), 5 § förordningen (2008:975) om uppgiftsskyldighet "
        "i vissa fall enligt socialtjänstlagen"
    ),
)


class IncomeRegisterSettings(ServiceSettings):
    """The financial-aid proxy in front of SSBTEK, and what each question says (``[processes.income_register.question]``)."""

    question: QuestionContext = SANDBOX_QUESTION


class ForsorjningsstodSettings(StrictModel):
    """Where the process's systems are, which e-service form it reads, and the municipality's amounts."""

    form: str | None = Field("forsorjningsstod", min_length=1, max_length=100)  # None: every form
    municipality_file: Path | None = None
    spot_check_percent: Decimal = Field(
        Decimal(0), ge=0, le=100
    )  # share of otherwise clear cases checked by a person
    eservice: ServiceSettings = ServiceSettings(url="http://127.0.0.1:8701", sandbox="eservice")
    income_register: IncomeRegisterSettings = IncomeRegisterSettings(
        url="http://127.0.0.1:8702", sandbox="income_register"
    )
    case_system: WebAppSettings = WebAppSettings(
        url="http://127.0.0.1:8703",
        username="robot",
        password_secret="case_system_password",
        sandbox="case_system",
    )
    mail: MailSettings | None = MailSettings()  # None: no e-mail to applicants
    booking: ServiceSettings | None = ServiceSettings(url="http://127.0.0.1:8704", sandbox="booking")
