"""Checks that send a case to a caseworker: assets, a change the applicant declared, and register
look-ups that failed when the application was sent. Each is traced, fired or not.
"""

from __future__ import annotations

from rules.engine.money import format_kr
from rules.sosialhjelp import catalog as r
from rules.sosialhjelp.evaluation import Evaluation

ASSET_LABELS = {
    "brukskonto": "brukskonto",
    "bsu": "BSU",
    "sparekonto": "sparekonto",
    "livsforsikringssparedel": "sparedel i livsforsikring",
    "verdipapirer": "aksjer, obligasjoner eller fond",
    "belop": "annen sparing",
    "bolig": "bolig",
    "campingvogn": "campingvogn eller båt",
    "kjoretoy": "kjøretøy",
    "fritidseiendom": "fritidseiendom",
    "annet": "annet av verdi",
    "verdi": "noe av økonomisk verdi",
    "sparing": "bankinnskudd eller annen sparing",
}
REGISTER_LABELS = {
    "utbetalinger_nav": "Utbetalinger fra NAV",
    "skatteetaten": "Skattbar inntekt fra Skatteetaten",
    "husbanken": "Bostøtte fra Husbanken",
}
MAX_QUOTE = 200


def evaluate_checks(ev: Evaluation) -> None:
    """Run the checks; each one that applies adds a reason for manual handling."""
    case = ev.case
    found = False
    for asset in case.assets:
        if asset.amount is not None and asset.amount <= 0:
            continue
        found = True
        label = ASSET_LABELS.get(asset.type, asset.type)
        amount = f" ({format_kr(asset.amount)})" if asset.amount is not None else " (verdi ikke oppgitt)"
        text = (
            f"Søker har oppgitt {label}{amount}; formue skal som hovedregel brukes før økonomisk stønad, "
            "og saksbehandler vurderer den."
        )
        asked = (
            ev.request(ev.params.completion["kontooversikt"], r.FORMUE, label)
            if asset.amount is None
            else None
        )
        ev.manual(r.FORMUE, text, {"type": asset.type, "beløp": asset.amount}, completion=asked)
    if not found:
        ev.note(r.FORMUE, False, "Ingen formue eller annet av verdi oppgitt.")
    if case.has_changed:
        words = case.change_description.strip()
        quoted = f": «{words[:MAX_QUOTE]}»" if words else " (uten beskrivelse)"
        ev.manual(r.ENDRING, f"Søker har meldt en endring{quoted}.")
    else:
        ev.note(r.ENDRING, False, "Søker har ikke meldt noen endring.")
    for source in case.register_failures:
        label = REGISTER_LABELS.get(source, source)
        ev.manual(r.REGISTER, f"{label} kunne ikke hentes da søknaden ble sendt; opplysningene må innhentes.")
    if not case.register_failures:
        ev.note(r.REGISTER, False, "Alle registeropplysninger ble hentet da søknaden ble sendt.")
