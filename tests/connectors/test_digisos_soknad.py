"""NAV's soknad model: what the robot reads from it, that unknown parts are kept, and the Norwegian
sentences that quarantine an invalid one."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from connectors.digisos import Soknad, validate_payload
from connectors.digisos import reading as r
from connectors.digisos.messages import MAX_MESSAGES

# Synthetic numbers (month + 80): applicant hand-calculated in test_fodselsnummer.py; the others
# made by connectors.fodselsnummer.synthetic for the dates shown.
APPLICANT = "12838512311"  # 1985-03-12
SPOUSE = "01868006850"  # 1980-06-01
CHILD = "15911556887"  # 2015-11-15


def navn(first: str) -> dict[str, str]:
    return {"fornavn": first, "mellomnavn": "", "etternavn": "Eksempelrud"}


def example() -> dict[str, Any]:
    """A complete soknad in NAV's format (synthetic people), with parts the robot does not read."""
    return {
        "version": "1.5.0",
        "innsendingstidspunkt": "2021-10-31T23:30:00.000Z",  # 00:30 on 1 November in Norway
        "mottaker": {"kommunenummer": "9999", "navEnhetsnavn": "NAV Sandkassen"},
        "driftsinformasjon": {
            "utbetalingerFraNavFeilet": False,
            "inntektFraSkatteetatenFeilet": True,
            "stotteFraHusbankenFeilet": False,
        },
        "kompatibilitet": [{"minVersion": "1.0.0", "maxVersion": "1.4.0", "text": "Statsborgerskap: Norge"}],
        "data": {
            "personalia": {
                "personIdentifikator": {"kilde": "system", "verdi": APPLICANT},
                "navn": {"kilde": "system", **navn("Kari")},
                "kontonummer": {"kilde": "bruker", "harIkkeKonto": True},
            },
            "arbeid": {"situasjon": {"kilde": "bruker", "erIJobb": True, "jobbGrad": "deltid"}},
            "utdanning": {"kilde": "bruker", "erStudent": False},
            "familie": {
                "sivilstatus": {
                    "kilde": "system",
                    "status": "gift",
                    "folkeregistrertMedEktefelle": True,
                    "ektefelle": {
                        "navn": navn("Ola"),
                        "fodselsdato": "1980-06-01",
                        "personIdentifikator": SPOUSE,
                    },
                },
                "forsorgerplikt": {
                    "harForsorgerplikt": {"kilde": "system", "verdi": True},
                    "ansvar": [
                        {
                            "barn": {
                                "kilde": "system",
                                "navn": navn("Nora"),
                                "fodselsdato": "2015-11-15",
                                "personIdentifikator": CHILD,
                            },
                            "borSammenMed": {"kilde": "bruker", "verdi": True},
                            "harDeltBosted": {"kilde": "bruker", "verdi": False},
                        },
                        {
                            "barn": {"kilde": "bruker", "navn": navn("Per")},
                            "borSammenMed": {"kilde": "bruker", "verdi": False},
                            "samvarsgrad": {"kilde": "bruker", "verdi": 30},
                        },
                    ],
                },
            },
            "begrunnelse": {
                "kilde": "bruker",
                "hvorforSoke": "Jeg søker fordi ...",
                "hvaSokesOm": "Livsopphold",
            },
            "bosituasjon": {"kilde": "bruker", "botype": "leier", "antallPersoner": 2},
            "okonomi": {
                "opplysninger": {
                    "bekreftelse": [
                        {"kilde": "bruker", "type": "sparing", "tittel": "Bankinnskudd", "verdi": True}
                    ],
                    "utbetaling": [
                        {
                            "kilde": "system",
                            "type": "navytelse",
                            "tittel": "Barnetrygd",
                            "belop": 1054,
                            "netto": 1054.0,
                            "overstyrtAvBruker": False,
                            "komponenter": [{"type": "Barnetrygd", "belop": 1054.0}],
                        },
                        {
                            "kilde": "system",
                            "type": "navytelse",
                            "tittel": "Dagpenger",
                            "belop": 4322,
                            "netto": 4321.5,
                            "overstyrtAvBruker": False,
                        },
                        {
                            "kilde": "system",
                            "type": "navytelse",
                            "tittel": "Tiltakspenger",
                            "belop": 900,
                            "overstyrtAvBruker": False,
                        },
                        {
                            "kilde": "bruker",
                            "type": "utbytte",
                            "tittel": "Utbytte",
                            "overstyrtAvBruker": False,
                        },
                    ],
                    "utgift": [
                        {
                            "kilde": "bruker",
                            "type": "strom",
                            "tittel": "Strøm (siste regning)",
                            "belop": 640,
                            "overstyrtAvBruker": False,
                        }
                    ],
                },
                "oversikt": {
                    "inntekt": [
                        {
                            "kilde": "bruker",
                            "type": "jobb",
                            "tittel": "Lønnsinntekt",
                            "brutto": 9000,
                            "netto": 7000,
                            "overstyrtAvBruker": False,
                        }
                    ],
                    "utgift": [
                        {
                            "kilde": "bruker",
                            "type": "husleie",
                            "tittel": "Husleie",
                            "belop": 8500,
                            "overstyrtAvBruker": False,
                        }
                    ],
                    "formue": [],
                },
            },
            "nyDelFraNav": {"noe": ["NAV kan legge til deler"]},
        },
        "ukjentToppnivå": 1,
    }


