"""HTTP client for the e-service's JSON API (docs/architecture.md, section 1).

Any network failure, timeout, HTTP error or malformed envelope raises :class:`ConnectorError`.
Payloads are handed over raw; validate them with :func:`connectors.eservice.models.validate_payload`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

import httpx

from connectors.errors import ConnectorError


@dataclass(frozen=True)
class Submission:
    """One submission as the e-service delivers it; ``payload`` is whatever the citizen sent."""

    reference: str
    submitted_at: str
    payload: Any
    form: str | None = None


class EServiceClient:
    """Reads new submissions and acknowledges them. Use as a context manager or call :meth:`close`."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

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
        if response.status_code >= 400:
            raise ConnectorError(
                f"The e-service answered HTTP {response.status_code} when {what}.",
                status_code=response.status_code,
            )
        return response

    def fetch_new(self, form: str | None = None) -> list[Submission]:
        """Submissions not yet acknowledged, oldest first; only those of ``form`` when given.

        Several processes can share one e-service: each asks for its own form, and a submission of
        another form (or of no stated form) is never returned to it, also when the e-service ignores the
        filter, so it is never acknowledged by the wrong process. ``form=None`` takes every submission.
        """
        params = {"status": "new", **({"form": form} if form else {})}
        response = self._request("GET", "/api/applications", "fetching new applications", params=params)
        try:
            items = json.loads(response.text)["applications"]
            if not isinstance(items, list):
                raise TypeError("applications is not a list")
            submissions = [
                Submission(
                    reference=_text(item["reference"]),
                    submitted_at=_text(item["submitted_at"]),
                    payload=item.get("payload"),
                    form=item.get("form") if isinstance(item.get("form"), str) else None,
                )
                for item in items
            ]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise ConnectorError(
                f"The e-service sent a list of applications that could not be read: {type(error).__name__}."
            ) from error
        return [s for s in submissions if form is None or s.form == form]

    def acknowledge(self, reference: str) -> None:
        """Tell the e-service the submission is safely stored. Unknown reference: ConnectorError (404)."""
        response = self._request(
            "POST", f"/api/applications/{quote(reference, safe='')}/ack", f"acknowledging {reference!r}"
        )
        try:
            acknowledged = json.loads(response.text).get("acknowledged") is True
        except (ValueError, AttributeError):
            acknowledged = False
        if not acknowledged:
            raise ConnectorError(f"The e-service did not confirm the acknowledgement of {reference!r}.")

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> EServiceClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a non-empty string")
    return value
