"""The household and its guidance rates: who counts, the adult rate and the children's age bands.

Choices (each stated in the trace):
- age is counted on the first day of the month applied for (a child who turns 6 on the 1st is 6-10);
- a couple is spouses who live together, or cohabitants (samboer: NAV's soknad names no partner for
  them); the couple rate covers both adults;
- persons living with the applicant beyond the applicant's own household (spouse or partner and
  the children the applicant supports) make a shared household: a single applicant then gets the
  rate for a person in a shared household (bofellesskap); a couple with others goes to a caseworker;
- a child of 18 or more at home, shared residence, visitation, an applicant under 18 and special
  housing (institution, crisis centre, prison, no home) go to a caseworker;
- a child who does not live with the applicant (and has no visitation) is not counted.
"""

from __future__ import annotations

from decimal import Decimal

from rules.engine.bands import age_on
from rules.engine.money import format_kr
from rules.engine.parameters import MissingParameter
from rules.engine.trace import Rule
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.evaluation import Evaluation
from rules.sosialhjelp.inputs import Member

ASSESSED_HOUSING = {"institusjon", "krisesenter", "fengsel", "ingen"}
HOUSEHOLD_RULES = (
    r.HUSSTAND_UGYLDIG,
    r.SOKER_UNDER_18,
    r.SIVILSTATUS,
    r.VOKSENT_BARN,
    r.DELT_BOSTED,
    r.BARN_BOR_IKKE_HJEMME,
)
NOT_FIRED = {
    r.HUSSTAND_UGYLDIG.id: "Husstandens sammensetning kan tolkes.",
    r.SOKER_UNDER_18.id: "Søker er ikke under 18 år (eller fødselsdato er ikke oppgitt).",
    r.SIVILSTATUS.id: "Sivilstatus og ektefelle/samboer er entydig.",
    r.VOKSENT_BARN.id: "Ingen barn over 18 år bor hjemme.",
    r.DELT_BOSTED.id: "Ingen barn med delt bosted eller samvær.",
    r.BARN_BOR_IKKE_HJEMME.id: "Alle oppgitte barn bor hos søker.",
}


def others_text(n: int) -> str:
    """``én annen person`` / ``2 andre personer``."""
    return "én annen person" if n == 1 else f"{n} andre personer"


