"""From NAV's soknad to the rules' input: free-text fields, where incomes come from, the spot-check setting."""

from __future__ import annotations

import copy
from decimal import Decimal

from connectors.digisos import validate_payload
from processes.sosialhjelp.mapping import case_input
from processes.sosialhjelp.settings import SosialhjelpSettings
from sandbox.digisos.synthetic import generate

PAYLOAD = next(a.payload for a in generate(3, 12).applications if a.expected.outcome == "proposed")


def _soknad(payload: dict[str, object]) -> object:
    soknad, errors = validate_payload(payload)
    assert soknad is not None, errors
    return soknad


def test_begrunnelse_and_the_other_free_text_fields_are_read_as_the_connector_keeps_them() -> None:
    payload = copy.deepcopy(PAYLOAD)
    data = payload["data"]
    data["begrunnelse"] = {"kilde": "bruker", "hvorforSoke": "Jeg har fått ny jobb.", "hvaSokesOm": ""}
    data["arbeid"]["kommentarTilArbeidsforhold"] = {"kilde": "bruker", "verdi": "Sluttet i mars."}
    data["okonomi"]["opplysninger"]["beskrivelseAvAnnet"] = {
        "kilde": "bruker",
        "verdi": "",
        "sparing": "Gris",
    }
    texts = case_input("R-1", _soknad(payload)).free_texts  # type: ignore[arg-type]
    assert [(t.field, t.label, t.text) for t in texts] == [
        ("begrunnelse.hvorforSoke", "Hvorfor søker du", "Jeg har fått ny jobb."),
        ("arbeid.kommentarTilArbeidsforhold.verdi", "Kommentar til arbeidsforhold", "Sluttet i mars."),
        ("okonomi.opplysninger.beskrivelseAvAnnet.sparing", "Beskrivelse av annen sparing", "Gris"),
    ]


def test_a_clear_soknad_has_no_free_text_and_system_data_is_marked_as_register() -> None:
    payload = copy.deepcopy(PAYLOAD)
    payload["data"]["okonomi"]["opplysninger"]["utbetaling"].append(
        {
            "kilde": "system",
            "type": "husbanken",
            "tittel": "Statlig bostøtte",
            "belop": 1200,
            "overstyrtAvBruker": False,
        }
    )
    found = case_input("R-2", _soknad(payload), Decimal(10))  # type: ignore[arg-type]
    assert found.free_texts == [] and found.spot_check_percent == Decimal(10)
    husbanken = next(income for income in found.incomes if income.type == "husbanken")
    assert (husbanken.origin, husbanken.agency) == ("register", "Husbanken")


def test_spot_checks_are_off_unless_the_settings_say_otherwise() -> None:
    assert SosialhjelpSettings().spot_check_percent == 0
