"""Every rule of the Norwegian livsopphold calculation, with its Norwegian title and legal reference.

This is the list a lawyer reviews: each trace line and each reason names one of these rules.
:func:`as_markdown` renders it as CATALOG.md (a test keeps the two equal; regenerate with
``python -c "from rules.sosialhjelp.catalog import as_markdown; print(as_markdown(), end='')" > rules/sosialhjelp/CATALOG.md``).
The guidance rates (statens veiledende retningslinjer) are a starting point only: the
municipality's individual assessment under sosialtjenesteloven § 18 decides, so the robot
proposes and a caseworker decides.
"""

from __future__ import annotations

from rules.engine.trace import Rule

LAW = "sosialtjenesteloven § 18"
RATES = "sosialtjenesteloven § 18; statens veiledende retningslinjer (årlig rundskriv)"
INDIVIDUAL = "sosialtjenesteloven § 18; rundskriv Hovednr. 35 (individuell vurdering)"
INVESTIGATION = "forvaltningsloven § 17; sosialtjenesteloven § 18"

# Household and the guidance rates
ALDER = Rule("livsopphold.alder", "Alder regnes per første dag i søknadsmåneden", RATES)
HUSSTAND_UGYLDIG = Rule("husstand.ugyldig", "Husstandens sammensetning kan ikke tolkes", INVESTIGATION)
SIVILSTATUS = Rule("husstand.sivilstatus", "Sivilstatus og ektefelle eller samboer", INVESTIGATION)
SOKER_UNDER_18 = Rule("husstand.soker_under_18", "Søker er under 18 år", INVESTIGATION)
ANTALL_PERSONER = Rule("husstand.antall_personer", "Antall personer som bor sammen med søker", INVESTIGATION)
BOTYPE = Rule(
    "husstand.botype",
    "Bosituasjon som må vurderes (institusjon, krisesenter, fengsel, uten bolig)",
    INDIVIDUAL,
)
VOKSENT_BARN = Rule("husstand.voksent_barn", "Barn som har fylt 18 år og bor hjemme", INDIVIDUAL)
BARN_BOR_IKKE_HJEMME = Rule(
    "husstand.barn_bor_ikke_hjemme", "Barn som ikke bor hos søker regnes ikke med", RATES
)
DELT_BOSTED = Rule("husstand.delt_bosted_samvaer", "Delt bosted eller samvær vurderes", INDIVIDUAL)
ENSLIG = Rule("livsopphold.enslig", "Veiledende sats for enslig", RATES)
PAR = Rule("livsopphold.par", "Veiledende sats for ektefeller eller samboere", RATES)
BOFELLESSKAP = Rule("livsopphold.bofellesskap", "Veiledende sats for person i bofellesskap", RATES)
BARN = Rule("livsopphold.barn", "Veiledende sats for barn etter aldersgruppe (0–5, 6–10, 11–17 år)", RATES)

# Expenses outside the rates (actual, declared costs)
BOLIG = Rule("utgift.bolig", "Boutgifter (husleie, renter, kommunale avgifter) etter faktiske utgifter", LAW)
STROM = Rule("utgift.strom_oppvarming", "Strøm og oppvarming etter faktiske utgifter", LAW)
HJEMFORSIKRING = Rule("utgift.hjemforsikring", "Hjemforsikring etter faktiske utgifter", LAW)
UTGIFT_VURDERING = Rule("utgift.vurdering", "Utgift som må vurderes av saksbehandler", INDIVIDUAL)
UTGIFT_UKJENT = Rule("utgift.ukjent_type", "Utgiftstype som reglene ikke kjenner", INVESTIGATION)
UTGIFT_MANGLER = Rule("utgift.opplysning_mangler", "Utgift uten gyldig beløp", INVESTIGATION)

# Incomes
TREKK = Rule("inntekt.trekk", "Inntekt trekkes fra (nettobeløp)", LAW)
BARNETRYGD = Rule(
    "inntekt.barnetrygd",
    "Barnetrygd regnes ikke som inntekt fra 1. september 2022",
    LAW + "; endring fra 2022-09-01",
)
INNTEKT_VURDERING = Rule("inntekt.vurdering", "Inntektstype som vurderes av saksbehandler", INDIVIDUAL)
INNTEKT_UKJENT = Rule("inntekt.ukjent_type", "Inntektstype som reglene ikke kjenner", INVESTIGATION)
INNTEKT_MANGLER = Rule("inntekt.opplysning_mangler", "Inntekt uten gyldig nettobeløp", INVESTIGATION)
INNTEKT_DOBBEL = Rule("inntekt.dobbel", "Samme inntekt kan være oppgitt to ganger", INVESTIGATION)

INNTEKT_AVVIK = Rule(
    "inntekt.avvik_systemdata", "Søkers opplysning om en inntekt avviker fra systemdata", INVESTIGATION
)

# Other checks
FORMUE = Rule("formue.oppgitt", "Søker har oppgitt formue, bankinnskudd eller annet av verdi", LAW)
ENDRING = Rule("endring.meldt", "Søker har meldt en endring", INVESTIGATION)
REGISTER = Rule("opplysninger.register", "Opplysninger fra registre kunne ikke hentes", INVESTIGATION)
FRITEKST = Rule(
    "soknad.fritekst", "Søker har skrevet egen tekst (begrunnelse eller annen fritekst)", INVESTIGATION
)
STIKKPROVE = Rule(
    "kontroll.stikkprove",
    "Stikkprøvekontroll av saker som ellers er klare",
    "sosialtjenesteloven § 5 (internkontroll); forvaltningsloven § 17",
)

# Parameters and outcome
SATS_MANGLER = Rule("sats.mangler", "Sats som mangler for perioden", RATES)
SATS_IKKE_VERIFISERT = Rule("sats.ikke_verifisert", "Sats som ikke er verifisert mot offisiell kilde", RATES)
BEHOV = Rule("beregning.behov", "Behov = veiledende satser + faktiske utgifter", LAW)
INNTEKTER = Rule("beregning.inntekter", "Sum inntekter som trekkes fra", LAW)
AVRUNDING = Rule("beregning.avrunding", "Avrunding til hele kroner (50 øre rundes opp)", LAW)
UTFALL = Rule("utfall", "Forslag til vedtak (saksbehandler vedtar)", INDIVIDUAL)

ALL_RULES: tuple[Rule, ...] = tuple(value for value in tuple(globals().values()) if isinstance(value, Rule))


def as_markdown() -> str:
    """The catalog as a Markdown table (the content of CATALOG.md)."""
    out = [
        "# Rules of økonomisk stønad til livsopphold (generated from catalog.py)",
        "",
        "| rule id | title (Norwegian, as caseworkers read it) | legal reference |",
        "|---|---|---|",
    ]
    out += [f"| `{rule.id}` | {rule.title} | {rule.legal_reference} |" for rule in ALL_RULES]
    return "\n".join(out) + "\n"
