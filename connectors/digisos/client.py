"""HTTP client for the municipality's digital inbox (the Fiks Digisos stand-in, ``sandbox/digisos``).

    GET  {inbox}/api/v1/soknader?status=new|all   -> {"soknader": [{"fiksDigisosId", "innsendt", "soknad"}]}
    POST {inbox}/api/v1/soknader/{id}/ack         -> {"fiksDigisosId": id, "kvittert": true}
    POST {inbox}/api/v1/soknader/{id}/hendelser   <- a digisos-søker document; its events are appended
                                                     (an event already there is not added twice)
    GET  {inbox}/api/v1/soknader/{id}/hendelser   -> the digisos-søker document (``hendelser`` may be empty)

The documents follow NAV's current digisos-søker schema (:mod:`connectors.digisos.hendelser`); the
inbox refuses one that does not (HTTP 422 with its reasons in ``feil``).

Any network failure, timeout, HTTP error or malformed answer raises :class:`ConnectorError` with
the HTTP status when there was one; messages are masked with :func:`connectors.fodselsnummer.mask_all`,
so no identity number ever appears in full. Soknad payloads are handed over raw: validate them with
:func:`connectors.digisos.validate_payload`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from connectors.digisos.hendelser import (
    ROBOT,
    Avsender,
    Etterspurt,
    Hendelse,
    document,
    dokumentasjon_etterspurt,
    event_key,
)
from connectors.errors import ConnectorError
from connectors.fodselsnummer import mask_all

_EVENTS: TypeAdapter[list[Hendelse]] = TypeAdapter(list[Hendelse])


@dataclass(frozen=True)
class Innsending:
    """One submission as the inbox delivers it; ``payload`` is whatever NAV's side sent."""

    fiks_digisos_id: str
    submitted_at: str
    payload: Any


@dataclass(frozen=True)
class PublishResult:
    """How many events were added, and how many the inbox (or the client) already had."""

    added: int
    already: int


class DigisosClient:
    """Reads submissions, acknowledges them, publishes and reads status events.

    Use as a context manager or call :meth:`close`. ``transport`` lets tests plug in an
    ``httpx.MockTransport`` or an ASGI app.
    """

    def __init__(
        self,
        base_url: str,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        avsender: Avsender = ROBOT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.avsender = avsender
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout, transport=transport)

    def _request(self, method: str, path: str, what: str, **kwargs: Any) -> Any:
        try:
            response = self._http.request(method, path, **kwargs)
        except httpx.TimeoutException as error:
            raise ConnectorError(mask_all(f"The inbox did not answer in time when {what}.")) from error
        except httpx.HTTPError as error:
            raise ConnectorError(
                mask_all(f"Could not reach the inbox when {what} ({self.base_url}): {type(error).__name__}.")
            ) from error
        if response.status_code >= 400:
            raise ConnectorError(
                mask_all(f"The inbox answered HTTP {response.status_code} when {what}{_detail(response)}."),
                status_code=response.status_code,
            )
        try:
            return json.loads(response.text)
        except ValueError as error:
            raise ConnectorError(
                mask_all(f"The inbox sent an answer that is not JSON when {what}.")
            ) from error

    def fetch(self, status: Literal["new", "all"] = "new") -> list[Innsending]:
        """Submissions in arrival order; ``new``: not yet acknowledged (re-delivered until then)."""
        body = self._request("GET", "/api/v1/soknader", "fetching submissions", params={"status": status})
        try:
            items = body["soknader"]
            if not isinstance(items, list):
                raise TypeError("soknader is not a list")
            return [
                Innsending(_text(item["fiksDigisosId"]), _text(item["innsendt"]), item.get("soknad"))
                for item in items
            ]
        except (KeyError, TypeError, AttributeError) as error:
            raise ConnectorError(
                f"The inbox sent a list of submissions that could not be read: {type(error).__name__}."
            ) from error

    def fetch_new(self) -> list[Innsending]:
        return self.fetch("new")

    def acknowledge(self, fiks_digisos_id: str) -> None:
        """Tell the inbox the submission is safely stored. Unknown id: ConnectorError (404)."""
        what = f"acknowledging {mask_all(repr(fiks_digisos_id))}"
        body = self._request("POST", f"{_path(fiks_digisos_id)}/ack", what)
        if not (isinstance(body, dict) and body.get("kvittert") is True):
            raise ConnectorError(f"The inbox did not confirm {what}.")

    def publish(self, fiks_digisos_id: str, hendelser: Sequence[Any]) -> PublishResult:
        """Append ``hendelser`` (validated first) to the submission's status document."""
        doc = document(list(hendelser), self.avsender)
        what = f"publishing {len(doc.hendelser)} events for {mask_all(repr(fiks_digisos_id))}"
        body = self._request(
            "POST",
            f"{_path(fiks_digisos_id)}/hendelser",
            what,
            json=doc.model_dump(mode="json", exclude_none=True),
        )
        try:
            return PublishResult(int(body["lagtTil"]), int(body["fantesAllerede"]))
        except (KeyError, TypeError, ValueError) as error:
            raise ConnectorError(f"The inbox's answer to {what} could not be read.") from error

    def publish_missing(self, fiks_digisos_id: str, hendelser: Sequence[Any]) -> PublishResult:
        """Publish only the events not already published at any time (safe to repeat after a crash)."""
        published = {event_key(h, with_time=False) for h in self.events(fiks_digisos_id)}
        missing = [h for h in hendelser if event_key(h, with_time=False) not in published]
        if not missing:
            return PublishResult(0, len(hendelser))
        result = self.publish(fiks_digisos_id, missing)
        return PublishResult(result.added, result.already + len(hendelser) - len(missing))

    def request_documentation(
        self,
        fiks_digisos_id: str,
        dokumenter: Sequence[Etterspurt],
        at: dt.datetime,
        forvaltningsbrev_id: str | None = None,
    ) -> PublishResult:
        """Ask the applicant for documents (``dokumentasjonEtterspurt``), once: a retry with the same
        documents, deadlines and references publishes nothing new."""
        event = dokumentasjon_etterspurt(dokumenter, at, forvaltningsbrev_id)
        return self.publish_missing(fiks_digisos_id, [event])

    def events(self, fiks_digisos_id: str) -> list[Hendelse]:
        """The events published for the submission, oldest first (empty when there are none)."""
        what = f"reading the events of {mask_all(repr(fiks_digisos_id))}"
        body = self._request("GET", f"{_path(fiks_digisos_id)}/hendelser", what)
        try:
            return _EVENTS.validate_python(body["hendelser"])
        except (KeyError, TypeError, ValidationError) as error:
            raise ConnectorError(f"The inbox's answer to {what} could not be read.") from error

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> DigisosClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _path(fiks_digisos_id: str) -> str:
    return f"/api/v1/soknader/{quote(fiks_digisos_id, safe='')}"


def _detail(response: httpx.Response) -> str:
    """The inbox's own error sentences, if it sent any (masked and shortened by the caller)."""
    try:
        problems = json.loads(response.text).get("feil")
    except (ValueError, AttributeError):
        return ""
    if isinstance(problems, list) and problems:
        return ": " + "; ".join(str(p) for p in problems[:5])[:500]
    return ""


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise TypeError("expected a non-empty string")
    return value