def test_the_example_reads_as_plain_facts() -> None:
    soknad, errors = validate_payload(example())
    assert errors == [] and soknad is not None
    assert r.month_applied_for(soknad) == "2021-11"
    assert r.submitted_at(soknad) == dt.datetime(2021, 10, 31, 23, 30, tzinfo=dt.UTC)
    people = r.persons(soknad)
    assert [(p.role, p.name, p.birth_date) for p in people] == [
        ("applicant", "Kari Eksempelrud", dt.date(1985, 3, 12)),
        ("spouse", "Ola Eksempelrud", dt.date(1980, 6, 1)),
        ("child", "Nora Eksempelrud", dt.date(2015, 11, 15)),
        ("child", "Per Eksempelrud", None),
    ]
    assert people[1].lives_with_applicant is True  # from the population register when not answered
    assert (people[3].lives_with_applicant, people[3].visitation_percent, people[2].shared_residence) == (
        False,
        30,
        False,
    )
    assert r.civil_status(soknad) == "gift"
    assert r.housing(soknad) == ("leier", 2)
    assert [(a.type, a.amount) for a in r.incomes(soknad)] == [
        ("jobb", Decimal(7000)), ("barnetrygd", Decimal("1054.0")), ("dagpenger", Decimal("4321.5")),
        ("navytelse", Decimal(900)), ("utbytte", None),
    ]  # fmt: skip
    assert [(a.type, a.amount) for a in r.expenses(soknad)] == [
        ("husleie", Decimal(8500)),
        ("strom", Decimal(640)),
    ]
    assert [(a.type, a.amount) for a in r.assets(soknad)] == [("sparing", None)]
    assert r.register_failures(soknad) == ["skatteetaten"]


def test_unknown_parts_are_kept_and_the_payload_round_trips() -> None:
    payload = example()
    soknad = Soknad.model_validate(payload)
    assert soknad.model_dump(mode="json", exclude_unset=True) == payload
    assert soknad.model_extra == {"ukjentToppnivå": 1}
    assert soknad.data.model_extra is not None and "nyDelFraNav" in soknad.data.model_extra


def test_older_soknads_with_a_text_driftsinformasjon_and_no_bosituasjon() -> None:
    payload = example()
    payload["driftsinformasjon"] = "Informasjon om arbeidsforhold er fylt ut manuelt."
    del payload["data"]["bosituasjon"]
    soknad, errors = validate_payload(payload)
    assert soknad is not None, errors
    assert r.register_failures(soknad) == [] and r.housing(soknad) == (None, None)


def broken(change: Any) -> list[str]:
    payload = example()
    change(payload)
    soknad, errors = validate_payload(payload)
    assert soknad is None
    return errors


