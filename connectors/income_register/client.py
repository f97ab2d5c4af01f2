"""HTTP client for the income register: SSBTEK through Sundsvall's financial-aid proxy (docs/architecture.md, section 2).

The contract is the proxy's (Sundsvallskommun/api-service-financial-aid, ``src/main/resources/api/openapi.yaml``
and ``FinancialAidResource``; called the same way by Sundsvall's own robot, api-service-caremanagement
``FinancialAidClient``)::

    GET {base}/{municipalityId}/financial-aid?personalNumber=YYYYMMDDNNNN&fromDate=YYYY-MM-DD&toDate=YYYY-MM-DD
    200 {"af": {...}, "csn": {...}, "fk": {...}, "skv": {...}, "so": {...}, "tns": {...}, "miv": {...}}

The question's context, which SSBTEK requires in every question (``GenerellaFrageparametrar`` in
``sammansatt_bastjanst_v10.xsd``: ``ingivare`` with ``organisationsnummer``, ``namn`` and
``handlaggare``, ``arendeidentitet``, ``syfte``, ``lagtext``), is sent as query parameters named after
those elements. The published proxy takes none of them: it fills them itself (Sundsvall's
organisation number, handläggare "system", a random case id, fixed purpose and legal text;
``SSBTEKIntegration.buildRequest``) and ignores parameters it does not know, so the same call works
against it; a proxy that passes the caller's context on, and the sandbox stand-in, read them.

``fetch(identity, "2021-10", "2021-11", case="FS-2021-0981")`` asks for 2021-10-01..2021-11-30.
Amounts are parsed straight into Decimal (never through float). Failures raise
:class:`ConnectorError`; messages carry the identity number only masked.
"""

from __future__ import annotations

import calendar
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from connectors.errors import ConnectorError
from connectors.identity import InvalidIdentityNumber, mask, mask_all, normalise
from connectors.income_register.models import QuestionContext, RegisterAnswer
from connectors.income_register.sources import read_answer, subjects

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


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


def question(context: QuestionContext, case: str) -> dict[str, str]:
    """The context parameters of one question, named after SSBTEK's elements."""
    return {
        "organisationsnummer": context.organisation_number,
        "ingivare": context.organisation_name,
        "handlaggare": context.handler,
        "arendeidentitet": case,
        "syfte": context.purpose,
        "lagtext": context.legal_basis,
    }


class RegisterClient:
    """Fetches register data per person and months. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        base_url: str,
        context: QuestionContext,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.context = context
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def fetch(self, identity_number: str, from_month: str, to_month: str, case: str) -> RegisterAnswer:
        """Every source's answer about the person in ``from_month``..``to_month`` ("YYYY-MM"), asked for ``case``."""
        try:
            who = normalise(identity_number)
            dates = month_range(from_month, to_month)
        except (InvalidIdentityNumber, ValueError) as error:
            raise ConnectorError(f"Cannot ask the income register: {error}") from error
        if not case.strip():
            raise ConnectorError("Cannot ask the income register without the case the question is for.")
        shown, digits = mask(who), who.replace("-", "")
        params = {"personalNumber": digits, "fromDate": dates.from_date, "toDate": dates.to_date}
        path = f"/{quote(self.context.municipality_id, safe='')}/financial-aid"
        try:
            response = self._http.get(path, params={**params, **question(self.context, case)})
        except httpx.TimeoutException as error:
            raise ConnectorError(f"The income register did not answer in time for {shown}.") from error
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"Could not reach the income register ({self.base_url}) for {shown}: {type(error).__name__}."
            ) from error
        if response.status_code >= 400:
            raise ConnectorError(
                f"The income register answered HTTP {response.status_code} for {shown}{_detail(response)}.",
                status_code=response.status_code,
            )
        try:
            body: Any = json.loads(response.text, parse_float=Decimal)
            answer = read_answer(body, from_month, to_month)
        except ValueError as error:
            raise ConnectorError(
                f"The income register's answer for {shown} could not be read: {type(error).__name__}."
            ) from error
        others = subjects(body) - {digits}
        if others:
            raise ConnectorError(
                f"The income register's answer for {shown} is about someone else "
                f"({', '.join(sorted(mask(number) for number in others))}); it is not used."
            )
        return answer

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> RegisterClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _detail(response: httpx.Response) -> str:
    """The problem's detail when the proxy sent one (RFC 7807, as Sundsvall's services answer), shortened."""
    try:
        detail = json.loads(response.text).get("detail")
    except (ValueError, AttributeError):
        return ""
    return f": {mask_all(detail[:300])}" if isinstance(detail, str) and detail else ""
