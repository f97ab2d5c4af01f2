"""Commands for keeping personal data only as long as allowed: ``purge [--dry-run]`` and ``items export``.

``purge`` pseudonymises items and deletes reports, rotated logs and evidence past their retention
(robot.app.purge; ``run`` does it daily). ``items export REF`` (or ``--person NUMBER``) prints, as
JSON, everything the robot's database holds about the person an item is about: a subject access
request (GDPR article 15). The export is unmasked, since it is the person's own data: it is written
owner-only and the command says how to hand it over.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from robot.app.commands.common import prepare
from robot.app.purge import carry_out, describe, plan_purge, pseudonym_key
from robot.app.runtime import open_database
from robot.queue.models import Notification, WorkItem, utcnow
from robot.queue.store import WorkQueue
from robot.queue.subject_access import persons_items
from robot.settings import Settings, SettingsError, load_settings


def purge(args: argparse.Namespace) -> int:
    settings = prepare(load_settings())
    key = None if args.dry_run else pseudonym_key(settings)
    database = open_database(settings)
    try:
        plan = plan_purge(settings, database)
        if key is not None:
            carry_out(plan, settings, database, key)
    finally:
        database.dispose()
    print("Dry run: nothing was changed." if args.dry_run else "Purged what was past its retention.")
    for line in describe(plan, dry_run=args.dry_run):
        print(line)
    return 0


def _time(moment: Any) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def _notice(notice: Notification) -> dict[str, Any]:
    return {
        "step": notice.step,
        "channel": notice.channel,
        "state": notice.state,
        "details": notice.details,
        "written_at": _time(notice.created_at),
        "sent_at": _time(notice.sent_at),
    }


def _item(
    item: WorkItem, subject: str | None, notices: list[Notification], report: str | None
) -> dict[str, Any]:
    return {
        "process": item.process,
        "reference": item.reference,
        "role": "applicant" if subject and item.subject == subject else "named in the application",
        "state": item.state,
        "period": item.period,
        "identity_number": item.subject,
        "name": item.subject_name,
        "received_at": _time(item.created_at),
        "submitted_at": _time(item.submitted_at),
        "finished_at": _time(item.finished_at),
        "attempts": item.attempts,
        "application": item.payload,
        "register_data": item.data,
        "proposal": item.decision,
        "proposed_amount": item.amount,
        "reasons": item.reasons,
        "calculation_trace": item.trace,
        "errors": item.errors,
        "last_error": item.last_error,
        "caseworker_decision": {
            "outcome": item.decided_outcome,
            "amount": item.decided_amount,
            "by": item.decided_by,
            "at": _time(item.decided_at),
        },
        "notices": [_notice(notice) for notice in notices if notice.item_id == item.id],
        "evidence_files": [{"file": path, "still_kept": Path(path).is_file()} for path in item.evidence],
        "report_of_its_last_pass": report,
        "pseudonymised_at": _time(item.pseudonymised_at),
    }


def _anchor(settings: Settings, database: Any, reference: str, process: str | None) -> WorkItem:
    names = [process] if process else [p.name for p in settings.processes]
    found = [item for name in names if (item := WorkQueue(database, name).get(reference)) is not None]
    if not found:
        where = f"the process {process!r}" if process else "any process"
        raise SettingsError(
            f"No item {reference!r} in {where}; give the reference of one of the person's items."
        )
    if len(found) > 1:
        raise SettingsError(f"{reference!r} is an item of several processes; say which with --process.")
    return found[0]


def export(args: argparse.Namespace) -> int:
    settings = load_settings()
    if bool(args.reference) == bool(args.person):
        raise SettingsError("Give the reference of one of the person's items, or --person IDENTITY_NUMBER.")
    secret = settings.secrets.get(settings.retention.pseudonym_key_secret)
    key = secret.get_secret_value().encode("utf-8") if secret is not None else None
    database = open_database(settings)
    try:
        anchor = _anchor(settings, database, args.reference, args.process) if args.reference else None
        subject = args.person or (anchor.subject if anchor else None)
        found = persons_items(database, subject, key, anchor.subject_hash if anchor else None)
        reports = {}
        for item in found.items:
            record = WorkQueue(database, item.process).pass_of(item.run_id) if item.run_id else None
            reports[item.id] = record.report_path if record is not None else None
    finally:
        database.dispose()
    document = {
        "exported_at": _time(utcnow()),
        "identity_number": subject,
        "items": [_item(item, subject, found.notices, reports.get(item.id)) for item in found.items],
        "not_in_this_export": [
            "the evidence files' contents (screenshots, page HTML, traces): "
            "`python run_robot.py evidence show REF` decrypts them",
            "earlier passes' reports may list an item too (the report folder, by date)",
            "log lines: they name items by reference, with identity numbers masked",
            "what the e-service, the income register and the case system hold: ask their owners",
        ]
        + ([] if key or not subject else ["pseudonymised items: the pseudonym key is not set"]),
    }
    _write(json.dumps(document, indent=2, ensure_ascii=False, default=str), args.output)
    print(
        f"{len(found.items)} item(s) and {len(found.notices)} notice(s). The export holds personal data: hand it "
        "to the person securely and delete your copy.",
        file=sys.stderr,
    )
    return 0


def _write(text: str, output: Path | None) -> None:
    if output is None:
        print(text)
        return
    descriptor = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text + "\n")
