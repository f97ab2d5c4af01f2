"""Plain Norwegian sentences for an invalid soknad, and :func:`validate_payload` for intake.

Each sentence names the field as a caseworker reads it ("Fødselsdatoen til barn 2", "Beløpet for
inntekt 1") and says what is wrong. Keys and values from the payload are shown only masked
(no identity number ever appears in full) and shortened.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import ValidationError

from connectors.digisos.soknad import MAX_AMOUNT, Soknad
from connectors.fodselsnummer import mask_all

MAX_MESSAGES = 25
_UNSAFE = re.compile(r"[^\w .:/@+-]", re.UNICODE)
_TOP = {
    "version": "Versjonsnummeret",
    "innsendingstidspunkt": "Innsendingstidspunktet",
    "data": "Søknadsdataene",
    "mottaker": "Mottakeren",
    "driftsinformasjon": "Driftsinformasjonen",
    "kompatibilitet": "Kompatibilitetslisten",
}
_PATHS = {
    ("personalia",): "Personopplysningene",
    ("personalia", "personIdentifikator"): "Søkers fødselsnummer",
    ("personalia", "personIdentifikator", "verdi"): "Søkers fødselsnummer",
    ("personalia", "navn"): "Søkers navn",
    ("personalia", "navn", "fornavn"): "Søkers fornavn",
    ("personalia", "navn", "etternavn"): "Søkers etternavn",
    ("personalia", "navn", "mellomnavn"): "Søkers mellomnavn",
    ("familie",): "Familieopplysningene",
    ("familie", "sivilstatus"): "Sivilstatusen",
    ("familie", "sivilstatus", "status"): "Sivilstatusen",
    ("familie", "sivilstatus", "ektefelle"): "Opplysningene om ektefellen",
    ("familie", "sivilstatus", "ektefelle", "navn"): "Ektefellens navn",
    ("familie", "sivilstatus", "ektefelle", "fodselsdato"): "Ektefellens fødselsdato",
    ("familie", "sivilstatus", "ektefelle", "personIdentifikator"): "Ektefellens fødselsnummer",
    ("familie", "sivilstatus", "borSammenMed"): "Svaret på om søker bor sammen med ektefellen",
    ("familie", "forsorgerplikt"): "Opplysningene om forsørgerplikt",
    ("familie", "forsorgerplikt", "ansvar"): "Listen over barn",
    ("bosituasjon",): "Bosituasjonen",
    ("bosituasjon", "botype"): "Botypen",
    ("bosituasjon", "antallPersoner"): "Antall personer som bor sammen med søker",
    ("okonomi",): "Økonomiopplysningene",
    ("okonomi", "opplysninger"): "Økonomiopplysningene",
    ("okonomi", "oversikt"): "Økonomioversikten",
    ("okonomi", "oversikt", "inntekt"): "Listen over inntekter i økonomioversikten",
    ("okonomi", "oversikt", "utgift"): "Listen over utgifter i økonomioversikten",
    ("okonomi", "oversikt", "formue"): "Listen over formue i økonomioversikten",
    ("okonomi", "opplysninger", "utbetaling"): "Listen over utbetalinger",
    ("okonomi", "opplysninger", "utgift"): "Listen over utgifter i økonomiopplysningene",
    ("okonomi", "opplysninger", "bekreftelse"): "Listen over bekreftelser",
}
_CHILD = {
    ("barn",): "Opplysningene om barn {n}",
    ("barn", "navn"): "Navnet til barn {n}",
    ("barn", "fodselsdato"): "Fødselsdatoen til barn {n}",
    ("barn", "personIdentifikator"): "Fødselsnummeret til barn {n}",
    ("borSammenMed", "verdi"): "Svaret på om barn {n} bor sammen med søker",
    ("harDeltBosted", "verdi"): "Svaret på om barn {n} har delt bosted",
    ("samvarsgrad", "verdi"): "Samværsgraden for barn {n}",
}
_ROWS = {
    ("oversikt", "inntekt"): "inntekt {n}",
    ("oversikt", "utgift"): "utgift {n} i oversikten",
    ("oversikt", "formue"): "formue {n}",
    ("opplysninger", "utbetaling"): "utbetaling {n}",
    ("opplysninger", "utgift"): "utgift {n} i opplysningene",
    ("opplysninger", "bekreftelse"): "bekreftelse {n}",
}
_FIELDS = {"belop": "Beløpet", "netto": "Nettobeløpet", "brutto": "Bruttobeløpet", "type": "Typen",
           "tittel": "Tittelen", "kilde": "Kilden", "verdi": "Svaret", "utbetalingsdato": "Utbetalingsdatoen"}  # fmt: skip
_FNR_PROBLEMS = {
    "format": "det må være 11 siffer",
    "date": "det starter ikke med en mulig dato",
    "century": "individnummeret passer ikke med fødselsåret",
    "checksum": "kontrollsifferet stemmer ikke",
    "type": "det må være tekst",
}
_TYPES = {"string_type": "tekst", "int_type": "et helt tall", "bool_type": "ja eller nei (true/false)",
          "float_type": "et tall", "int_from_float": "et helt tall"}  # fmt: skip


def shown_key(key: object) -> str:
    """A payload key or value made safe to show: masked, without odd characters, at most 40 characters."""
    text = _UNSAFE.sub("?", mask_all(str(key)))
    return text if len(text) <= 40 else text[:37] + "..."


def label(loc: tuple[int | str, ...]) -> str:
    """The Norwegian name of the field at ``loc``."""
    if not loc:
        return "Søknaden"
    if len(loc) == 1 and loc[0] in _TOP:
        return _TOP[str(loc[0])]
    if loc[0] == "driftsinformasjon":
        return "Driftsinformasjonen"
    if loc[0] == "data":
        rest = loc[1:]
        if rest in _PATHS:
            return _PATHS[rest]  # type: ignore[index]
        if rest[:3] == ("familie", "forsorgerplikt", "ansvar") and len(rest) > 3 and isinstance(rest[3], int):
            tail = tuple(part for part in rest[4:] if isinstance(part, str))
            for length in range(len(tail), -1, -1):
                if tail[:length] in _CHILD:
                    return _CHILD[tail[:length]].format(n=rest[3] + 1)
            return f"Opplysningene om barn {rest[3] + 1}"
        if rest[:1] == ("okonomi",) and len(rest) >= 4 and isinstance(rest[3], int) and rest[1:3] in _ROWS:
            row = _ROWS[rest[1:3]].format(n=rest[3] + 1)  # type: ignore[index]
            field = _FIELDS.get(str(rest[4])) if len(rest) > 4 else None
            return f"{field} for {row}" if field else row[:1].upper() + row[1:]
    return f"Feltet «{shown_key('.'.join(str(part) for part in loc))}»"


def sentence(error: Any) -> str:
    """The Norwegian sentence for one pydantic error dict."""
    loc: tuple[int | str, ...] = tuple(error.get("loc", ()))
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    name = label(loc)
    if kind == "missing":
        return f"{name} mangler."
    if kind == "fodselsnummer":
        return f"{name} er ikke gyldig: {_FNR_PROBLEMS.get(str(ctx.get('problem')), 'ugyldig verdi')}."
    if kind == "dato":
        return f"{name} er ikke en gyldig dato (ÅÅÅÅ-MM-DD)."
    if kind == "tidspunkt" or (kind == "string_pattern_mismatch" and loc == ("innsendingstidspunkt",)):
        return f"{name} er ikke et gyldig tidspunkt (ÅÅÅÅ-MM-DDTtt:mm:ss.sssZ)."
    if kind in _TYPES:
        return f"{name} skal være {_TYPES[kind]}."
    if kind in ("greater_than_equal", "greater_than"):
        return f"{name} kan ikke være negativt."
    if kind in ("less_than_equal", "less_than"):
        limit = ctx.get("le", ctx.get("lt", MAX_AMOUNT))
        shown = f"{int(limit):,}".replace(",", " ") if isinstance(limit, int | float) else str(limit)
        return f"{name} er for stort (høyst {shown})."
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        if not loc:
            return "Søknaden skal være et JSON-objekt i NAVs søknadsformat, men er noe annet."
        return f"{name} skal være en gruppe opplysninger (et JSON-objekt)."
    if kind == "list_type":
        return f"{name} skal være en liste."
    if kind == "too_long":
        return f"{name} kan ha høyst {ctx.get('max_length', '?')} elementer."
    if kind == "string_too_long":
        return f"{name} er for lang (høyst {ctx.get('max_length', '?')} tegn)."
    if kind == "string_too_short":
        return f"{name} kan ikke være tom."
    if kind == "literal_error":
        allowed = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return f"{name} har en ukjent verdi. Tillatte verdier er {allowed}."
    if kind == "string_pattern_mismatch":
        return f"{name} har feil format."
    return f"{name} har en ugyldig verdi."


def norwegian_errors(error: ValidationError) -> list[str]:
    """All errors of a validation as Norwegian sentences, without duplicates, at most MAX_MESSAGES."""
    messages: list[str] = []
    for item in error.errors(include_url=False, include_input=False):
        text = sentence(item)
        if text not in messages:
            messages.append(text)
    if len(messages) > MAX_MESSAGES:
        extra = len(messages) - MAX_MESSAGES
        messages = [*messages[:MAX_MESSAGES], f"Ytterligere {extra} feil vises ikke."]
    return messages


def validate_payload(payload: Any) -> tuple[Soknad | None, list[str]]:
    """The soknad, or None with every problem as a plain Norwegian sentence (for quarantine).

    Never raises: anything the citizen's side may send (not a JSON object, huge, nested garbage)
    gives sentences. Unknown fields are no error and are kept on the model.
    """
    try:
        return Soknad.model_validate(payload), []
    except ValidationError as error:
        return None, norwegian_errors(error)
    except (RecursionError, ValueError, TypeError) as error:
        return None, [f"Søknaden kunne ikke leses ({type(error).__name__})."]
