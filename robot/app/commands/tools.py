"""A process's own commands for IT staff: ``calculate``, ``schema`` and ``parameters``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from robot.app.commands.common import choose_process
from robot.process import ProcessTools
from robot.settings import ProcessSettings, SettingsError, load_settings
from robot.settings.process_context import process_context


def _tools(process: ProcessSettings) -> ProcessTools:
    tools = process.process_definition.tools
    if tools is None:
        raise SettingsError(f"The process {process.name!r} has no calculate, schema or parameters commands.")
    return tools


def calculate(args: argparse.Namespace) -> int:
    settings = load_settings()
    process = choose_process(settings, args.process)
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(
            f"The file {args.file} cannot be read ({error.strerror}). Give the path of a JSON file, or - "
            "for standard input.",
            file=sys.stderr,
        )
        return 2
    output, ok = _tools(process).calculate(text, process_context(settings, process))
    print(json.dumps(output, indent=2, ensure_ascii=False))
    return 0 if ok else 1


def schema(args: argparse.Namespace) -> int:
    settings = load_settings()
    process = choose_process(settings, args.process)
    print(json.dumps(_tools(process).schema(), indent=2, ensure_ascii=False))
    return 0


def parameters(args: argparse.Namespace) -> int:
    settings = load_settings()
    process = choose_process(settings, args.process)
    tools, context = _tools(process), process_context(settings, process)
    if args.action in ("check", "verify") and args.year is None:
        raise SettingsError(f"Say which year: python run_robot.py parameters {args.action} 2026")
    if args.action == "check":
        text, ok = tools.check_parameters(args.year, context)
        print(text)
        return 0 if ok else 1
    if args.action == "verify":
        verify = getattr(tools, "verify_parameters", None)  # optional: see robot.process.ProcessTools
        if verify is None:
            raise SettingsError(f"The process {process.name!r} has no parameters verify command.")
        text, ok = verify(args.year, args.source, args.by, context)
        print(text)
        return 0 if ok else 1
    print(tools.parameters(context))
    return 0
