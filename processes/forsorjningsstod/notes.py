"""Journal notes and work-list tasks that always fit the case system, whatever an application holds.

The full explanation (every calculation line with its rule, the sums, the rounding, the sources) is
written when it fits the limit the case system's page states (its ``maxlength``). When it does not,
a shortened note keeps every reason and the amounts and says where the full explanation is: on the
work item and in the pass's report, where nothing is ever cut. The calculation rows go first; a
reason is shortened only when the reasons alone are longer than the limit, and then what the
applicant wrote (the quoted free text) is shortened first, so its amount and legal basis stay.
Lengths are counted as the browser counts ``maxlength`` (:mod:`connectors.case_system.limits`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from connectors.case_system.limits import cut, text_length
from rules.engine.money import format_kr
from rules.forsorjningsstod import Decision
from rules.forsorjningsstod.note import month_name

SHORTENED = "(Förkortad anteckning: hela texten är längre än verksamhetssystemet tar emot.)"
POINTER = (
    "Hela beräkningen med varje rad, regel och källa finns i robotens rapport för körningen och i "
    "robotens arbetspost för ansökan {reference}."
)
MANUAL_HEAD = "Ärendet lämnas till handläggare för manuell handläggning eftersom:"
ROBOT_MANUAL_HEAD = (
    "Ansökan {reference}: roboten lämnar ärendet till handläggare för manuell handläggning eftersom:"
)
TASK_HEAD = "Ansökan {reference} behöver handläggas manuellt:"
TASK_TAIL = "Se journalanteckningen med samma referens."
TASK_MORE = "… och {count} skäl till."
MIN_REASON = 40  # below this a cut reason says nothing; then the whole note is cut instead
MIN_QUOTE = 12  # what is kept at least of a quoted free text before the reason itself is cut
QUOTED = re.compile(r'"([^"]*)"')


def cut_reason(reason: str, units: int) -> str:
    """``reason`` in at most ``units``: its quoted free text shortened first, then its end."""
    for quoted in sorted(QUOTED.finditer(reason), key=lambda m: -len(m.group(1))):
        excess = text_length(reason) - units
        if excess <= 0:
            break
        inner = quoted.group(1)
        keep = max(text_length(inner) - excess, MIN_QUOTE)
        if keep < text_length(inner):
            reason = reason[: quoted.start(1)] + cut(inner, keep) + reason[quoted.end(1) :]
    return cut(reason, units)


@dataclass
class NoteParts:
    """A note in parts a shortened version is made of: ``head`` and ``tail`` (the amounts) are always
    kept, ``rows`` (the calculation lines) dropped first, and ``reasons`` kept, if need be cut."""

    reference: str
    head: list[str]
    reasons: list[str]
    tail: list[str] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)
    reasons_head: str = ""


def _compose(parts: NoteParts, reasons: list[str], rows: bool, pointer: str) -> str:
    lines = [*parts.head, SHORTENED]
    if rows:
        lines.extend(parts.rows)
    if reasons:
        lines.extend([parts.reasons_head] if parts.reasons_head else [])
        lines.extend(f"  - {reason}" for reason in reasons)
    lines.extend(parts.tail)
    lines.append(pointer)
    return "\n".join(lines)


def fit(full: str, limit: int | None, parts: NoteParts) -> str:
    """``full`` when it fits ``limit``; otherwise the shortest loss that fits (see the module docstring)."""
    if limit is None or text_length(full) <= limit:
        return full
    pointer = POINTER.format(reference=parts.reference)
    for rows in (True, False):
        text = _compose(parts, parts.reasons, rows, pointer)
        if text_length(text) <= limit:
            return text
    fixed = text_length(_compose(parts, ["" for _ in parts.reasons], False, pointer))
    squeezed = _squeeze(parts.reasons, limit - fixed)
    if squeezed is not None:
        text = _compose(parts, squeezed, False, pointer)
        if text_length(text) <= limit:
            return text
    # Not even the reasons' starts fit: keep the beginning and always say where the rest is.
    return cut(_compose(parts, parts.reasons, False, ""), limit - text_length(pointer) - 1) + "\n" + pointer


def _squeeze(reasons: list[str], units: int) -> list[str] | None:
    """Every reason, the longest cut first, so that together they take at most ``units``; None if impossible."""
    if not reasons or units < MIN_REASON * len(reasons):
        return None
    allowance: dict[int, int] = {}
    left, remaining = units, sorted(range(len(reasons)), key=lambda i: text_length(reasons[i]))
    while remaining:
        share = left // len(remaining)
        index = remaining.pop(0)
        allowance[index] = min(text_length(reasons[index]), share)
        left -= allowance[index]
    return [cut_reason(reason, allowance[i]) for i, reason in enumerate(reasons)]


# --- the parts of the robot's notes ------------------------------------------------------------------


def _amounts(decision: Decision) -> list[str]:
    lines = []
    if decision.need is not None:
        lines.append(f"Summa behov: {format_kr(decision.need)}")
    if decision.income_total is not None:
        lines.append(f"Summa inkomster: {format_kr(decision.income_total)}")
    if decision.rounding is not None and decision.outcome == "manuell":
        lines.append(f"Beräknat belopp (till handläggarens stöd): {format_kr(decision.rounding.rounded)}.")
    elif decision.outcome == "bevilja":
        lines.append(f"Förslag: bevilja {format_kr(decision.amount or 0)} (SoL 4 kap. 1 och 3 §§).")
    elif decision.outcome == "avsla":
        lines.append("Förslag: avslag, eftersom inkomsterna täcker behovet (SoL 4 kap. 1 §).")
    return lines


def decision_parts(decision: Decision, reasons: list[str]) -> NoteParts:
    """The parts of a note on a calculated application: its rows, its reasons, its amounts."""
    return NoteParts(
        reference=decision.reference,
        head=[f"Ansökan {decision.reference} om försörjningsstöd för {month_name(decision.month)}."],
        rows=[f"  {line.label}: {format_kr(line.amount)}" for line in decision.lines],
        reasons=reasons,
        reasons_head=MANUAL_HEAD if decision.outcome == "manuell" else "",
        tail=_amounts(decision),
    )


def manual_parts(reference: str, reasons: list[str], decision: Decision | None) -> NoteParts:
    """The parts of a manual-handling note: every reason, and the figures when they were calculated."""
    parts = NoteParts(
        reference=reference,
        head=[ROBOT_MANUAL_HEAD.format(reference=reference)],
        reasons=reasons,
    )
    if decision is not None:
        parts.rows = [f"  {line.label}: {format_kr(line.amount)}" for line in decision.lines]
        parts.tail = _amounts(decision)
    return parts


def task_text(reference: str, reasons: list[str], limit: int | None) -> str:
    """The caseworker's "Att göra" task: the reasons that fit the task's limit, then how many more.

    The task points at the journal note, which holds every reason.
    """
    head, tail = TASK_HEAD.format(reference=reference), TASK_TAIL
    full = "\n".join([head, *(f"- {r}" for r in reasons), tail])
    if limit is None or text_length(full) <= limit:
        return full
    lines = [head]
    for index, reason in enumerate(reasons):
        more = TASK_MORE.format(count=len(reasons) - index - 1)
        line = f"- {cut_reason(reason, 160)}"
        if text_length("\n".join([*lines, line, more, tail])) > limit:
            lines.append(TASK_MORE.format(count=len(reasons) - index))
            break
        lines.append(line)
    return cut("\n".join([*lines, tail]), limit)
