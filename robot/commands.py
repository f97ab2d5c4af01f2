"""What each command of run_robot.py does. Output here is for people: short, plain, masked."""

from __future__ import annotations

import argparse
import json
import secrets
import shutil
import signal
import sys
import threading
import time
from pathlib import Path

from pydantic import SecretStr

from robot.logs import configure_logging
from robot.runtime import PassOutcome, embedded_sandbox, open_database, run_all_once
from robot.settings import Settings, SettingsError, load_settings

FINAL_STATES = ("proposed", "manual", "quarantined")
FAILURE_STOPS = ("circuit_breaker", "init_failed")


def _prepare(settings: Settings) -> Settings:
    """Create the folders and, for an embedded sandbox without a configured password, make one up."""
    for folder in (settings.paths.data_dir, settings.paths.reports_dir, settings.paths.log_file.parent):
        folder.mkdir(parents=True, exist_ok=True)
    configure_logging(settings.paths.log_file)
    if settings.sandbox.embedded and settings.case_system_password is None:
        settings = settings.model_copy(update={"case_system_password": SecretStr(secrets.token_urlsafe(16))})
    return settings


def _print_outcomes(outcomes: list[PassOutcome]) -> None:
    for outcome in outcomes:
        summary = outcome.summary
        counts = ", ".join(f"{state} {count}" for state, count in sorted(summary.counts.items()) if count)
        print(
            f"{outcome.process}: pass {summary.run_id[:8]} in {summary.duration_seconds:.1f} s: {counts or 'nothing to do'}"
        )
        if summary.stopped_reason:
            print(f"  STOPPED: {summary.stopped_reason}")
        print(f"  report: {outcome.report}")


def once(args: argparse.Namespace) -> int:
    settings = _prepare(load_settings())
    with embedded_sandbox(settings) as effective:
        outcomes = run_all_once(effective)
    _print_outcomes(outcomes)
    return 1 if any(o.summary.stop_code in FAILURE_STOPS for o in outcomes) else 0


def run(args: argparse.Namespace) -> int:
    from robot.scheduler import ScheduledJob, run_scheduled

    settings = _prepare(load_settings())
    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        print("Stopping after the current item...", file=sys.stderr)
        stop.set()

    signal.signal(signal.SIGTERM, request_stop)
    signal.signal(signal.SIGINT, request_stop)
    with embedded_sandbox(settings) as effective:
        jobs = []
        for process in effective.processes:
            if not process.enabled:
                continue

            def one_pass(process_settings=process) -> None:  # type: ignore[no-untyped-def]
                from robot.runtime import purge_evidence, run_process_pass

                purge_evidence(effective)
                database = open_database(effective)
                try:
                    outcome = run_process_pass(effective, process_settings, database, stop.is_set)
                    _print_outcomes([outcome])
                finally:
                    database.dispose()

            jobs.append(
                ScheduledJob(
                    name=process.name,
                    cron=process.schedule,
                    timezone=process.timezone,
                    misfire_grace_seconds=process.misfire_grace_seconds,
                    func=one_pass,
                )
            )
        names = ", ".join(f"{job.name} ({job.cron})" for job in jobs)
        print(f"Running on schedule: {names}. Stop with Ctrl-C or SIGTERM.")
        run_scheduled(jobs, stop)
    print("Stopped cleanly.")
    return 0


def status(args: argparse.Namespace) -> int:
    from robot.status import print_status

    settings = load_settings()
    database = open_database(settings)
    try:
        print_status(database, [p.name for p in settings.processes], passes=args.passes)
    finally:
        database.dispose()
    return 0


def retry_failed(args: argparse.Namespace) -> int:
    from robot.queue_admin import requeue_failed

    settings = load_settings()
    database = open_database(settings)
    try:
        count = requeue_failed(database, args.process, args.references or None)
    finally:
        database.dispose()
    print(f"{count} failed item(s) of {args.process} are back in the queue for the next pass.")
    return 0


def check_config(args: argparse.Namespace) -> int:
    settings = load_settings()
    print(json.dumps(settings.masked(), indent=2, ensure_ascii=False))
    print("The settings are valid.", file=sys.stderr)
    return 0


def demo(args: argparse.Namespace) -> int:
    from robot.status import queue_counts
    from sandbox.runner import Sandbox

    settings = load_settings()
    if settings.environment == "production":
        raise SettingsError("The demo runs only with environment = 'sandbox'; it never touches real systems.")
    count = args.applications if args.applications is not None else settings.sandbox.applications
    seed = args.seed if args.seed is not None else settings.sandbox.seed
    if args.fresh and settings.paths.data_dir.exists():
        shutil.rmtree(settings.paths.data_dir)
        print(f"Deleted {settings.paths.data_dir}/ to start over.")
    settings = _prepare(
        settings.model_copy(update={"sandbox": settings.sandbox.model_copy(update={"embedded": True})})
    )
    password = settings.case_system_password.get_secret_value() if settings.case_system_password else None
    started = time.monotonic()
    with Sandbox(settings.sandbox.data_dir, robot_password=password) as sandbox:
        new = sandbox.seed_synthetic(seed, count, settings.sandbox.month)
        print(
            f"Sandbox started with {count} synthetic applications for {settings.sandbox.month} (seed {seed}), "
            f"{new} of them new to the e-service."
        )
        outcomes = run_all_once(sandbox.point_settings(settings))
    _print_outcomes(outcomes)
    database = open_database(settings)
    counts = queue_counts(database, "forsorjningsstod")
    database.dispose()
    accounted = sum(counts.get(state, 0) for state in FINAL_STATES)
    total = sum(counts.values())
    print(
        f"\nAll applications so far: {total}; proposed {counts.get('proposed', 0)}, manual "
        f"{counts.get('manual', 0)}, quarantined {counts.get('quarantined', 0)}, failed "
        f"{counts.get('failed', 0)}, waiting {total - accounted - counts.get('failed', 0)} "
        f"({time.monotonic() - started:.0f} s)."
    )
    print(f"Log: {settings.paths.log_file}")
    print(
        "Caseworker view: run `python run_robot.py sandbox` and open the case system's /handlaggare page "
        "(the login is printed there)."
    )
    return 0 if accounted == total else 1


def sandbox(args: argparse.Namespace) -> int:
    from sandbox.runner import run_standalone

    settings = load_settings()
    return run_standalone(settings, applications=args.applications, seed=args.seed, faults_file=args.faults)


def calculate(args: argparse.Namespace) -> int:
    from processes.forsorjningsstod.calculate import calculate_file

    settings = load_settings()
    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text(encoding="utf-8")
    except OSError as error:
        print(
            f"The file {args.file} cannot be read ({error.strerror}). Give the path of a JSON file, or - for standard input.",
            file=sys.stderr,
        )
        return 2
    output, ok = calculate_file(text, settings)
    print(output)
    return 0 if ok else 1


def schema(args: argparse.Namespace) -> int:
    from processes.forsorjningsstod.calculate import intake_schema

    print(json.dumps(intake_schema(), indent=2, ensure_ascii=False))
    return 0
