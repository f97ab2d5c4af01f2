"""The journal note of every benefit, in its own words: a text a caseworker reads in a minute.

It names the application, lists every row by kind with the rule that gave it and where its amount
comes from, repeats how a figure was computed where the row alone does not say it, states the sums
and the rounding, the proposal or every reason for manual handling with its legal reference, what
the applicant can supply, the applicant's own words quoted in full, and the sources of the amounts.
"""

from __future__ import annotations

import re

from rules.engine.money import format_kr
from rules.engine.shape import DecisionShape

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def quote(text: str) -> str:
    """The applicant's words, in full, made safe for a plain-text note: line breaks kept (indented),
    control and bidirectional-override characters replaced, tabs as spaces."""
    cleaned = CONTROL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    return "«" + "\n    ".join(cleaned.strip("\n").split("\n")) + "»"


def amount_sources(decision: DecisionShape) -> list[str]:
    """The sources of every parameter value a rule used, in order of first use, once each."""
    seen: dict[str, None] = {}
    for line in decision.trace:
        for parameter in line["parameters"]:
            source = parameter["source"] if isinstance(parameter, dict) else parameter.source
            seen.setdefault(str(source), None)
    return list(seen)


def render_note(decision: DecisionShape) -> str:
    """The journal note for ``decision``: every line with the rule that gave it, and the legal basis."""
    words = decision.texts
    out = [words.note_title.format(reference=decision.reference, month=words.month_name(decision.month))]
    legal = {line["rule_id"]: line["legal_reference"] for line in decision.trace}
    for kind, heading in words.kind_headings.items():
        rows = [line for line in decision.lines if line.kind == kind]
        if not rows:
            continue
        basis = legal.get(rows[0].rule_id)
        out.append(f"{heading} ({basis}):" if basis else f"{heading}:")
        for row in rows:
            source = f" ({row.source.text})" if row.source is not None else ""
            out.append(f"  {row.label}: {format_kr(row.amount)}  [{words.note_rule} {row.rule_id}]{source}")
        explained = words.explained.get(kind, ())
        out.extend(
            f"  {line['reason']}  [{words.note_rule} {line['rule_id']}]"
            for line in decision.trace
            if line["fired"] and line["rule_id"] in explained
        )
    if decision.need is not None:
        out.append(words.note_need.format(need=format_kr(decision.need)))
    if decision.income_total is not None:
        out.append(words.note_income.format(income=format_kr(decision.income_total)))
    if decision.rounding is not None:
        if decision.outcome == words.manual:
            out.append(words.note_manual_figure.format(amount=format_kr(decision.rounding.rounded)))
        else:
            out.append(decision.rounding.text)
    if decision.outcome == words.grant:
        out.append(words.note_grant.format(amount=format_kr(decision.amount or 0)))
    elif decision.outcome == words.reject:
        out.append(words.note_reject)
        out.extend(f"  {reason.text}" for reason in decision.reasons)
    else:
        out.append(words.note_manual)
        out.extend(f"  - {reason.text} ({reason.legal_reference})" for reason in decision.reasons)
    if decision.completion:
        out.append(words.note_completion)
        out.extend(
            f"  - {item.text}" + (f" ({item.detail})" if item.detail else "") for item in decision.completion
        )
    if decision.free_texts:
        out.append(words.note_free_texts)
        out.extend(f"  {text.label}: {quote(text.text)}" for text in decision.free_texts)
    sources = amount_sources(decision)
    if sources:
        out.append(words.note_sources.format(sources="; ".join(sources)))
    if decision.unverified_parameters:
        out.append(words.note_unverified.format(listed=", ".join(decision.unverified_parameters)))
    out.append(words.note_footer.format(municipality=decision.municipality))
    return "\n".join(out)
