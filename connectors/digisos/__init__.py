"""NAV's formats for Norwegian økonomisk sosialhjelp, and the client of the municipality's inbox.

- :mod:`connectors.digisos.soknad`: the application (NAV's soknad JSON), unknown parts kept;
  :func:`validate_payload` turns an invalid one into plain Norwegian sentences for quarantine.
- :mod:`connectors.digisos.reading`: the soknad as plain facts (persons, month, typed amounts).
- :mod:`connectors.digisos.hendelser`: the digisos-søker status document (NAV's current schema) and
  the events this process publishes, ``dokumentasjonEtterspurt`` included (the mapping from process
  steps to events is in that module's docstring).
- :mod:`connectors.digisos.client`: :class:`DigisosClient` for the inbox's HTTP API.
"""

from connectors.digisos.client import DigisosClient, Innsending, PublishResult
from connectors.digisos.hendelser import (
    DigisosSoker,
    DokumentasjonEtterspurt,
    Etterspurt,
    Hendelse,
    SaksStatus,
    SoknadsStatus,
    VedtakFattet,
    document,
    dokumentasjon_etterspurt,
    ferdigbehandlet,
    mottatt,
    sak_referanse,
    sak_under_behandling,
    under_behandling,
    vedtak_fattet,
)
from connectors.digisos.messages import validate_payload
from connectors.digisos.soknad import Soknad

__all__ = [
    "DigisosClient",
    "DigisosSoker",
    "DokumentasjonEtterspurt",
    "Etterspurt",
    "Hendelse",
    "Innsending",
    "PublishResult",
    "SaksStatus",
    "Soknad",
    "SoknadsStatus",
    "VedtakFattet",
    "document",
    "dokumentasjon_etterspurt",
    "ferdigbehandlet",
    "mottatt",
    "sak_referanse",
    "sak_under_behandling",
    "under_behandling",
    "validate_payload",
    "vedtak_fattet",
]
