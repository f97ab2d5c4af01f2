"""Exceptions of the case system connector.

Callers treat :class:`CaseSystemRefused` as a business outcome (the case system refused what the
robot sent; sending it again gets the same answer) and every other :class:`CaseSystemError` except
:class:`CaseNotFound` as an application exception (the system misbehaved; retry later). Messages
never contain an unmasked identity number.
"""

from __future__ import annotations

from connectors.errors import ConnectorError, Refused


class CaseSystemError(ConnectorError):
    """The case system did not do what the robot asked."""


class CaseNotFound(CaseSystemError):
    """No case exists for the identity number: a business matter, not worth retrying."""


class CaseSystemUnavailable(CaseSystemError):
    """The maintenance page, a server error, a timeout or a connection failure."""


class LoginFailed(CaseSystemError):
    """The case system refused the robot's user name or password."""


class CaseSystemRefused(CaseSystemError, Refused):
    """The case system refused a form or a field (a 4xx answer, a validation message, a value it cannot take).

    ``reason`` is the case system's own words (Swedish, for a caseworker). Never retried.
    """

    def __init__(self, message: str, reason: str, status_code: int | None = None) -> None:
        Refused.__init__(self, message, reason, status_code)


class ProposalMismatch(CaseSystemError):
    """The proposal read back from the case system differs from what the robot wrote."""

    def __init__(self, message: str, differences: list[str] | None = None) -> None:
        super().__init__(message)
        self.differences = differences or []
