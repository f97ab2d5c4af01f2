"""The command line: ``python run_robot.py <command>``. Each command is one function in robot.commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from robot import commands
from robot.settings import SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="run_robot.py",
        description="Prepares proposed decisions on reapplications for försörjningsstöd in the case system.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = sub.add_parser("demo", help="start the sandbox, seed it, run one pass headless, print a summary")
    demo.add_argument("--applications", type=int, default=None, help="how many applications (default 25)")
    demo.add_argument("--seed", type=int, default=None, help="seed for the synthetic data (default 2021)")
    demo.add_argument("--fresh", action="store_true", help="delete the data folder first and start over")

    sub.add_parser("once", help="run one pass of every process and exit")
    sub.add_parser("run", help="run unattended on the schedule in the settings; stop with Ctrl-C or SIGTERM")
    status = sub.add_parser("status", help="show the queue by state and the last passes")
    status.add_argument("--passes", type=int, default=5, help="how many recent passes to list")
    sub.add_parser("check-config", help="validate the settings and print them, secrets masked")
    retry = sub.add_parser("retry-failed", help="send failed items back to the queue once the cause is fixed")
    retry.add_argument("--process", default="forsorjningsstod")
    retry.add_argument("references", nargs="*", help="only these references (default: every failed item)")

    sandbox = sub.add_parser("sandbox", help="start the three stand-in systems standalone until Ctrl-C")
    sandbox.add_argument("--applications", type=int, default=None, help="seed this many applications")
    sandbox.add_argument("--seed", type=int, default=None)
    sandbox.add_argument("--faults", type=Path, default=None, help="a JSON file of fault settings")

    calculate = sub.add_parser("calculate", help="print the decision and full trace for one application")
    calculate.add_argument("file", help="a JSON file in the calculate format, or - to read standard input")
    sub.add_parser("schema", help="print the JSON Schema of the application (intake) format")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {
        "demo": commands.demo,
        "once": commands.once,
        "run": commands.run,
        "status": commands.status,
        "check-config": commands.check_config,
        "retry-failed": commands.retry_failed,
        "sandbox": commands.sandbox,
        "calculate": commands.calculate,
        "schema": commands.schema,
    }[args.command]
    try:
        return handler(args)
    except SettingsError as error:
        print(str(error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
