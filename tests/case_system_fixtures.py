"""Test data shared by the case system's sandbox tests and its connector tests: users and seeded cases."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sandbox.identity import identity_number
from sandbox.scenario import CalculationSeed, CaseSeed, MemberSeed, RowSeed

USERS: dict[str, str] = {"robot": "robot-pw", "handlaggare1": "hl1-pw", "handlaggare2": "hl2-pw"}
CHILD = MemberSeed("Cia Testsson", "2016-04-02", "barn")


def make_identity(birth: str, serial: int) -> str:
    """A formally valid synthetic identity number "YYYYMMDD-NNNC" for ``birth`` ("YYYYMMDD")."""
    return identity_number(datetime.strptime(birth, "%Y%m%d").date(), serial)


def make_case(
    number: int = 1, name: str = "Anna Testsson", *, rent: Decimal = Decimal("6500"), **overrides: object
) -> CaseSeed:
    """Test case ``number``: applicant, co-applicant, one child and a previous month paid with ``rent``.

    ``overrides`` replace any :class:`CaseSeed` field (``household=[]``, ``previous=None``, ...).
    """
    values: dict[str, object] = {
        "case_number": f"EB-2021-{number:04d}",
        "identity_number": make_identity("19850312", 200 + number),
        "name": name,
        "co_applicant_identity_number": make_identity("19860101", 100 + number),
        "co_applicant_name": "Bo Testsson",
        "household": [CHILD],
        "consecutive_months_on_support": 7,
        "jobbstimulans_months_used": 2,
        "labour_market_plan": True,
        "previous": CalculationSeed(
            month="2021-11",
            rows=[
                RowSeed("norm", "riksnorm", "Riksnorm hushåll", Decimal("9870")),
                RowSeed("kostnad", "boende", "Hyra", rent),
                RowSeed("inkomst", "barnbidrag", "Barnbidrag", Decimal("1250")),
            ],
            decision="bevilja",
            amount=Decimal("15120"),
        ),
    }
    values.update(overrides)
    return CaseSeed(**values)  # type: ignore[arg-type]
