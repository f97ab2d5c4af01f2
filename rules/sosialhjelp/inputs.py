"""The input of one calculation of økonomisk stønad til livsopphold (sosialtjenesteloven § 18).

The process maps an application (NAV's soknad JSON, see ``connectors.digisos``) onto
:class:`CaseInput`; the rules read nothing else. Amounts are per month and net (after tax).
Type codes of incomes and expenses are NAV's soknad codes where NAV has one (``jobb``,
``husleie``, ``strom``, ...) and the rules' own where it has not (``barnetrygd``, ``dagpenger``
for a NAV benefit named by its title, ``hjemforsikring``); ``tables/*.yaml`` list them all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from rules.engine.decision import FreeText
from rules.engine.money import Money

Role = Literal["applicant", "spouse", "child"]
CivilStatus = Literal["gift", "samboer", "ugift", "enke", "skilt", "separert"]
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Member(_Model):
    """A person named in the application: the applicant, a spouse/partner or a child they support.

    ``lives_with_applicant`` None means the application does not say. ``shared_residence`` is
    "delt bosted"; ``visitation_percent`` the share of time a child living elsewhere spends with
    the applicant (samværsgrad).
    """

    id: str = Field(min_length=1, max_length=100)
    role: Role
    birth_date: dt.date | None = None
    lives_with_applicant: bool | None = True
    shared_residence: bool = False
    visitation_percent: int | None = Field(default=None, ge=0, le=100)


class Expense(_Model):
    """A monthly expense as declared (actual cost); ``amount`` None: declared without an amount."""

    type: str
    amount: Money | None = None
    description: str = ""


class Income(_Model):
    """A monthly income, net; ``amount`` None: declared without a net amount. ``origin``: the applicant
    wrote it, or it is register data in the soknad (NAV's ``kilde: system``), from ``agency``."""

    type: str
    amount: Money | None = None
    description: str = ""
    origin: Literal["applicant", "register"] = "applicant"
    agency: str = ""  # NAV, Skatteetaten, Husbanken


class Asset(_Model):
    """Something of value (bank deposit, shares, a car ...); ``amount`` None: value not stated."""

    type: str
    amount: Money | None = None
    description: str = ""


class CaseInput(_Model):
    """Everything one calculation needs.

    ``persons_living_with_applicant`` is the application's answer to "how many live with you"
    (NAV: ``bosituasjon.antallPersoner``, the applicant not included); None: not answered.
    ``housing_type`` is NAV's ``botype`` (eier, leier, kommunal, ingen, institusjon, krisesenter,
    fengsel, venner, foreldre, familie, annet). ``register_failures`` names register look-ups that
    failed when the application was sent (NAV: ``driftsinformasjon``).
    """

    reference: str = Field(min_length=1, max_length=100)
    month: str = Field(pattern=MONTH_PATTERN)
    members: list[Member]
    civil_status: CivilStatus | None = None
    persons_living_with_applicant: int | None = Field(default=None, ge=0, le=50)
    housing_type: str | None = None
    expenses: list[Expense] = []
    incomes: list[Income] = []
    assets: list[Asset] = []
    register_failures: list[str] = []
    has_changed: bool = False
    change_description: str = ""
    free_texts: list[FreeText] = []  # begrunnelse and every other free-text field of the soknad
    spot_check_percent: Decimal = Field(default=Decimal(0), ge=0, le=100)  # the process's setting
