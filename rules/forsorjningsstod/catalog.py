"""Every rule of the försörjningsstöd calculation, with its Swedish title and legal reference.

This is the list a lawyer reviews: each trace line and each reason names one of these rules.
SoL = socialtjänstlagen (2001:453); SoF = socialtjänstförordningen (2001:937);
OSL = offentlighets- och sekretesslagen (2009:400).
"""

from __future__ import annotations

from rules.engine.trace import Rule

NORM = "SoL (2001:453) 4 kap. 3 §; SoF (2001:937) 2 kap. 1 §"
COSTS = "SoL (2001:453) 4 kap. 3 §"
INCOME = "SoL (2001:453) 4 kap. 1 §"
INVESTIGATION = "SoL (2001:453) 11 kap. 1 §"

# Household and riksnorm
ALDER = Rule("norm.alder", "Ålder räknas per den första dagen i ansökningsmånaden", NORM)
HUSHALL_OGILTIG = Rule("hushall.ogiltig", "Hushållets sammansättning går inte att tolka", INVESTIGATION)
HUSHALL_UTANFOR = Rule("hushall.utanfor", "Person som inte bor i hushållet räknas inte", NORM)
ENSAMSTAENDE = Rule("norm.ensamstaende", "Riksnorm för ensamstående vuxen", NORM)
SAMBOR = Rule("norm.sambor", "Riksnorm för sambor eller makar", NORM)
BARN = Rule("norm.barn", "Riksnorm för barn efter åldersgrupp", NORM)
BARN_LUNCH = Rule("norm.barn_lunch", "Lägre belopp för barn 0–6 år som äter lunch i förskolan", NORM)
UNGDOM_19_20 = Rule("norm.ungdom_19_20", "19–20-åring räknas som skolungdom endast i gymnasieskola", NORM)
VUXEN_UTAN_BARNNORM = Rule(
    "norm.vuxet_barn", "Barn som fyllt 21 år räknas som vuxen som inte omfattas av ansökan", NORM
)
DELAT_HUSHALL = Rule(
    "norm.delat_hushall",
    "Delat hushåll: andra vuxna (inte sambo/make) räknas bara i hushållets storlek; "
    "sökandens familj får sin andel av de gemensamma kostnaderna",
    NORM,
)
GEMENSAMMA = Rule("norm.gemensamma", "Gemensamma hushållskostnader efter hushållets storlek", NORM)
OVER_SJU = Rule(
    "norm.gemensamma_over_7", "Fler än sju personer: skillnaden mellan 6 och 7 per extra person", NORM
)

# Reasonable costs outside the norm
BOENDE = Rule("kostnad.boende", "Boendekostnad upp till kommunens tak", COSTS)
BOENDE_TAK = Rule("kostnad.boende_tak", "Boendekostnad över kommunens tak prövas av handläggare", COSTS)
HUSHALLSEL = Rule("kostnad.hushallsel", "Hushållsel", COSTS)
HEMFORSAKRING = Rule("kostnad.hemforsakring", "Hemförsäkring", COSTS)
ARBETSRESOR = Rule("kostnad.arbetsresor", "Arbetsresor", COSTS)
FACKAVGIFT = Rule("kostnad.fackavgift", "Avgift till fackförening", COSTS)
AKASSAAVGIFT = Rule("kostnad.akassaavgift", "Avgift till arbetslöshetskassa", COSTS)
EJ_GODTAGEN = Rule("kostnad.ej_godtagen", "Kostnad som kommunen inte godtar automatiskt", COSTS)
OVRIG_KOSTNAD = Rule("kostnad.ovrig", "Övrig kostnad prövas av handläggare", "SoL (2001:453) 4 kap. 1 §")

# Incomes
REGISTER_EJ_HAMTAT = Rule("inkomst.register_ej_hamtat", "Registeruppgifter har inte hämtats", INVESTIGATION)
INKOMST_KALLA = Rule(
    "inkomst.kalla", "Registeruppgift för kontrollmånaden går före uppgift i ansökan", INCOME
)
EJ_I_REGISTER = Rule("inkomst.ej_i_register", "Uppgiven inkomst saknas i registret", INVESTIGATION)
EJ_UPPGIVEN = Rule("inkomst.ej_uppgiven", "Registrerad inkomst saknas i ansökan", INVESTIGATION)
UTANFOR_ANSOKAN = Rule(
    "inkomst.utanfor_ansokan",
    "Inkomst för vuxen som inte omfattas av ansökan prövas av handläggare",
    INVESTIGATION,
)
OKAND_TYP = Rule("inkomst.okand_typ", "Inkomsttyp som reglerna inte känner till", INVESTIGATION)
NEGATIV = Rule("inkomst.negativ", "Negativt inkomstbelopp", INVESTIGATION)
AVDRAG = Rule("inkomst.avdrag", "Inkomst räknas av från behovet", INCOME)
UNDANTAG = Rule("inkomst.undantag", "Inkomst som inte räknas", INCOME)
MANUELL_TYP = Rule("inkomst.manuell_typ", "Inkomsttyp som prövas av handläggare", INCOME)
JOBBSTIMULANS = Rule(
    "inkomst.jobbstimulans", "Jobbstimulans: 25 % av lön räknas inte", "SoL (2001:453) 4 kap. 1 b §"
)

