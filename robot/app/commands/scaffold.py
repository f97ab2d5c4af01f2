"""``new-process NAME``: write a working skeleton of a new process and its settings block."""

from __future__ import annotations

import argparse
from pathlib import Path

from robot.scaffold import ScaffoldError, create
from robot.settings import SettingsError, config_path


def new_process(args: argparse.Namespace) -> int:
    project = Path.cwd()
    if not (project / "processes").is_dir() or not (project / "rules").is_dir():
        raise SettingsError("Run new-process from the project folder (the one with processes/ and rules/).")
    settings_file = config_path()
    try:
        made = create(
            project,
            args.name,
            args.title or args.name.replace("_", " ").capitalize(),
            args.language,
            settings_file if settings_file.is_file() else None,
        )
    except ScaffoldError as error:
        raise SettingsError(str(error)) from None
    for path in made.written:
        print(f"wrote {path.relative_to(project)}")
    for path in made.kept:
        print(f"kept  {path.relative_to(project)} (it exists)")
    if made.rules_kept is not None:
        print(
            f"kept  {made.rules_kept.relative_to(project)}/ (the rules exist: no example rules were written)"
        )
    if made.settings_file is not None:
        print(f"added a [[processes]] block for {args.name!r} to {made.settings_file}")
    print(
        f"\nNext: `make test` runs its test and YAML cases; `python run_robot.py once` runs it with its example "
        f"systems. Then make it real: the form in processes/{args.name}/process.py, the systems in "
        f"processes/{args.name}/systems.py and factory.py, the rules and their dated amounts in rules/{args.name}/ "
        "(README: How IT staff add a process)."
    )
    return 0
