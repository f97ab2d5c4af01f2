"""Commands for IT staff looking after the robot: ``status``, ``check-config``, ``retry-failed``."""

from __future__ import annotations

import argparse
import json
import sys

from robot.commands.common import choose_process
from robot.runtime import open_database
from robot.settings import load_settings


def status(args: argparse.Namespace) -> int:
    from robot.status import print_status

    settings = load_settings()
    database = open_database(settings)
    try:
        print_status(database, settings.processes, passes=args.passes)
    finally:
        database.dispose()
    return 0


def retry_failed(args: argparse.Namespace) -> int:
    from robot.queue_admin import requeue_failed

    settings = load_settings()
    process = choose_process(settings, args.process)
    database = open_database(settings)
    try:
        count = requeue_failed(database, process.name, args.references or None)
    finally:
        database.dispose()
    print(f"{count} failed item(s) of {process.name} are back in the queue for the next pass.")
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
