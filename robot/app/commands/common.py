"""What the commands share: preparing folders and logging, choosing a process, printing a pass."""

from __future__ import annotations

import os

from robot.app.runtime import PassOutcome
from robot.logs import configure_logging
from robot.settings import ProcessSettings, Settings, SettingsError

FINAL_STATES = ("proposed", "manual", "quarantined")
FAILURE_STOPS = ("circuit_breaker", "init_failed")


def private_folder(path: os.PathLike[str] | str) -> None:
    """Create ``path`` (and parents) readable only by the owner, whatever the umask."""
    os.makedirs(path, mode=0o700, exist_ok=True)
    os.chmod(path, 0o700)


def prepare(settings: Settings) -> Settings:
    """Create the robot's folders (owner-only) and start logging."""
    for folder in (settings.paths.data_dir, settings.paths.reports_dir, settings.paths.log_file.parent):
        private_folder(folder)
    configure_logging(settings.paths.log_file)
    return settings


def choose_process(settings: Settings, name: str | None) -> ProcessSettings:
    """The process named ``--process``, or the first in the settings when none is named."""
    if not settings.processes:
        raise SettingsError("No process is configured: add a [[processes]] block to the settings file.")
    if name is None:
        return settings.processes[0]
    try:
        return settings.process(name)
    except KeyError as error:
        raise SettingsError(str(error.args[0])) from None


def print_outcomes(outcomes: list[PassOutcome]) -> None:
    for outcome in outcomes:
        summary = outcome.summary
        counts = ", ".join(f"{state} {count}" for state, count in sorted(summary.counts.items()) if count)
        print(
            f"{outcome.process}: pass {summary.run_id[:8]} in {summary.duration_seconds:.1f} s: "
            f"{counts or 'nothing to do'}"
        )
        if summary.intake_problem:
            print(f"  NOT READ: {summary.intake_problem}")
        if summary.stopped_reason:
            print(f"  STOPPED: {summary.stopped_reason}")
        if outcome.report is not None:
            print(f"  report: {outcome.report}")
        else:
            print("  no report: nothing was received or handled in this pass")
