"""HTTP client for a self-booking service: a booking link per application, for the applicant to use.

The robot only asks for the link (``POST /api/links``); it never books: only the applicant's own
page does. Errors raise :class:`connectors.errors.ConnectorError` (a 4xx: ``Refused``).
"""

from __future__ import annotations

import httpx

from connectors.errors import ConnectorError, Refused


class BookingClient:
    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url, timeout=timeout)

    def link(self, reference: str) -> str:
        """The applicant's booking link for ``reference`` (the same one when asked again)."""
        try:
            response = self._http.post("/api/links", json={"reference": reference})
        except httpx.HTTPError as error:
            raise ConnectorError(
                f"Could not reach the booking service ({self.base_url}): {type(error).__name__}."
            ) from error
        if 400 <= response.status_code < 500:
            raise Refused(
                f"The booking service refused a link (HTTP {response.status_code}).",
                response.text[:200],
                response.status_code,
            )
        if response.status_code >= 500:
            raise ConnectorError(
                f"The booking service answered HTTP {response.status_code}.", response.status_code
            )
        try:
            url = response.json()["url"]
        except (ValueError, KeyError, TypeError) as error:
            raise ConnectorError("The booking service's answer could not be read.") from error
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ConnectorError("The booking service gave no usable link.")
        return url

    def close(self) -> None:
        self._http.close()
