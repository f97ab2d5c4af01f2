"""From NAV's soknad to what the rules read: the household, the month, incomes, expenses and assets.

connectors.digisos.reading turns the soknad into plain facts; this module names them for the rules.
The case system adds what only it knows (a protected identity, a closed case), checked in the process.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from connectors.digisos import Soknad
from connectors.digisos import reading as r
from rules.engine.decision import FreeText
from rules.sosialhjelp import Asset, CaseInput, Expense, Income, Member

# The soknad's free-text fields (navikt/soknadsosialhjelp-filformat, json/soknad/soknad.json): where each
# is, and how a caseworker calls it. The connector keeps them as received (parts it does not model).
FREE_TEXT_FIELDS = (
    (("begrunnelse", "hvaSokesOm"), "Hva søkes det om"),
    (("begrunnelse", "hvorforSoke"), "Hvorfor søker du"),
    (("arbeid", "kommentarTilArbeidsforhold", "verdi"), "Kommentar til arbeidsforhold"),
    (("familie", "folkeregistrertMedEktefelleAvviksforklaring", "verdi"), "Forklaring om folkeregistrering"),
    (("okonomi", "opplysninger", "beskrivelseAvAnnet", "verdi"), "Beskrivelse av annet av verdi"),
    (("okonomi", "opplysninger", "beskrivelseAvAnnet", "sparing"), "Beskrivelse av annen sparing"),
    (("okonomi", "opplysninger", "beskrivelseAvAnnet", "utbetaling"), "Beskrivelse av andre utbetalinger"),
    (("okonomi", "opplysninger", "beskrivelseAvAnnet", "boutgifter"), "Beskrivelse av andre boutgifter"),
    (
        ("okonomi", "opplysninger", "beskrivelseAvAnnet", "barneutgifter"),
        "Beskrivelse av andre barneutgifter",
    ),
)
AGENCIES = {"husbanken": "Husbanken", "skatteetaten": "Skatteetaten"}  # other system data is NAV's


def _at(part: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` in the soknad's data: a modelled part's attribute or a kept part's key."""
    for key in path:
        part = part.get(key) if isinstance(part, dict) else getattr(part, key, None)
        if part is None:
            return None
    return part


def free_texts(soknad: Soknad) -> list[FreeText]:
    """Every free-text field the applicant filled in."""
    found = ((".".join(path), label, _at(soknad.data, path)) for path, label in FREE_TEXT_FIELDS)
    return [
        FreeText(field=field, label=label, text=text)
        for field, label, text in found
        if isinstance(text, str) and text.strip()
    ]


def case_input(reference: str, soknad: Soknad, spot_check_percent: Decimal = Decimal(0)) -> CaseInput:
    """The rules' input for one soknad (``spot_check_percent``: the process's spot-check setting)."""
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
        incomes=[
            Income(
                type=a.type,
                amount=a.amount,
                description=a.title,
                origin="register" if a.source == "system" else "applicant",
                agency=AGENCIES.get(a.type, "NAV") if a.source == "system" else "",
            )
            for a in r.incomes(soknad)
        ],
        assets=[Asset(type=a.type, amount=a.amount, description=a.title) for a in r.assets(soknad)],
        register_failures=r.register_failures(soknad),
        free_texts=free_texts(soknad),
        spot_check_percent=spot_check_percent,
    )


def applicant_identity(soknad: Soknad) -> str:
    """The applicant's fødselsnummer (never logged unmasked)."""
    return next(p.identity_number for p in r.persons(soknad) if p.role == "applicant" and p.identity_number)
