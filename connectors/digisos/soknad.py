"""Pydantic models of the parts of NAV's soknad JSON (navikt/soknadsosialhjelp-filformat,
``json/soknad/soknad.json``) that the livsopphold rules need, with the schema's own field names.

Every model allows extra fields, so parts the robot does not use (arbeid, utdanning, begrunnelse,
addresses, attachments, fields NAV adds later) are KEPT as received and come back out of
``model_dump(exclude_unset=True)``. Values are kept as their JSON types (dates as "YYYY-MM-DD"
strings, amounts as numbers), so a stored payload round-trips unchanged. What is checked beyond
the schema: identity numbers (fødselsnummer or D-nummer, check digits), real dates and times,
amounts neither negative nor absurdly large, bounded text and list sizes, and the submission
time (the soknad has no period field: the month applied for is the month of submission).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from connectors.fodselsnummer import InvalidFodselsnummer, normalise

MAX_AMOUNT = 10_000_000
VERSION_PATTERN = r"^[0-9]+\.[0-9]+\.[0-9]+(-[a-zA-Z0-9]+)?(\+[a-zA-Z0-9]+)?$"
TIDSPUNKT_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"


def _real_date(value: str) -> str:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError("dato", "not a real date") from None
    if len(value) != 10:
        raise PydanticCustomError("dato", "not a real date")
    return value


def _real_time(value: str) -> str:
    try:
        dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PydanticCustomError("tidspunkt", "not a real time") from None
    return value


def _identity(value: str) -> str:
    try:
        normalise(value)
    except InvalidFodselsnummer as error:
        raise PydanticCustomError("fodselsnummer", "{problem}", {"problem": error.problem}) from None
    return value


Text = Annotated[StrictStr, Field(max_length=2000)]
Code = Annotated[StrictStr, Field(min_length=1, max_length=100)]
Dato = Annotated[StrictStr, Field(pattern=r"^\d{4}-\d{2}-\d{2}$"), AfterValidator(_real_date)]
Tidspunkt = Annotated[StrictStr, Field(pattern=TIDSPUNKT_PATTERN), AfterValidator(_real_time)]
Fodselsnummer = Annotated[StrictStr, AfterValidator(_identity)]
Belop = Annotated[StrictInt, Field(ge=0, le=MAX_AMOUNT)]
Tall = Annotated[float, Field(strict=True, ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]


class Part(BaseModel):
    """A part of the soknad: unknown fields are allowed and kept."""

    model_config = ConfigDict(extra="allow")


class Navn(Part):
    fornavn: Annotated[StrictStr, Field(max_length=200)]
    mellomnavn: Annotated[StrictStr, Field(max_length=200)] = ""
    etternavn: Annotated[StrictStr, Field(max_length=200)]

    def full(self) -> str:
        return " ".join(part for part in (self.fornavn, self.mellomnavn, self.etternavn) if part)


class PersonIdentifikator(Part):
    kilde: Text = "system"
    verdi: Fodselsnummer


class Personalia(Part):
    personIdentifikator: PersonIdentifikator
    navn: Navn


class Ektefelle(Part):
    navn: Navn
    fodselsdato: Dato | None = None
    personIdentifikator: Fodselsnummer | None = None


class Sivilstatus(Part):
    kilde: Text = "bruker"
    status: Literal["gift", "ugift", "samboer", "enke", "skilt", "separert"]
    ektefelle: Ektefelle | None = None
    folkeregistrertMedEktefelle: StrictBool | None = None
    borSammenMed: StrictBool | None = None


class Verdi(Part):
    """A ``{"kilde": ..., "verdi": true|false}`` answer."""

    kilde: Text = "bruker"
    verdi: StrictBool | None = None


class Samvarsgrad(Part):
    kilde: Text = "bruker"
    verdi: Annotated[StrictInt, Field(ge=0, le=100)] | None = None


class Barn(Part):
    kilde: Text = "bruker"
    navn: Navn
    fodselsdato: Dato | None = None
    personIdentifikator: Fodselsnummer | None = None
    harDiskresjonskode: StrictBool | None = None


class Ansvar(Part):
    barn: Barn
    borSammenMed: Verdi | None = None
    erFolkeregistrertSammen: Verdi | None = None
    harDeltBosted: Verdi | None = None
    samvarsgrad: Samvarsgrad | None = None


class Forsorgerplikt(Part):
    harForsorgerplikt: Verdi | None = None
    ansvar: Annotated[list[Ansvar], Field(max_length=20)] = []


class Familie(Part):
    sivilstatus: Sivilstatus | None = None
    forsorgerplikt: Forsorgerplikt


class Bosituasjon(Part):
    kilde: Text = "bruker"
    botype: (
        Literal[
            "eier",
            "leier",
            "kommunal",
            "ingen",
            "institusjon",
            "krisesenter",
            "fengsel",
            "venner",
            "foreldre",
            "familie",
            "annet",
        ]
        | None
    ) = None
    antallPersoner: Annotated[StrictInt, Field(ge=0, le=99)] | None = None


class Post(Part):
    """One row of the economy: an income, expense, payment or asset."""

    kilde: Text = "bruker"
    type: Code
    tittel: Text = ""
    overstyrtAvBruker: StrictBool = False


class Inntekt(Post):
    brutto: Belop | None = None
    netto: Belop | None = None


class Utgift(Post):
    belop: Belop | None = None


class Formue(Post):
    belop: Belop | None = None


class Utbetaling(Post):
    belop: Belop | None = None
    netto: Tall | None = None
    brutto: Tall | None = None
    utbetalingsdato: Dato | None = None


class Bekreftelse(Post):
    verdi: StrictBool | None = None


class Opplysninger(Part):
    bekreftelse: Annotated[list[Bekreftelse], Field(max_length=50)] = []
    utbetaling: Annotated[list[Utbetaling], Field(max_length=100)]
    utgift: Annotated[list[Utgift], Field(max_length=100)]


class Oversikt(Part):
    inntekt: Annotated[list[Inntekt], Field(max_length=100)]
    utgift: Annotated[list[Utgift], Field(max_length=100)]
    formue: Annotated[list[Formue], Field(max_length=100)]


class Okonomi(Part):
    opplysninger: Opplysninger
    oversikt: Oversikt


class SoknadData(Part):
    personalia: Personalia
    familie: Familie
    bosituasjon: Bosituasjon | None = None
    okonomi: Okonomi


class Driftsinformasjon(Part):
    utbetalingerFraNavFeilet: StrictBool = False
    inntektFraSkatteetatenFeilet: StrictBool = False
    stotteFraHusbankenFeilet: StrictBool = False


class Soknad(Part):
    """A soknad as NAV's format defines it. ``driftsinformasjon`` was a text in older versions."""

    version: Annotated[StrictStr, Field(pattern=VERSION_PATTERN)]
    data: SoknadData
    innsendingstidspunkt: Tidspunkt
    mottaker: dict[str, Any] | None = None
    driftsinformasjon: Driftsinformasjon | Annotated[StrictStr, Field(max_length=2000)] | None = None
    kompatibilitet: Annotated[list[dict[str, Any]], Field(max_length=50)] = []
