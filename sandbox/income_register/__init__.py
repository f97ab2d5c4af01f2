"""Stand-in for the income register: SSBTEK's seven sources behind Sundsvall's financial-aid proxy contract."""

from sandbox.income_register.app import create_app
from sandbox.income_register.store import RegisterStore, seed

__all__ = ["RegisterStore", "create_app", "seed"]