class _Household:
    """What the household rules found, and which of them fired."""

    def __init__(self, ev: Evaluation) -> None:
        self.ev = ev
        self.fired: set[str] = set()
        self.couple = False
        self.partner_at_home = 0
        self.children: list[tuple[Member, int]] = []  # counted: (member, age)
        self.adult_children = 0

    def manual(
        self, rule: Rule, text: str, incomplete: bool = False, ask: str = "", detail: str = ""
    ) -> None:
        """``rule`` fires with ``text``; ``ask``: the completion item (a question) that would settle it."""
        self.fired.add(rule.id)
        self.ev.incomplete = self.ev.incomplete or incomplete
        asked = self.ev.request(self.ev.params.completion[ask], rule, detail) if ask else None
        self.ev.manual(rule, text, completion=asked)

    def applicant(self) -> None:
        applicants = [m for m in self.ev.case.members if m.role == "applicant"]
        if len(applicants) != 1:
            self.manual(
                r.HUSSTAND_UGYLDIG, f"Søknaden har {len(applicants)} søkere; nøyaktig én kreves.", True
            )
            return
        birth = applicants[0].birth_date
        if birth is not None and age_on(birth, self.ev.month_start) < 0:
            self.manual(
                r.HUSSTAND_UGYLDIG, f"Søkers fødselsdato ({birth}) er etter {self.ev.month_start}.", True
            )
        elif birth is not None and age_on(birth, self.ev.month_start) < 18:
            age = age_on(birth, self.ev.month_start)
            self.manual(r.SOKER_UNDER_18, f"Søker er {age} år; søknader fra mindreårige behandles manuelt.")

    def civil_status(self) -> None:
        ev, status = self.ev, self.ev.case.civil_status
        spouses = [m for m in ev.case.members if m.role == "spouse"]
        if len(spouses) > 1:
            self.manual(
                r.HUSSTAND_UGYLDIG, f"Søknaden har {len(spouses)} ektefeller/samboere; høyst én er mulig."
            )
        spouse = spouses[0] if spouses else None
        together = spouse is not None and spouse.lives_with_applicant is not False
        if status is None:
            self.manual(r.SIVILSTATUS, "Sivilstatus er ikke oppgitt.", ask="sporsmal_sivilstatus")
            self.couple = together
        elif status == "samboer":
            if spouse is not None and spouse.lives_with_applicant is False:
                self.manual(
                    r.SIVILSTATUS, "Søker er samboer, men samboeren er oppgitt ikke å bo sammen med søker."
                )
            else:
                self.couple = True
        elif status == "gift":
            if spouse is None:
                self.manual(
                    r.SIVILSTATUS,
                    "Søker er gift, men opplysninger om ektefellen mangler; tallene er som for enslig.",
                )
            elif spouse.lives_with_applicant is None:
                text = "Det er ikke oppgitt om søker bor sammen med ektefellen; tallene er som for ektefeller som bor sammen."
                self.manual(r.SIVILSTATUS, text)
                self.couple = True
            elif not spouse.lives_with_applicant:
                text = "Søker er gift, men bor ikke sammen med ektefellen; saksbehandler vurderer forsørgerplikt og sats."
                self.manual(r.SIVILSTATUS, text)
            else:
                self.couple = True
        elif spouse is not None:
            self.manual(
                r.SIVILSTATUS, f"Søker har sivilstatus «{status}», men har også oppgitt en ektefelle."
            )
            self.couple = together
        self.partner_at_home = 1 if self.couple else 0

    def children_at_home(self) -> None:
        day, month = self.ev.month_start, self.ev.case.month
        for m in (m for m in self.ev.case.members if m.role == "child"):
            if m.birth_date is None:
                self.manual(r.HUSSTAND_UGYLDIG, f"Fødselsdato mangler for barnet {m.id}.", True)
                continue
            age = age_on(m.birth_date, day)
            if age < 0:
                text = f"Fødselsdatoen til {m.id} ({m.birth_date}) er etter {day}, den første dagen i {month}; saksbehandler vurderer satsen."
                self.manual(r.HUSSTAND_UGYLDIG, text, True)
                continue
            if m.shared_residence:
                text = f"{m.id} har delt bosted; saksbehandler vurderer hvor stor del av satsen som skal gis."
                self.manual(r.DELT_BOSTED, text)
            if m.lives_with_applicant is None:
                self.manual(
                    r.HUSSTAND_UGYLDIG,
                    f"Det er ikke oppgitt om {m.id} bor hos søker; barnet er ikke regnet med.",
                    ask="sporsmal_barn_bor_hos_deg",
                    detail=m.id,
                )
                continue
            if not m.lives_with_applicant:
                if m.visitation_percent:
                    text = f"{m.id} bor ikke hos søker, men har samvær ({m.visitation_percent} %); samværsutgifter vurderes av saksbehandler."
                    self.manual(r.DELT_BOSTED, text)
                else:
                    self.fired.add(r.BARN_BOR_IKKE_HJEMME.id)
                    self.ev.note(
                        r.BARN_BOR_IKKE_HJEMME, True, f"{m.id} bor ikke hos søker og regnes ikke med."
                    )
                continue
            if age >= 18:
                self.adult_children += 1
                text = (
                    f"{m.id} er {age} år og bor hjemme; voksne barn regnes ikke med i søkers satser og kan ha "
                    "rett til stønad selv (saksbehandler vurderer)."
                )
                self.manual(r.VOKSENT_BARN, text)
                continue
            self.children.append((m, age))

    def others(self) -> int:
        """Persons living with the applicant who are not in the applicant's own household."""
        ev, stated = self.ev, self.ev.case.persons_living_with_applicant
        own = self.partner_at_home + len(self.children) + self.adult_children
        if stated is None:
            text = "Søknaden oppgir ikke hvor mange som bor sammen med søker; det avgjør om satsen for bofellesskap gjelder."
            asked = ev.request(ev.params.completion["sporsmal_antall_personer"], r.ANTALL_PERSONER)
            ev.manual(r.ANTALL_PERSONER, text, completion=asked)
            return 0
        others = stated - own
        inputs = {"oppgitt": stated, "egen_husstand": own}
        if others < 0:
            text = (
                f"Søker oppgir at {stated} personer bor sammen med seg, men søknaden nevner {own} "
                "(ektefelle/samboer og barn som bor hjemme)."
            )
            ev.manual(r.ANTALL_PERSONER, text, inputs)
            return 0
        text = f"{stated} bor sammen med søker: {own} i søkers egen husstand og {others} andre."
        ev.note(r.ANTALL_PERSONER, False, text, inputs=inputs, output=others)
        return others

    def housing_type(self) -> None:
        kind = self.ev.case.housing_type
        if kind in ASSESSED_HOUSING:
            text = f"Bosituasjon «{kind}»: livsoppholdet kan være helt eller delvis dekket, og satsene brukes ikke uten vurdering."
            self.ev.manual(r.BOTYPE, text)
        else:
            self.ev.note(r.BOTYPE, False, f"Bosituasjon «{kind or 'ikke oppgitt'}».")

    def adult_rate(self, others: int) -> Decimal:
        ev = self.ev
        if self.couple:
            rate = ev.param("livsopphold_par")
            ev.note(r.ENSLIG, False, "Søker har ektefelle eller samboer: satsen for par brukes.")
            if others > 0:
                text = (
                    f"Paret bor sammen med {others_text(others)}; saksbehandler vurderer om satsen for bofellesskap "
                    "skal brukes (tallene bruker satsen for par)."
                )
                ev.manual(r.BOFELLESSKAP, text, {"andre": others})
            else:
                ev.note(r.BOFELLESSKAP, False, "Ingen andre bor sammen med paret.")
            text = f"Ektefeller/samboere: {format_kr(rate.value)} for begge samlet."
            row = ("livsopphold", "par", "Livsopphold, ektefeller/samboere (samlet)")
            return ev.count(r.PAR, text, row, rate.value, (rate,), {"sivilstatus": ev.case.civil_status})
        ev.note(r.PAR, False, "Ingen ektefelle eller samboer bor sammen med søker.")
        if others > 0:
            rate = ev.param("livsopphold_bofellesskap")
            text = f"Søker bor sammen med {others_text(others)}: satsen for enslig brukes ikke."
            ev.note(r.ENSLIG, False, text)
            text = f"Person i bofellesskap: {format_kr(rate.value)}."
            row = ("livsopphold", "bofellesskap", "Livsopphold, person i bofellesskap (søker)")
            return ev.count(r.BOFELLESSKAP, text, row, rate.value, (rate,), {"andre": others})
        rate = ev.param("livsopphold_enslig")
        ev.note(r.BOFELLESSKAP, False, "Ingen andre bor sammen med søker.")
        row = ("livsopphold", "enslig", "Livsopphold, enslig (søker)")
        return ev.count(r.ENSLIG, f"Enslig: {format_kr(rate.value)}.", row, rate.value, (rate,))

    def child_rate(self, member: Member, age: int) -> Decimal:
        ev = self.ev
        bands, band = ev.band("livsopphold_aldersgrupper", age)
        if band is None:
            ev.incomplete = True
            ev.manual(r.BARN, f"{member.id} er {age} år, en alder ingen aldersgruppe i satsene omfatter.")
            return Decimal(0)
        label = f"{band.label} år"
        rates, amount = ev.param_item("livsopphold_barn", band.key, f"barn {label}")
        text = f"{member.id}, {age} år ({label}): {format_kr(amount)}."
        row = ("livsopphold", f"barn_{band.key}", f"Livsopphold, barn {label} ({member.id})")
        return ev.count(
            r.BARN, text, row, amount, (rates, bands), {"id": member.id, "alder": age, "gruppe": band.key}
        )


def evaluate_household(ev: Evaluation) -> Decimal:
    """Classify the household and add its livsopphold lines; return their sum."""
    ev.note_age_day(r.ALDER)
    hh = _Household(ev)
    hh.applicant()
    hh.civil_status()
    hh.children_at_home()
    others = hh.others()
    hh.housing_type()
    for rule in HOUSEHOLD_RULES:
        if rule.id not in hh.fired:
            ev.note(rule, False, NOT_FIRED[rule.id])
    total = Decimal(0)
    try:
        total += hh.adult_rate(others)
    except MissingParameter as error:
        ev.missing(error)
    if not hh.children:
        ev.note(r.BARN, False, "Ingen barn under 18 år regnes med.")
    for member, age in hh.children:
        try:
            total += hh.child_rate(member, age)
        except MissingParameter as error:
            ev.missing(error)
    return total
