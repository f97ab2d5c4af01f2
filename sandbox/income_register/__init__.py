"""Stand-in for the income register (SSBTEK-like): payments per person and month from five sources."""

from sandbox.income_register.app import create_app
from sandbox.income_register.store import RegisterStore, seed

__all__ = ["RegisterStore", "create_app", "seed"]
