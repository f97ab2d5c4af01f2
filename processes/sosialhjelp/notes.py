"""Journal notes and tasks that always fit the case system: the full text, or a shortened one that keeps
every reason and the amounts and says where the full explanation is (the work item and the report)."""

from __future__ import annotations

from connectors.case_system.limits import cut, text_length
from processes.sosialhjelp.texts import MANUAL_HEAD, POINTER, SHORTENED, SUPPORT, TASK_HEAD, TASK_TAIL
from rules.engine.money import format_kr
from rules.sosialhjelp import Decision


def manual_note(reference: str, reasons: list[str], decision: Decision | None) -> str:
    """Every reason, then the robot's calculation when there is one."""
    lines = [MANUAL_HEAD.format(reference=reference), *(f"  - {reason}" for reason in reasons)]
    if decision is not None:
        lines += ["", SUPPORT, decision.journal_note()]
    return "\n".join(lines)


def summary_lines(decision: Decision) -> list[str]:
    """The calculation's lines and total, without rules and sources (what a shortened note keeps)."""
    lines = [f"  {line.label}: {format_kr(line.amount)}" for line in decision.lines]
    if decision.amount is not None:
        lines.append(f"  Beløp: {format_kr(decision.amount)}")
    return lines


def fitted(
    full: str, reference: str, reasons: list[str], decision: Decision | None, limit: int | None
) -> str:
    """``full`` when it fits ``limit``; else every reason and the amounts, and where the rest is."""
    if limit is None or text_length(full) <= limit:
        return full
    head = [MANUAL_HEAD.format(reference=reference)] if reasons else [f"Søknad {reference}:"]
    body = [*head, *(f"  - {reason}" for reason in reasons)]
    if decision is not None:
        body += summary_lines(decision)
    body += [SHORTENED, POINTER.format(reference=reference)]
    return cut("\n".join(body), limit)


def proposal_note(decision: Decision, limit: int | None) -> str:
    return fitted(decision.journal_note(), decision.reference, [], decision, limit)


def manual(reference: str, reasons: list[str], decision: Decision | None, limit: int | None) -> str:
    return fitted(manual_note(reference, reasons, decision), reference, reasons, decision, limit)


def task(reference: str, reasons: list[str], limit: int | None) -> str:
    full = "\n".join(
        [TASK_HEAD.format(reference=reference), *(f"- {reason}" for reason in reasons), TASK_TAIL]
    )
    return full if limit is None else cut(full, limit)
