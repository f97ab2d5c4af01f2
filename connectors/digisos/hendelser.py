"""NAV's digisos-søker document: the status events (hendelser) a municipality publishes to the
applicant, and builders for the ones this process publishes.

Follows the schema as NAV publishes it now: navikt/soknadsosialhjelp-filformat,
``json/digisos/soker/digisos-soker.json`` and ``parts/hendelse/*.json`` (read at commit e7112da,
2026-08-18; the event parts last changed in 2021). Against the 2019 draft this module once followed:
``vedtakFattet`` carries a required ``saksreferanse`` (not ``referanse``) and ``utfall`` as a plain
string (INNVILGET, DELVIS_INNVILGET, AVSLATT, AVVIST; no OMGJORT); ``saksStatus`` has no ANNULERT and
both statuses know BEHANDLES_IKKE; ``navKontor`` is a four-digit NORG unit; ``vedlegg`` is optional;
texts have no length limit. The project's own JSON Schema of the format is
``sandbox/digisos/digisos_soker.schema.json``; tests validate every document built here against it.

Reading is as lenient as NAV's schema (a document another system wrote is read as long as NAV would
accept it; unknown fields are kept). The builders only make what this process publishes:

| step of the process                          | event published                                          |
|----------------------------------------------|----------------------------------------------------------|
| stored and acknowledged (also quarantined)   | ``soknadsStatus`` MOTTATT                                |
| the robot starts handling it                 | ``soknadsStatus`` UNDER_BEHANDLING                       |
| decision proposed, or handed to a caseworker | ``saksStatus`` UNDER_BEHANDLING, ``referanse`` = the sak,|
|                                              | ``tittel`` "Økonomisk stønad til livsopphold <måned>"    |
| the caseworker has decided                   | ``vedtakFattet`` (``saksreferanse`` = the sak, ``utfall``|
|                                              | INNVILGET / AVSLATT, the letter in dokumentlager)        |
|                                              | then ``soknadsStatus`` FERDIGBEHANDLET                   |
| documents are missing (completion request)   | ``dokumentasjonEtterspurt``: each document with its      |
|                                              | ``innsendelsesfrist`` (:func:`dokumentasjon_etterspurt`) |

``saksStatus`` is the closest real event to "decision proposed": it tells the applicant that a
case exists and will end in a decision, without saying what the robot proposed or why a case
went to manual handling (internal reasons are never published). BEHANDLES_IKKE (the application
or sak will not be handled) is a caseworker's call, so the robot never publishes it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, model_validator

from connectors.digisos.texts import month_label

VERSION = "1.0.0"
TIDSPUNKT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

Tidspunkt = Annotated[StrictStr, Field(pattern=TIDSPUNKT)]
Utfall = Literal["INNVILGET", "DELVIS_INNVILGET", "AVSLATT", "AVVIST"]


class _Part(BaseModel):
    """A part of the document: unknown fields are kept; a known field may be left out, never null
    (NAV's schema has no nullable field)."""

    model_config = ConfigDict(extra="allow")

    @model_validator(mode="before")
    @classmethod
    def _no_nulls(cls, data: Any) -> Any:
        if isinstance(data, dict):
            nulls = [name for name in cls.model_fields if name in data and data[name] is None]
            if nulls:
                raise ValueError(f"{', '.join(nulls)}: may be left out, but not null")
        return data


class Avsender(_Part):
    systemnavn: StrictStr
    systemversjon: StrictStr


class Dokumentlager(_Part):
    type: Literal["dokumentlager"] = "dokumentlager"
    id: Annotated[StrictStr, Field(pattern=UUID)]


class SvarUt(_Part):
    type: Literal["svarut"] = "svarut"
    id: Annotated[StrictStr, Field(pattern=UUID)]
    nr: StrictInt


Filreferanse = Annotated[Dokumentlager | SvarUt, Field(discriminator="type")]


class Fil(_Part):
    """A file the applicant may see (``vedtaksfil``, ``forvaltningsbrev``): a reference into Fiks."""

    referanse: Filreferanse


class Vedlegg(_Part):
    tittel: StrictStr
    referanse: Filreferanse


class SoknadsStatus(_Part):
    type: Literal["soknadsStatus"] = "soknadsStatus"
    hendelsestidspunkt: Tidspunkt
    status: Literal["MOTTATT", "UNDER_BEHANDLING", "FERDIGBEHANDLET", "BEHANDLES_IKKE"]


class TildeltNavKontor(_Part):
    type: Literal["tildeltNavKontor"] = "tildeltNavKontor"
    hendelsestidspunkt: Tidspunkt
    navKontor: Annotated[StrictStr, Field(pattern=r"^\d{4}$")]


class SaksStatus(_Part):
    type: Literal["saksStatus"] = "saksStatus"
    hendelsestidspunkt: Tidspunkt
    referanse: StrictStr
    tittel: StrictStr | None = None
    status: Literal["UNDER_BEHANDLING", "IKKE_INNSYN", "BEHANDLES_IKKE", "FEILREGISTRERT"] | None = None


class VedtakFattet(_Part):
    type: Literal["vedtakFattet"] = "vedtakFattet"
    hendelsestidspunkt: Tidspunkt
    saksreferanse: StrictStr
    utfall: Utfall | None = None
    vedtaksfil: Fil
    vedlegg: list[Vedlegg] | None = None


class EtterspurtDokument(_Part):
    """One document asked for, with its own deadline; ``dokumentreferanse`` comes back with the upload."""

    dokumenttype: StrictStr
    tilleggsinformasjon: StrictStr | None = None
    innsendelsesfrist: Tidspunkt
    dokumentreferanse: StrictStr | None = None


class DokumentasjonEtterspurt(_Part):
    type: Literal["dokumentasjonEtterspurt"] = "dokumentasjonEtterspurt"
    hendelsestidspunkt: Tidspunkt
    forvaltningsbrev: Fil | None = None
    vedlegg: list[Vedlegg] | None = None
    dokumenter: list[EtterspurtDokument]


class AnnenHendelse(_Part):
    """An event of a type this process never publishes; kept as received when a document is read."""

    type: Literal["forelopigSvar", "utbetaling", "vilkar", "dokumentasjonkrav", "rammevedtak"]
    hendelsestidspunkt: Tidspunkt


Hendelse = Annotated[
    SoknadsStatus | TildeltNavKontor | SaksStatus | VedtakFattet | DokumentasjonEtterspurt | AnnenHendelse,
    Field(discriminator="type"),
]


class DigisosSoker(_Part):
    """The document: a version, the sending system and at least one event, oldest first."""

    version: Annotated[
        StrictStr, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+(-[a-zA-Z0-9]+)?(\+[a-zA-Z0-9]+)?$")
    ] = VERSION
    avsender: Avsender
    hendelser: Annotated[list[Hendelse], Field(min_length=1)]


ROBOT = Avsender(systemnavn="Sosialhjelpsrobot", systemversjon="0.1.0")


def tidspunkt(moment: dt.datetime) -> str:
    """``2021-10-04T13:37:00.134Z``: UTC with milliseconds, as the format wants (naive = UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    utc = moment.astimezone(dt.UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def mottatt(at: dt.datetime) -> SoknadsStatus:
    return SoknadsStatus(hendelsestidspunkt=tidspunkt(at), status="MOTTATT")


def under_behandling(at: dt.datetime) -> SoknadsStatus:
    return SoknadsStatus(hendelsestidspunkt=tidspunkt(at), status="UNDER_BEHANDLING")


def ferdigbehandlet(at: dt.datetime) -> SoknadsStatus:
    return SoknadsStatus(hendelsestidspunkt=tidspunkt(at), status="FERDIGBEHANDLET")


def sak_referanse(fiks_digisos_id: str, month: str) -> str:
    """The reference of the sak for one month's livsopphold, stable across retries."""
    return f"{fiks_digisos_id}-livsopphold-{month}"


def sak_under_behandling(referanse: str, month: str, at: dt.datetime) -> SaksStatus:
    """The sak for ``month`` exists and will end in a decision (published for a proposal or manual case)."""
    return SaksStatus(
        hendelsestidspunkt=tidspunkt(at),
        referanse=referanse,
        tittel=f"Økonomisk stønad til livsopphold {month_label(month)}",
        status="UNDER_BEHANDLING",
    )


def vedtak_fattet(saksreferanse: str, utfall: Utfall, vedtaksfil_id: str, at: dt.datetime) -> VedtakFattet:
    """A caseworker's decision in the sak, with the decision letter in dokumentlager under ``vedtaksfil_id``."""
    return VedtakFattet(
        hendelsestidspunkt=tidspunkt(at),
        saksreferanse=saksreferanse,
        utfall=utfall,
        vedtaksfil=Fil(referanse=Dokumentlager(id=vedtaksfil_id)),
    )


@dataclass(frozen=True)
class Etterspurt:
    """What the completion loop asks for: a document type (Norwegian, as the applicant reads it), an
    optional explanation, the deadline, and a reference that comes back with the applicant's upload."""

    dokumenttype: str
    frist: dt.datetime
    tilleggsinformasjon: str | None = None
    dokumentreferanse: str | None = None


def dokumentasjon_etterspurt(
    dokumenter: Sequence[Etterspurt], at: dt.datetime, forvaltningsbrev_id: str | None = None
) -> DokumentasjonEtterspurt:
    """Ask the applicant for ``dokumenter``, each with its own deadline (``innsendelsesfrist``).

    ``forvaltningsbrev_id`` is the dokumentlager id of the letter explaining the request, when there
    is one (NAV's schema makes it optional). For the event to be recognised on a retry (see
    :meth:`DigisosClient.publish_missing`), give the same deadlines and references every time: derive
    them from the item, not from the time of the attempt.
    """
    if not dokumenter:
        raise ValueError("A documentation request needs at least one document.")
    letter = (
        {"forvaltningsbrev": Fil(referanse=Dokumentlager(id=forvaltningsbrev_id))}
        if forvaltningsbrev_id
        else {}
    )
    return DokumentasjonEtterspurt(
        hendelsestidspunkt=tidspunkt(at),
        dokumenter=[
            EtterspurtDokument(
                dokumenttype=d.dokumenttype,
                innsendelsesfrist=tidspunkt(d.frist),
                **_given(tilleggsinformasjon=d.tilleggsinformasjon, dokumentreferanse=d.dokumentreferanse),
            )
            for d in dokumenter
        ],
        **letter,
    )


def _given(**fields: str | None) -> dict[str, str]:
    """The fields that have a value (a known field is left out rather than sent as null)."""
    return {name: value for name, value in fields.items() if value is not None}


def document(hendelser: list[Any], avsender: Avsender = ROBOT) -> DigisosSoker:
    """A digisos-søker document holding ``hendelser`` (models or dicts; validated)."""
    return DigisosSoker.model_validate(
        {
            "version": VERSION,
            "avsender": avsender.model_dump(mode="json"),
            "hendelser": [_plain(h) for h in hendelser],
        }
    )


def _plain(hendelse: Any) -> Any:
    return (
        hendelse.model_dump(mode="json", exclude_none=True) if isinstance(hendelse, BaseModel) else hendelse
    )


def event_key(hendelse: Any, with_time: bool = True) -> str:
    """A canonical text of an event, to recognise the same event (``with_time=False``: at any time)."""
    plain = dict(_plain(hendelse))
    if not with_time:
        plain.pop("hendelsestidspunkt", None)
    return json.dumps(plain, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
