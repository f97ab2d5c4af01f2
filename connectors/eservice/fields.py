"""Field types of the intake model, each with its own check and a Swedish message when it fails.

A check raises ``PydanticCustomError("sv", fragment)``; :mod:`connectors.eservice.messages` puts the
field's Swedish name in front of the fragment, e.g. "Hyran" + "får inte vara negativ".
Values from the citizen are never echoed back except masked identity numbers.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from connectors.identity import InvalidIdentityNumber, mask, normalise
from connectors.mail.address import InvalidAddress, check_address

MAX_AMOUNT = Decimal(1_000_000)
MAX_NAME = 100
MAX_DESCRIPTION = 200
MAX_MESSAGE = 2000
MAX_MEMBERS = 15
MAX_INCOMES = 30
MAX_OTHER_COSTS = 20
EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_MONTH, LATEST_MONTH = (2000, 1), (2099, 12)

IncomeType = Literal[
    "lon",
    "a_kassa",
    "aktivitetsstod",
    "studiemedel",
    "barnbidrag",
    "bostadsbidrag",
    "sjukpenning",
    "foraldrapenning",
    "underhallsstod",
    "pension",
    "skatteaterbaring",
    "kapitalinkomst",
    "handikappersattning",
    "stipendium",
    "barns_inkomst",
    "ovrigt",
]
INCOME_TYPES: tuple[str, ...] = get_args(IncomeType)

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")


def _fail(fragment: str) -> PydanticCustomError:
    return PydanticCustomError("sv", fragment)


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _fail("ska vara ett belopp i kronor, skrivet som ett tal")
    if isinstance(value, float) and not math.isfinite(value):
        raise _fail("ska vara ett belopp i kronor, skrivet som ett tal")
    try:
        amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError):
        raise _fail("ska vara ett belopp i kronor, skrivet som ett tal") from None
    if not amount.is_finite():
        raise _fail("ska vara ett belopp i kronor, skrivet som ett tal")
    if amount < 0:
        raise _fail("får inte vara ett negativt belopp")
    if amount > MAX_AMOUNT:
        raise _fail("är ett orimligt stort belopp (högst 1 000 000 kr)")
    if amount != amount.quantize(Decimal("0.01"), rounding="ROUND_DOWN"):
        raise _fail("får ha högst två decimaler (ören)")
    return amount


def _text(max_length: int, required: bool) -> Any:
    def check(value: Any) -> str:
        if not isinstance(value, str):
            raise _fail("ska vara text")
        text = value.strip()
        if required and not text:
            raise _fail("saknas")
        if len(text) > max_length:
            raise _fail(f"har för många tecken (högst {max_length})")
        if _CONTROL.search(text):
            raise _fail("innehåller otillåtna kontrolltecken")
        return text

    return check


def _identity(value: Any) -> str:
    try:
        return normalise(value)
    except InvalidIdentityNumber as error:
        shown = f"({mask(value.strip())}) " if error.problem in ("date", "checksum") else ""
        fragments = {
            "type": "ska vara text i formen ÅÅÅÅMMDD-NNNN",
            "short_form": "har bara 10 siffror; skriv alla 12 siffror som ÅÅÅÅMMDD-NNNN",
            "format": "har fel format; skriv det som ÅÅÅÅMMDD-NNNN",
            "date": f"{shown}börjar inte med ett riktigt datum",
            "checksum": f"{shown}har fel kontrollsiffra",
        }
        raise _fail(fragments[error.problem]) from None


def _birth_date(value: Any) -> date:
    if not isinstance(value, str) or not _DATE.match(value.strip()):
        raise _fail("ska vara ett datum i formen ÅÅÅÅ-MM-DD")
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise _fail("är inte ett riktigt datum") from None
    if day > date.today():
        raise _fail("ligger i framtiden")
    if day < EARLIEST_BIRTH:
        raise _fail("ligger före år 1900")
    return day


def _month(value: Any) -> str:
    if not isinstance(value, str) or not _MONTH.match(value.strip()):
        raise _fail("ska skrivas som ÅÅÅÅ-MM, till exempel 2021-12")
    year, month = int(value[:4]), int(value[5:7])
    if not 1 <= month <= 12:
        raise _fail("har en månad som inte finns (01-12)")
    if not EARLIEST_MONTH <= (year, month) <= LATEST_MONTH:
        raise _fail("ligger utanför rimliga år (2000-2099)")
    return value.strip()


def _reference(value: Any) -> str:
    if not isinstance(value, str) or not _REFERENCE.match(value):
        raise _fail("ska bestå av högst 50 bokstäver, siffror och bindestreck")
    return value


def _email(value: Any) -> str | None:
    """An optional e-mail address: missing or blank is None; anything else must be an address."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return check_address(value)
    except InvalidAddress as error:
        raise _fail(str(error)) from None


def _strict_bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail("ska vara ja eller nej (true eller false)")
    return value


Amount = Annotated[Decimal, BeforeValidator(_amount)]
Name = Annotated[str, BeforeValidator(_text(MAX_NAME, required=True))]
Description = Annotated[str, BeforeValidator(_text(MAX_DESCRIPTION, required=True))]
LongText = Annotated[str, BeforeValidator(_text(MAX_MESSAGE, required=False))]
IdentityNumber = Annotated[str, BeforeValidator(_identity)]
BirthDate = Annotated[date, BeforeValidator(_birth_date)]
Month = Annotated[str, BeforeValidator(_month)]
Reference = Annotated[str, BeforeValidator(_reference)]
YesNo = Annotated[bool, BeforeValidator(_strict_bool)]
Email = Annotated[str | None, BeforeValidator(_email)]
