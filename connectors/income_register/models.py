"""What the income register (SSBTEK, through Sundsvall's financial-aid proxy) answers, as the robot reads it.

SSBTEK, Försäkringskassan's "Sammansatt bastjänst för ekonomiskt bistånd", asks seven sources at
once and answers per source with either data or an error (SSBTEK v10 schema,
``sammansatt_bastjanst_v10.xsd`` in Sundsvallskommun/api-service-financial-aid; ``Error`` has a
``kalla`` SSBT or BT, a ``felkod`` and ``felmeddelande``). :class:`RegisterAnswer` keeps, per source,
a :class:`SourceStatus` (answered / no_data / error, with the months or the error) and the payments
read from the sources that pay money (FK, SO, CSN, SKV). The question's context, which SSBTEK
requires in every question, is a :class:`QuestionContext`.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Source = Literal["AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV"]
# In the proxy's order: Arbetsförmedlingen, CSN, Försäkringskassan, Skatteverket, the unemployment
# funds (Sveriges a-kassors samorganisation), Transportstyrelsen, Migrationsverket.
SOURCES: tuple[Source, ...] = ("AF", "CSN", "FK", "SKV", "SO", "TNS", "MIV")
SOURCE_NAMES: dict[Source, str] = {
    "AF": "Arbetsförmedlingen",
    "CSN": "CSN",
    "FK": "Försäkringskassan",
    "SKV": "Skatteverket",
    "SO": "a-kassorna (Sveriges a-kassor)",
    "TNS": "Transportstyrelsen",
    "MIV": "Migrationsverket",
}
MONTH = r"^\d{4}-(0[1-9]|1[0-2])$"
ORGANISATION_NUMBER = re.compile(r"^\d{4}[2-9]\d{7}$")  # SSBTEK's Organisationsnummer: 16 + the 10 digits


class Payment(BaseModel):
    """One payment a source reports; ``period`` is the month it was paid out (incomes count when received)."""

    model_config = ConfigDict(frozen=True)

    source: Source
    type: str  # the income type code of docs/architecture.md (barnbidrag, a_kassa, ...)
    amount: Decimal
    period: str = Field(pattern=MONTH)
    payment_date: str


class SourceStatus(BaseModel):
    """How one source answered.

    ``answered``: it delivered data. ``no_data``: it delivered data but nothing for ``months`` although
    it paid earlier in the range (SSBTEK never says "not yet"; see :func:`read_answer`). ``error``: it
    answered with SSBTEK's error (``origin`` SSBT or BT, ``code``, ``message``) or with nothing at all.
    """

    model_config = ConfigDict(frozen=True)

    source: Source
    status: Literal["answered", "no_data", "error"]
    months: tuple[str, ...] = ()
    origin: str = ""
    code: str = ""
    message: str = ""


class RegisterAnswer(BaseModel):
    """The register's answer about one person for whole months ``from_month``..``to_month``."""

    model_config = ConfigDict(frozen=True)

    from_month: str = Field(pattern=MONTH)
    to_month: str = Field(pattern=MONTH)
    payments: list[Payment]
    sources: list[SourceStatus]

    def status(self, source: Source) -> SourceStatus:
        return next(s for s in self.sources if s.source == source)

    def missing_sources(self) -> list[SourceStatus]:
        """The sources whose data is missing: no data for a month yet, or an error (in the proxy's order)."""
        return [source for source in self.sources if source.status != "answered"]

    def for_period(self, period: str) -> list[Payment]:
        return [payment for payment in self.payments if payment.period == period]


class QuestionContext(BaseModel):
    """Who asks, why and under which law: what SSBTEK's ``GenerellaFrageparametrar`` must carry.

    ``organisation_number`` is the asking municipality's (given with or without the hyphen, with or
    without SSBTEK's "16" in front; kept as SSBTEK writes it, 12 digits), ``organisation_name`` its name, ``handler`` the caseworker's or the robot's
    identity, ``purpose`` (syfte) and ``legal_basis`` (lagtext) the texts SSBTEK records. The case
    (``arendeidentitet``) is given per question. Also a settings section: unknown keys are refused.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    municipality_id: str = Field(pattern=r"^\d{4}$")  # the municipality code in the proxy's path
    organisation_number: str
    organisation_name: str = Field(min_length=1)
    handler: str = Field(min_length=1)
    purpose: str = Field(min_length=1)
    legal_basis: str = Field(min_length=1)

    @field_validator("organisation_number")
    @classmethod
    def _organisation_number(cls, value: str) -> str:
        digits = value.replace("-", "").strip()
        if len(digits) == 10:
            digits = "16" + digits  # as SSBTEK writes an organisation number
        if not ORGANISATION_NUMBER.match(digits):
            raise ValueError(
                "must be the organisation number as SSBTEK writes it: 12 digits, 16 and the ten digits "
                "(e.g. 162120002411)"
            )
        if not _luhn_ok(digits[2:]):
            raise ValueError("is not a valid organisation number: its check digit does not match")
        return digits


def _luhn_ok(ten_digits: str) -> bool:
    """The organisation number's check digit (the Luhn algorithm over the ten digits)."""
    total = 0
    for index, char in enumerate(ten_digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product - 9 if product > 9 else product
    return total % 10 == 0
