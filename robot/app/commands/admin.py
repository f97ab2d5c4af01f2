"""Commands for IT staff looking after the robot: ``status``, ``check-config``, ``migrate``, ``retry-failed``."""

from __future__ import annotations

import argparse
import json
import sys

from robot.app.commands.common import choose_process, prepare
from robot.app.runtime import open_database
from robot.settings import load_settings


def status(args: argparse.Namespace) -> int:
    from robot.report.health import problems
    from robot.report.status import print_status

    settings = load_settings()
    database = open_database(settings)
    try:
        if args.check:
            found = problems(database, settings.processes)
            for problem in found:
                print(problem)
            if not found:
                enabled = ", ".join(p.name for p in settings.processes if p.enabled) or "no process"
                print(
                    f"OK: {enabled} ran on schedule; the last passes started, completed and failed nothing."
                )
            return 1 if found else 0
        print_status(database, settings.processes, passes=args.passes)
    finally:
        database.dispose()
    return 0


def retry_failed(args: argparse.Namespace) -> int:
    """Reconcile failed items with the target system, then send the rest back to the queue."""
    from robot.app.embedded import embedded_sandbox
    from robot.app.runtime import engine_options
    from robot.engine.reconciliation import retry_failed as reconcile_and_requeue
    from robot.settings.process_context import process_context

    settings = prepare(load_settings())
    chosen = choose_process(settings, args.process)
    with embedded_sandbox(settings) as effective:
        process_settings = effective.process(chosen.name)
        process = process_settings.process_definition.create(process_context(effective, process_settings))
        database = open_database(effective)
        try:
            outcome = reconcile_and_requeue(
                process,
                database,
                chosen.name,
                engine_options(effective, process_settings),
                args.references or None,
            )
        finally:
            database.dispose()
    for reference, state in sorted(outcome.completed.items()):
        print(f"{reference}: already written in the target system; now {state}.")
    if not outcome.system_reached:
        print(
            "The target system could not be reached to check; every item is queued and is checked before writing."
        )
    print(
        f"{len(outcome.completed)} failed item(s) of {chosen.name} were found written and are done; "
        f"{len(outcome.requeued)} are back in the queue for the next pass."
    )
    return 0


def check_config(args: argparse.Namespace) -> int:
    settings = load_settings()
    print(json.dumps(settings.masked(), indent=2, ensure_ascii=False))
    missing = [name for name, state in settings.masked()["secrets"].items() if state == "missing"]
    if missing and not settings.sandbox.embedded:
        names = ", ".join(missing)
        print(f"The settings are valid, but these secrets are not set: {names}.", file=sys.stderr)
        return 1
    print("The settings are valid.", file=sys.stderr)
    return 0


def migrate(args: argparse.Namespace) -> int:
    """Apply the database migrations (a deployment's upgrade step) and say which revision it is at."""
    from robot.masking import mask_url_password
    from robot.queue.schema import current_revision

    settings = load_settings()
    database = open_database(settings)  # migrates
    try:
        revision = current_revision(database)
    finally:
        database.dispose()
    print(
        f"The database {mask_url_password(settings.database.url)} is at schema revision {revision} (the newest)."
    )
    return 0
