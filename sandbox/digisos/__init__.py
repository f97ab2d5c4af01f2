"""A Norwegian municipality's digital inbox (Fiks Digisos stand-in) for økonomisk sosialhjelp:
submissions in NAV's soknad format and status events in NAV's digisos-søker format, with a seeded
generator of synthetic applications and an independent oracle of the expected outcome."""

from sandbox.digisos.app import create_app
from sandbox.digisos.store import InboxStore, seed

__all__ = ["InboxStore", "create_app", "seed"]
