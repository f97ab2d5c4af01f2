"""From NAV's soknad to what the rules read: the household, the month, incomes, expenses and assets.

connectors.digisos.reading turns the soknad into plain facts; this module names them for the rules.
The case system adds what only it knows (a protected identity, a closed case), checked in the process.
"""

from __future__ import annotations

from connectors.digisos import Soknad
from connectors.digisos import reading as r
from rules.sosialhjelp import Asset, CaseInput, Expense, Income, Member


def case_input(reference: str, soknad: Soknad) -> CaseInput:
    """The rules' input for one soknad."""
    botype, living_with = r.housing(soknad)
    members = [
        Member(
            id=person.role if person.role != "child" else (person.name or "barn")[:100],
            role=person.role,
            birth_date=person.birth_date,
            lives_with_applicant=person.lives_with_applicant,
            shared_residence=person.shared_residence,
            visitation_percent=person.visitation_percent,
        )
        for person in r.persons(soknad)
    ]
    return CaseInput(
        reference=reference,
        month=r.month_applied_for(soknad),
        members=members,
        civil_status=r.civil_status(soknad),
        persons_living_with_applicant=living_with,
        housing_type=botype,
        expenses=[Expense(type=a.type, amount=a.amount, description=a.title) for a in r.expenses(soknad)],
        incomes=[Income(type=a.type, amount=a.amount, description=a.title) for a in r.incomes(soknad)],
        assets=[Asset(type=a.type, amount=a.amount, description=a.title) for a in r.assets(soknad)],
        register_failures=r.register_failures(soknad),
    )


def applicant_identity(soknad: Soknad) -> str:
    """The applicant's fødselsnummer (never logged unmasked)."""
    return next(p.identity_number for p in r.persons(soknad) if p.role == "applicant" and p.identity_number)
