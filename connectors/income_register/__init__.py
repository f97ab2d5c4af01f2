"""The income register connector (SSBTEK-like HTTP JSON API)."""

from connectors.income_register.client import Payment, RegisterAnswer, RegisterClient, SourceStatus

__all__ = ["Payment", "RegisterAnswer", "RegisterClient", "SourceStatus"]
