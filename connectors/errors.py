"""Errors raised by the connectors when a system we depend on fails or answers nonsense."""

from __future__ import annotations


class ConnectorError(Exception):
    """A connector could not talk to its system (network error, timeout, HTTP error, malformed answer).

    ``status_code`` is the HTTP status when there was one. The message never contains an unmasked
    identity number.
    """

    def __init__(self, message: str, status_code: int | None = None) -> None:
        super().__init__(message)
        self.status_code = status_code


class Refused(ConnectorError):
    """The system answered, and refused what the robot sent (a 4xx answer or a validation message).

    Deterministic: sending the same thing again gets the same answer, so it is never retried. ``reason``
    is the system's own words (e.g. "Anteckningen är för lång (högst 4000 tecken)."), for a caseworker.
    """

    def __init__(self, message: str, reason: str, status_code: int | None = None) -> None:
        super().__init__(message, status_code)
        self.reason = reason
