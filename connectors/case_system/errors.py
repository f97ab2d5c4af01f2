"""Exceptions of the case system connector.

Callers treat every :class:`CaseSystemError` except :class:`CaseNotFound` as an application
exception (the system misbehaved; retry later). Messages never contain an unmasked identity number.
"""

from __future__ import annotations

from connectors.errors import ConnectorError


class CaseSystemError(ConnectorError):
    """The case system did not do what the robot asked."""


class CaseNotFound(CaseSystemError):
    """No case exists for the identity number: a business matter, not worth retrying."""


class CaseSystemUnavailable(CaseSystemError):
    """The maintenance page, a server error, a timeout or a connection failure."""


class LoginFailed(CaseSystemError):
    """The case system refused the robot's user name or password."""


class ProposalMismatch(CaseSystemError):
    """The proposal read back from the case system differs from what the robot wrote."""

    def __init__(self, message: str, differences: list[str] | None = None) -> None:
        super().__init__(message)
        self.differences = differences or []
