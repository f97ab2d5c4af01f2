"""HTTP client for the income register (docs/architecture.md, section 2).

``fetch(identity, "2021-10", "2021-11")`` asks for the whole months 2021-10-01..2021-11-30. Amounts
are parsed straight into Decimal (never through float). Failures raise :class:`ConnectorError`;
messages and logs carry the identity number only masked.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from connectors.errors import ConnectorError
from connectors.identity import InvalidIdentityNumber, mask, normalise

Source = Literal["FK", "AKASSA", "AF", "CSN", "SKV"]
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


class Payment(BaseModel):
    model_config = ConfigDict(frozen=True, populate_by_name=True)

    source: Source
    type: str
    amount: Decimal
    period: str = Field(pattern=r"^\d{4}-\d{2}$")
    payment_date: str = Field(alias="paymentDate")


class SourceStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: Source
    status: Literal["answered", "no_data"]
    message: str = ""


class RegisterAnswer(BaseModel):
    model_config = ConfigDict(frozen=True)

    payments: list[Payment]
    sources: list[SourceStatus]

    def missing_sources(self) -> list[SourceStatus]:
        """The sources that could not answer (register data missing)."""
        return [source for source in self.sources if source.status == "no_data"]

    def for_period(self, period: str) -> list[Payment]:
        return [payment for payment in self.payments if payment.period == period]


@dataclass(frozen=True)
class _Range:
    from_date: str
    to_date: str


def month_range(from_month: str, to_month: str) -> _Range:
    """First day of ``from_month`` to last day of ``to_month``; ValueError for a malformed month."""
    start, end = _MONTH.match(from_month), _MONTH.match(to_month)
    if not start or not end or from_month > to_month:
        raise ValueError(f"Months must be YYYY-MM with from <= to, got {from_month!r}..{to_month!r}.")
    year, month = int(end.group(1)), int(end.group(2))
    last_day = calendar.monthrange(year, month)[1]
    return _Range(f"{from_month}-01", f"{to_month}-{last_day:02d}")


class RegisterClient:
    """Fetches register data per person and months. Use as a context manager or call :meth:`close`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def fetch(self, identity_number: str, from_month: str, to_month: str) -> RegisterAnswer:
        """Payments and source statuses for the person in ``from_month``..``to_month`` ("YYYY-MM")."""
        try:
            who = normalise(identity_number)
            dates = month_range(from_month, to_month)
        except (InvalidIdentityNumber, ValueError) as error:
            raise ConnectorError(f"Cannot ask the income register: {error}") from error
        shown = mask(who)
        params = {
            "personalNumber": who.replace("-", ""),
            "fromDate": dates.from_date,
            "toDate": dates.to_date,
        }
        try:
            response = self._http.get("/financial-aid", params=params)
        except httpx.TimeoutException as error:
            raise ConnectorError(f"The income register did not answer in time for {shown}.") from error
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"Could not reach the income register ({self.base_url}) for {shown}: {type(error).__name__}."
            ) from error
        if response.status_code >= 400:
            raise ConnectorError(
                f"The income register answered HTTP {response.status_code} for {shown}.",
                status_code=response.status_code,
            )
        try:
            body: Any = json.loads(response.text, parse_float=Decimal)
            return RegisterAnswer.model_validate({"payments": body["payments"], "sources": body["sources"]})
        except (ValueError, KeyError, TypeError, ValidationError) as error:
            raise ConnectorError(
                f"The income register's answer for {shown} could not be read: {type(error).__name__}."
            ) from error

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegisterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