# Changes and case context
INKOMST_ANDRAD = Rule(
    "andring.inkomst", "Inkomst ändrad mer än gränsvärdet mot jämförelsemånaden", INVESTIGATION
)
NY_INKOMST = Rule("andring.ny_inkomst", "Ny inkomst jämfört med jämförelsemånaden", INVESTIGATION)
UPPHORD_INKOMST = Rule(
    "andring.upphord_inkomst", "Inkomst som upphört jämfört med jämförelsemånaden", INVESTIGATION
)
HUSHALL_ANDRAT = Rule("andring.hushall", "Hushållet har ändrats sedan förra beräkningen", INVESTIGATION)
BOENDE_ANDRAT = Rule(
    "andring.boendekostnad", "Boendekostnaden har ändrats sedan förra beräkningen", INVESTIGATION
)
TILLGANGAR = Rule("andring.tillgangar", "Sökanden har uppgett tillgångar", "SoL (2001:453) 4 kap. 1 §")
ANMALD_ANDRING = Rule("andring.anmald", "Sökanden har anmält en ändring", INVESTIGATION)
REGISTER_SAKNAS = Rule(
    "andring.registeruppgift_saknas",
    "Registeruppgifter saknas för kontrollmånaden från en källa",
    INVESTIGATION,
)
REGISTER_FEL = Rule("inkomst.registerkalla_fel", "En registerkälla svarade med fel", INVESTIGATION)
AVVIKELSE = Rule(
    "inkomst.avvikelse_register", "Sökandens uppgift om en inkomst skiljer sig från registrets", INVESTIGATION
)
FRITEXT = Rule(
    "arende.fritext",
    "Sökanden har skrivit egen text (meddelande, beskrivning av ändring eller kostnad)",
    "SoL (2001:453) 11 kap. 1 §; förvaltningslagen (2017:900) 23 §",
)
SLUMPVIS = Rule(
    "arende.slumpvis_kontroll",
    "Slumpvis kontroll av ärenden som annars är klara",
    "SoL (2001:453) 3 kap. 3 §; SOSFS 2011:9 (ledningssystem för systematiskt kvalitetsarbete)",
)
ARENDE_SAKNAS = Rule(
    "arende.uppgifter_saknas", "Ärendeuppgifter från verksamhetssystemet saknas", INVESTIGATION
)
SKYDDAD = Rule(
    "arende.skyddad_identitet", "Skyddade personuppgifter", "OSL (2009:400) 26 kap. 1 §; " + INVESTIGATION
)
EJ_OPPET = Rule("arende.ej_oppet", "Ärendet är inte öppet", INVESTIGATION)
NY_SOKANDE = Rule("arende.ny_sokande", "Ingen tidigare beräkning (ny sökande)", INVESTIGATION)
PLANERING = Rule(
    "arende.planering",
    "Ingen aktiv planering mot arbete",
    "SoL (2001:453) 4 kap. 1 § andra stycket och 4 kap. 4 §",
)

# Parameters and outcome
PARAMETER_SAKNAS = Rule("parameter.saknas", "Belopp som saknas för perioden", "SoF (2001:937) 2 kap. 1 §")
PARAMETER_OVERIFIERAD = Rule(
    "parameter.ej_verifierad", "Belopp som inte är verifierat mot officiell källa", NORM
)
BEHOV = Rule("berakning.behov", "Behov = riksnorm + skäliga kostnader", "SoL (2001:453) 4 kap. 3 §")
INKOMSTER = Rule("berakning.inkomster", "Summa inkomster som räknas av", INCOME)
AVRUNDNING = Rule("berakning.avrundning", "Avrundning till hela kronor (0,50 kr avrundas uppåt)", COSTS)
UTFALL = Rule("utfall", "Förslag till beslut", "SoL (2001:453) 4 kap. 1 och 3 §§")
