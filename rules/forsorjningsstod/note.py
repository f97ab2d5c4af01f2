"""The journal note: a short Swedish text a caseworker reads in a minute.

It names the application, lists the calculation rows (in a shared household also how the family's
share of the shared costs was computed and who counts only for the split), states the result (with
the rounding), and if the case goes to manual handling, every reason with its legal reference.
"""

from __future__ import annotations

from rules.engine.money import format_kr
from rules.forsorjningsstod import catalog
from rules.forsorjningsstod.decision import Decision

MONTHS = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
KIND_HEADINGS = {"norm": "Riksnorm", "kostnad": "Kostnader", "inkomst": "Inkomster (avdrag)"}
# Rules whose fired trace text is repeated in the note after the rows of that kind: how a figure
# was computed when the row alone does not say it (the family's share in a shared household).
EXPLAINED = {"norm": (catalog.DELAT_HUSHALL.id,)}


def month_name(month: str) -> str:
    """``"2021-12"`` -> ``"december 2021"``."""
    year, number = month.split("-")
    return f"{MONTHS[int(number) - 1]} {year}"


def _legal_references(decision: Decision) -> dict[str, str]:
    return {line["rule_id"]: line["legal_reference"] for line in decision.trace}


def amount_sources(decision: Decision) -> list[str]:
    """The sources of every parameter value a fired rule used, in order of first use, once each."""
    seen: dict[str, None] = {}
    for line in decision.trace:
        if line["fired"]:
            for parameter in line["parameters"]:
                source = parameter["source"] if isinstance(parameter, dict) else parameter.source
                seen.setdefault(str(source), None)
    return list(seen)


def _explanations(decision: Decision, rule_ids: tuple[str, ...]) -> list[str]:
    return [
        f"  {line['reason']}  [regel {line['rule_id']}]"
        for line in decision.trace
        if line["fired"] and line["rule_id"] in rule_ids
    ]


def render_note(decision: Decision) -> str:
    """The journal note for ``decision``: every line with the rule that gave it, and the legal basis."""
    out = [f"Ansökan {decision.reference} om försörjningsstöd för {month_name(decision.month)}."]
    legal = _legal_references(decision)
    for kind, heading in KIND_HEADINGS.items():
        rows = [line for line in decision.lines if line.kind == kind]
        if rows:
            basis = legal.get(rows[0].rule_id)
            out.append(f"{heading} ({basis}):" if basis else f"{heading}:")
            out.extend(f"  {line.label}: {format_kr(line.amount)}  [regel {line.rule_id}]" for line in rows)
            out.extend(_explanations(decision, EXPLAINED.get(kind, ())))
    if decision.need is not None:
        out.append(f"Summa behov: {format_kr(decision.need)}")
    if decision.income_total is not None:
        out.append(f"Summa inkomster: {format_kr(decision.income_total)}")
    if decision.rounding is not None:
        if decision.outcome == "manuell":
            out.append(f"Beräknat belopp (till handläggarens stöd): {format_kr(decision.rounding.rounded)}.")
        else:
            out.append(decision.rounding.text)
    if decision.outcome == "bevilja":
        out.append(f"Förslag: bevilja {format_kr(decision.amount or 0)} (SoL 4 kap. 1 och 3 §§).")
    elif decision.outcome == "avsla":
        out.append("Förslag: avslag, eftersom inkomsterna täcker behovet (SoL 4 kap. 1 §).")
        out.extend(f"  {reason.text}" for reason in decision.reasons)
    else:
        out.append("Ärendet lämnas till handläggare för manuell handläggning eftersom:")
        out.extend(f"  - {reason.text} ({reason.legal_reference})" for reason in decision.reasons)
    sources = amount_sources(decision)
    if sources:
        out.append("Källor för belopp: " + "; ".join(sources) + ".")
    if decision.unverified_parameters:
        listed = ", ".join(decision.unverified_parameters)
        out.append(f"OBS: följande belopp är ej verifierade mot officiell källa: {listed}.")
    out.append(
        f"Beräkningen är gjord automatiskt enligt publicerade regler ({decision.municipality}); "
        "förslaget granskas och beslutas av handläggare."
    )
    return "\n".join(out)