@pytest.mark.parametrize(
    ("change", "sentence"),
    [
        (lambda p: p["data"]["personalia"]["personIdentifikator"].update(verdi="12838512312"),
         "Søkers fødselsnummer er ikke gyldig: kontrollsifferet stemmer ikke."),
        (lambda p: p["data"]["personalia"]["personIdentifikator"].update(verdi="1283851231"),
         "Søkers fødselsnummer er ikke gyldig: det må være 11 siffer."),
        (lambda p: p["data"]["familie"]["sivilstatus"]["ektefelle"].update(personIdentifikator="12938512311"),
         "Ektefellens fødselsnummer er ikke gyldig: det starter ikke med en mulig dato."),
        (lambda p: p["data"]["personalia"].pop("navn"), "Søkers navn mangler."),
        (lambda p: p["data"]["familie"]["forsorgerplikt"]["ansvar"][1]["barn"].update(fodselsdato="2019-02-30"),
         "Fødselsdatoen til barn 2 er ikke en gyldig dato (ÅÅÅÅ-MM-DD)."),
        (lambda p: p["data"]["familie"]["forsorgerplikt"]["ansvar"][0]["borSammenMed"].update(verdi="ja"),
         "Svaret på om barn 1 bor sammen med søker skal være ja eller nei (true/false)."),
        (lambda p: p["data"]["okonomi"]["oversikt"]["utgift"][0].update(belop=-500),
         "Beløpet for utgift 1 i oversikten kan ikke være negativt."),
        (lambda p: p["data"]["okonomi"]["oversikt"]["utgift"][0].update(belop="8 500"),
         "Beløpet for utgift 1 i oversikten skal være et helt tall."),
        (lambda p: p["data"]["okonomi"]["opplysninger"]["utbetaling"][1].update(netto=10**9),
         "Nettobeløpet for utbetaling 2 er for stort (høyst 10 000 000)."),
        (lambda p: p["data"]["okonomi"]["oversikt"].pop("formue"), "Listen over formue i økonomioversikten mangler."),
        (lambda p: p["data"]["familie"]["sivilstatus"].update(status="forlovet"), "Sivilstatusen har en ukjent verdi."),
        (lambda p: p["data"]["bosituasjon"].update(antallPersoner=-1),
         "Antall personer som bor sammen med søker kan ikke være negativt."),
        (lambda p: p.update(innsendingstidspunkt="i går"), "Innsendingstidspunktet er ikke et gyldig tidspunkt"),
        (lambda p: p.update(innsendingstidspunkt="2021-13-31T23:30:00.000Z"), "Innsendingstidspunktet er ikke et gyldig tidspunkt"),
        (lambda p: p.pop("version"), "Versjonsnummeret mangler."),
        (lambda p: p["data"]["okonomi"]["oversikt"].update(inntekt=[{"type": "jobb"}] * 101),
         "Listen over inntekter i økonomioversikten kan ha høyst 100 elementer."),
    ],
)  # fmt: skip
def test_invalid_soknads_give_plain_norwegian_sentences(change: Any, sentence: str) -> None:
    errors = broken(change)
    assert any(error.startswith(sentence) for error in errors), errors


@pytest.mark.parametrize("payload", [None, [1, 2], "søknad", 42, {"data": []}])
def test_anything_that_is_not_a_soknad_is_quarantined_with_sentences(payload: Any) -> None:
    soknad, errors = validate_payload(payload)
    assert soknad is None and errors and all(isinstance(e, str) and e.endswith(".") for e in errors)


def test_messages_are_capped_and_never_show_an_identity_number() -> None:
    payload = example()
    payload["data"]["okonomi"]["oversikt"]["inntekt"] = [{"type": "", "netto": -1}] * 40
    payload["data"]["okonomi"]["oversikt"]["utgift"] = [{APPLICANT: 1, "type": 5}]
    errors = broken(lambda p: p.update(payload))
    assert len(errors) == MAX_MESSAGES + 1 and errors[-1].startswith("Ytterligere")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=150, deadline=None)
@given(path=st.sampled_from(["data", "data.personalia", "data.familie", "data.okonomi.oversikt", "data.bosituasjon",
                             "data.familie.forsorgerplikt.ansvar", "innsendingstidspunkt"]), junk=JSON)  # fmt: skip
def test_garbage_anywhere_gives_sentences_not_crashes(path: str, junk: Any) -> None:
    payload = copy.deepcopy(example())
    *parents, last = path.split(".")
    target = payload
    for key in parents:
        target = target[key]
    target[last] = junk
    soknad, errors = validate_payload(payload)
    assert (soknad is None) == bool(errors)
    text = json.dumps(errors, ensure_ascii=False)
    assert not re.search(r"(?<!\d)\d{11}(?!\d)", text)
