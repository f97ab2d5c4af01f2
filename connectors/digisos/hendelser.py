"""NAV's digisos-søker document (navikt/soknadsosialhjelp-filformat, ``json/digisos/soker``): the
status events (hendelser) a municipality publishes to the applicant, and builders for the ones
this process publishes.

Which event for which step of the process (the schema has no "proposed" status, and a proposal
is not a decision, so the robot never publishes ``vedtakFattet`` on its own):

| step of the process                          | event published                                          |
|----------------------------------------------|----------------------------------------------------------|
| stored and acknowledged (also quarantined)   | ``soknadsStatus`` MOTTATT                                |
| the robot starts handling it                 | ``soknadsStatus`` UNDER_BEHANDLING                       |
| decision proposed, or handed to a caseworker | ``saksStatus`` UNDER_BEHANDLING, ``referanse`` = the sak,|
|                                              | ``tittel`` "Økonomisk stønad til livsopphold <måned>"    |
| the caseworker has decided                   | ``vedtakFattet`` (same ``referanse``, ``utfall``         |
|                                              | INNVILGET / AVSLATT, the decision letter in dokumentlager)|
|                                              | then ``soknadsStatus`` FERDIGBEHANDLET                   |

``saksStatus`` is the closest real event to "decision proposed": it tells the applicant that a
case exists and will end in a decision, without saying what the robot proposed or why a case
went to manual handling (internal reasons are never published).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictInt, StrictStr

from connectors.digisos.texts import month_label

VERSION = "1.0.0"
TIDSPUNKT = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d+Z$"
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _real_time(value: str) -> str:
    dt.datetime.fromisoformat(value.replace("Z", "+00:00"))  # ValueError -> a validation error
    return value


Tidspunkt = Annotated[StrictStr, Field(pattern=TIDSPUNKT), AfterValidator(_real_time)]
Tekst = Annotated[StrictStr, Field(min_length=1, max_length=500)]


class _Part(BaseModel):
    model_config = ConfigDict(extra="allow")


class Avsender(_Part):
    systemnavn: Tekst
    systemversjon: Tekst


class Dokumentlager(_Part):
    type: Literal["dokumentlager"] = "dokumentlager"
    id: Annotated[StrictStr, Field(pattern=UUID)]


class SvarUt(_Part):
    type: Literal["svarut"] = "svarut"
    id: Annotated[StrictStr, Field(pattern=UUID)]
    nr: StrictInt


Filreferanse = Annotated[Dokumentlager | SvarUt, Field(discriminator="type")]


class Fil(_Part):
    referanse: Filreferanse


class Vedlegg(_Part):
    tittel: Tekst
    referanse: Filreferanse


class Utfall(_Part):
    utfall: Literal["INNVILGET", "DELVIS_INNVILGET", "AVSLATT", "AVVIST", "OMGJORT"] | None = None


class SoknadsStatus(_Part):
    type: Literal["soknadsStatus"] = "soknadsStatus"
    hendelsestidspunkt: Tidspunkt
    status: Literal["MOTTATT", "UNDER_BEHANDLING", "FERDIGBEHANDLET"]


class TildeltNavKontor(_Part):
    type: Literal["tildeltNavKontor"] = "tildeltNavKontor"
    hendelsestidspunkt: Tidspunkt
    navKontor: Annotated[StrictStr, Field(pattern=r"^\d{4}(\d{2})?$")]


class SaksStatus(_Part):
    type: Literal["saksStatus"] = "saksStatus"
    hendelsestidspunkt: Tidspunkt
    referanse: Tekst
    tittel: Tekst | None = None
    status: Literal["UNDER_BEHANDLING", "IKKE_INNSYN", "ANNULERT", "FEILREGISTRERT"] | None = None


class VedtakFattet(_Part):
    type: Literal["vedtakFattet"] = "vedtakFattet"
    hendelsestidspunkt: Tidspunkt
    referanse: Tekst | None = None
    utfall: Utfall | None = None
    vedtaksfil: Fil
    vedlegg: list[Vedlegg]


class AnnenHendelse(_Part):
    """An event of a type this process never publishes; kept as received when a document is read."""

    type: Literal[
        "dokumentasjonEtterspurt", "forelopigSvar", "utbetaling", "vilkar", "dokumentasjonkrav", "rammevedtak"
    ]
    hendelsestidspunkt: Tidspunkt


Hendelse = Annotated[
    SoknadsStatus | TildeltNavKontor | SaksStatus | VedtakFattet | AnnenHendelse, Field(discriminator="type")
]


class DigisosSoker(_Part):
    """The document: a version, the sending system and at least one event, oldest first."""

    version: Annotated[StrictStr, Field(pattern=r"^[0-9]+\.[0-9]+\.[0-9]+$")] = VERSION
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


def vedtak_fattet(
    referanse: str, utfall: Literal["INNVILGET", "AVSLATT"], vedtaksfil_id: str, at: dt.datetime
) -> VedtakFattet:
    """A caseworker's decision, with the decision letter stored in dokumentlager under ``vedtaksfil_id``."""
    return VedtakFattet(
        hendelsestidspunkt=tidspunkt(at),
        referanse=referanse,
        utfall=Utfall(utfall=utfall),
        vedtaksfil=Fil(referanse=Dokumentlager(id=vedtaksfil_id)),
        vedlegg=[],
    )


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
