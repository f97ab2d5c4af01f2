"""Status back to the applicant: publish events to the e-service and list them.

The e-service shows them on its "Följ ditt ärende" page, in the manner of NAV's digisos-søker
``hendelser`` (navikt/soknadsosialhjelp-filformat, ``json/digisos/soker``)::

    POST {eservice}/api/applications/{reference}/events  {"step": ..., "occurred_at": ..., "details": {...}}
         -> 201 {"reference", "step", "occurred_at", "details", "created": true}
         -> 200 the same, "created": false, when the reference already has this step (idempotent)
    GET  {eservice}/api/applications/{reference}/events  -> {"reference": ..., "events": [...]}

Steps (:data:`STEPS`): ``mottagen`` (received), ``under_behandling`` (being handled),
``forslag_hos_handlaggare`` (a proposal waits for a caseworker), ``hos_handlaggare`` (handed to a
caseworker), ``beviljad`` (decided, approved; ``amount`` in whole kronor required), ``avslagen``
(decided, rejected), ``mote`` (a meeting is needed; ``booking_url`` required, the applicant books).
Only a caseworker's decision may be published as ``beviljad``/``avslagen``: the robot proposes.

Errors as :class:`connectors.eservice.client.EServiceClient`: network failures, timeouts, 5xx and
unreadable answers raise :class:`ConnectorError` (worth retrying); a deterministic 4xx (400, 404, 409,
413, 422) raises :class:`Refused` with the e-service's own words, since sending it again cannot help.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, get_args
from urllib.parse import quote

import httpx

from connectors.errors import ConnectorError, Refused

Step = Literal[
    "mottagen",
    "under_behandling",
    "forslag_hos_handlaggare",
    "hos_handlaggare",
    "beviljad",
    "avslagen",
    "mote",
]
STEPS: tuple[str, ...] = get_args(Step)
DETERMINISTIC = frozenset({400, 404, 409, 413, 422})


@dataclass(frozen=True)
class StatusEvent:
    """One published event. ``occurred_at`` is ISO 8601 in UTC (``2021-12-02T09:15:00Z``)."""

    reference: str
    step: str
    occurred_at: str
    amount: int | None = None
    booking_url: str | None = None


@dataclass(frozen=True)
class Published:
    """The event as the e-service stored it; ``created`` is False when it was already there."""

    event: StatusEvent
    created: bool


class StatusClient:
    """Publishes and lists status events. Use as a context manager or call :meth:`close`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def publish(
        self,
        reference: str,
        step: Step,
        occurred_at: datetime | None = None,
        amount: int | None = None,
        booking_url: str | None = None,
    ) -> Published:
        """Publish ``step`` for ``reference`` (again is harmless: the first stored event is returned)."""
        if step not in STEPS:
            raise ValueError(f"Unknown status step {step!r}; use one of {', '.join(STEPS)}.")
        details: dict[str, Any] = {}
        if amount is not None:
            details["amount"] = amount
        if booking_url is not None:
            details["booking_url"] = booking_url
        body: dict[str, Any] = {"step": step, "details": details}
        if occurred_at is not None:
            moment = occurred_at if occurred_at.tzinfo else occurred_at.replace(tzinfo=UTC)
            body["occurred_at"] = moment.isoformat()
        what = f"publishing the step {step!r} for {reference!r}"
        response = self._request("POST", f"{_path(reference)}/events", what, json=body)
        data = _json(response, what)
        return Published(event=_event(data, what), created=data.get("created") is True)

    def events(self, reference: str) -> list[StatusEvent]:
        """The reference's events, oldest first. Unknown reference: :class:`Refused` (404)."""
        what = f"listing the status events of {reference!r}"
        data = _json(self._request("GET", f"{_path(reference)}/events", what), what)
        items = data.get("events")
        if not isinstance(items, list):
            raise ConnectorError(f"The e-service sent an answer without a list of events when {what}.")
        return [_event(item, what) for item in items]

    def _request(self, method: str, path: str, what: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise ConnectorError(
                f"The e-service did not answer in time when {what} ({self.base_url})."
            ) from error
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"Could not reach the e-service when {what} ({self.base_url}): {type(error).__name__}."
            ) from error
        code = response.status_code
        if code in DETERMINISTIC:
            reason = _message(response) or f"HTTP {code}"
            raise Refused(f"The e-service refused {what} (HTTP {code}): {reason}", reason, status_code=code)
        if code >= 400:
            raise ConnectorError(f"The e-service answered HTTP {code} when {what}.", status_code=code)
        return response

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> StatusClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _path(reference: str) -> str:
    return f"/api/applications/{quote(reference, safe='')}"


def _message(response: httpx.Response) -> str:
    try:
        body = json.loads(response.text)
        message = body.get("message") or body.get("detail")
    except (ValueError, AttributeError):
        return ""
    return message[:500] if isinstance(message, str) else ""


def _json(response: httpx.Response, what: str) -> dict[str, Any]:
    try:
        data = json.loads(response.text)
    except ValueError as error:
        raise ConnectorError(f"The e-service sent an answer that is not JSON when {what}.") from error
    if not isinstance(data, dict):
        raise ConnectorError(f"The e-service sent an answer that could not be read when {what}.")
    return data


def _event(item: Any, what: str) -> StatusEvent:
    try:
        details = item.get("details") or {}
        amount, url = details.get("amount"), details.get("booking_url")
        if not isinstance(item["reference"], str) or item["step"] not in STEPS:
            raise TypeError("reference or step")
        if not isinstance(item["occurred_at"], str):
            raise TypeError("occurred_at")
        if (amount is not None and (isinstance(amount, bool) or not isinstance(amount, int))) or (
            url is not None and not isinstance(url, str)
        ):
            raise TypeError("details")
        return StatusEvent(item["reference"], item["step"], item["occurred_at"], amount, url)
    except (KeyError, TypeError, AttributeError) as error:
        raise ConnectorError(
            f"The e-service sent an event that could not be read when {what}: {type(error).__name__}."
        ) from error
