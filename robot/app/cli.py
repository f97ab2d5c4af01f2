"""The command line: ``python run_robot.py <command>``. Each command is one function in robot.app.commands.

Everything the robot writes is owner-only: the process umask is 077 before any file is created.
A closed pipe (``schema | head``) ends the command quietly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from robot.app.commands import admin, evidence, metrics, privacy, run, scaffold, tools
from robot.app.commands import serve as serve_command
from robot.settings import SettingsError

PRIVATE_UMASK = 0o077


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_robot.py",
        description="Prepares proposed decisions on applications in the case system; a caseworker decides.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="start the sandbox, seed it, run one pass headless, print a summary")
    demo.add_argument("--applications", type=int, default=None, help="how many applications (default 25)")
    demo.add_argument("--seed", type=int, default=None, help="seed for the synthetic data (default 2021)")
    demo.add_argument("--fresh", action="store_true", help="delete the data folder first and start over")
    demo.add_argument(
        "--month",
        default=None,
        help="the month applied for, YYYY-MM (default: the settings'; with --fresh to start over)",
    )

    sub.add_parser("once", help="run one pass of every process and exit")
    sub.add_parser("run", help="run unattended on the schedule in the settings; stop with Ctrl-C or SIGTERM")
    status = sub.add_parser("status", help="show the queue by state and the last passes")
    status.add_argument("--passes", type=int, default=5, help="how many recent passes to list")
    status.add_argument(
        "--check",
        action="store_true",
        help="exit 1 with a sentence when a pass failed, a circuit breaker opened, items failed or passes stopped",
    )
    shown_metrics = sub.add_parser(
        "metrics", help="serve the Prometheus metrics at /metrics until Ctrl-C, or --print them once"
    )
    shown_metrics.add_argument("--print", action="store_true", help="print the metrics once and exit")
    shown_metrics.add_argument(
        "--host", default=None, help="the address to listen on (default: [metrics] host)"
    )
    shown_metrics.add_argument(
        "--port", type=int, default=None, help="the port (default: [metrics] port, else 9464)"
    )
    sub.add_parser("check-config", help="validate the settings and print them, secrets masked")
    sub.add_parser(
        "migrate",
        help="bring the database to the newest schema (every start does it too) and print its revision",
    )
    retry = sub.add_parser("retry-failed", help="send failed items back to the queue once the cause is fixed")
    retry.add_argument("--process", default=None, help="the process (default: the first in the settings)")
    retry.add_argument("references", nargs="*", help="only these references (default: every failed item)")

    purge = sub.add_parser(
        "purge", help="pseudonymise items and delete reports, logs and evidence past their retention"
    )
    purge.add_argument("--dry-run", action="store_true", help="say what would be removed; change nothing")
    items = sub.add_parser("items", help="export: everything the robot holds about one person, as JSON")
    items.add_argument("action", choices=["export"])
    items.add_argument("reference", nargs="?", help="the reference of one of the person's items")
    items.add_argument("--person", default=None, help="or the person's identity number")
    items.add_argument("--process", default=None, help="the process of REF (default: found in any)")
    items.add_argument(
        "--output", type=Path, default=None, help="write to this file (owner-only), not stdout"
    )

    sandbox = sub.add_parser("sandbox", help="start the stand-in systems standalone until Ctrl-C")
    sandbox.add_argument("--applications", type=int, default=None, help="seed this many applications")
    sandbox.add_argument("--seed", type=int, default=None)
    sandbox.add_argument("--faults", type=Path, default=None, help="a JSON file of fault settings")

    calculate = sub.add_parser("calculate", help="print the decision and full trace for one application")
    calculate.add_argument("file", help="a JSON file in the calculate format, or - to read standard input")
    schema = sub.add_parser("schema", help="print the JSON Schema of a process's application (intake) format")
    parameters = sub.add_parser(
        "parameters", help="list a process's parameters, check a year's values, or verify a year"
    )
    parameters.add_argument("action", nargs="?", choices=["list", "check", "verify"], default="list")
    parameters.add_argument("year", nargs="?", type=int, default=None, help="the year to check or verify")
    parameters.add_argument(
        "--source", default="", help='verify: the official text checked, e.g. "SFS 2023:727"'
    )
    parameters.add_argument("--by", default="", help="verify: who checked the values against it")
    shown = sub.add_parser("evidence", help="open an item's encrypted evidence into a private folder")
    shown.add_argument("action", choices=["show"])
    shown.add_argument("item", help="the item's reference (or id)")
    shown.add_argument("--process", default=None, help="the process (default: the first in the settings)")
    serve = sub.add_parser("serve", help="serve the rules web API and the public calculator until Ctrl-C")
    serve_command.add_arguments(serve)
    new = sub.add_parser(
        "new-process", help="create a working skeleton of a new process and its settings block"
    )
    new.add_argument(
        "name", help="the process's name: lower-case letters, digits and _ (e.g. bostadsanpassning)"
    )
    new.add_argument("--title", default=None, help="a readable title for reports (default: from the name)")
    new.add_argument("--language", choices=["sv", "nb"], default="sv", help="caseworker-facing language")
    for command in (calculate, schema, parameters):
        command.add_argument(
            "--process", default=None, help="the process (default: the first in the settings)"
        )
    return parser


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "demo": run.demo,
    "once": run.once,
    "run": run.run,
    "sandbox": run.sandbox,
    "status": admin.status,
    "metrics": metrics.metrics,
    "check-config": admin.check_config,
    "migrate": admin.migrate,
    "retry-failed": admin.retry_failed,
    "purge": privacy.purge,
    "items": privacy.export,
    "calculate": tools.calculate,
    "schema": tools.schema,
    "parameters": tools.parameters,
    "new-process": scaffold.new_process,
    "evidence": evidence.show,
    "serve": serve_command.serve,
}


def main(argv: Sequence[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = build_parser().parse_args(argv)
    try:
        code = HANDLERS[args.command](args)
        sys.stdout.flush()
        return code
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `schema | head`): stop writing, without a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0
