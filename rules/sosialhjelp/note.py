"""The journal note: a short Norwegian text a caseworker reads in a minute.

It names the application, lists every line with the rule behind it, states the sums and the
rounding, the proposal or every reason for manual handling with its legal reference, and the
sources of the rates used.
"""

from __future__ import annotations

from rules.engine.money import format_kr
from rules.sosialhjelp.decision import Decision
from rules.sosialhjelp.evaluation import month_name

KIND_HEADINGS = {
    "livsopphold": "Livsopphold etter veiledende satser",
    "utgift": "Utgifter utenom satsene (faktiske utgifter)",
    "inntekt": "Inntekter som trekkes fra (netto)",
}
LAW = "sosialtjenesteloven § 18"


def _legal_references(decision: Decision) -> dict[str, str]:
    return {line["rule_id"]: line["legal_reference"] for line in decision.trace}


def rate_sources(decision: Decision) -> list[str]:
    """The sources of every parameter value a rule used, in order of first use, once each."""
    seen: dict[str, None] = {}
    for line in decision.trace:
        for parameter in line["parameters"]:
            source = parameter["source"] if isinstance(parameter, dict) else parameter.source
            seen.setdefault(str(source), None)
    return list(seen)


def render_note(decision: Decision) -> str:
    """The journal note for ``decision``: every line with the rule that gave it, and the legal basis."""
    out = [
        f"Søknad {decision.reference} om økonomisk stønad til livsopphold for {month_name(decision.month)}."
    ]
    legal = _legal_references(decision)
    for kind, heading in KIND_HEADINGS.items():
        rows = [line for line in decision.lines if line.kind == kind]
        if rows:
            basis = legal.get(rows[0].rule_id)
            out.append(f"{heading} ({basis}):" if basis else f"{heading}:")
            out.extend(f"  {line.label}: {format_kr(line.amount)}  [regel {line.rule_id}]" for line in rows)
    if decision.need is not None:
        out.append(f"Sum behov: {format_kr(decision.need)}")
    if decision.income_total is not None:
        out.append(f"Sum inntekter: {format_kr(decision.income_total)}")
    if decision.rounding is not None:
        if decision.outcome == "manuell":
            out.append(
                f"Beregnet beløp (til støtte for saksbehandler): {format_kr(decision.rounding.rounded)}."
            )
        else:
            out.append(decision.rounding.text)
    if decision.outcome == "innvilge":
        out.append(f"Forslag: innvilge {format_kr(decision.amount or 0)} ({LAW}).")
    elif decision.outcome == "avslag":
        out.append(f"Forslag: avslag, fordi inntektene dekker behovet ({LAW}).")
        out.extend(f"  {reason.text}" for reason in decision.reasons)
    else:
        out.append("Saken overlates til saksbehandler for manuell behandling fordi:")
        out.extend(f"  - {reason.text} ({reason.legal_reference})" for reason in decision.reasons)
    sources = rate_sources(decision)
    if sources:
        out.append("Kilder for satser og datoer: " + "; ".join(sources) + ".")
    if decision.unverified_parameters:
        listed = ", ".join(decision.unverified_parameters)
        out.append(f"OBS: følgende satser er ikke verifisert mot offisiell kilde: {listed}.")
    out.append(
        "Satsene er veiledende; beregningen er gjort automatisk etter publiserte regler, og forslaget "
        "kontrolleres og vedtas av saksbehandler etter en individuell vurdering."
    )
    return "\n".join(out)
