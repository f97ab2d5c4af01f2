"""Commands that run passes: ``once``, ``run`` (on the schedule), ``demo`` and the standalone ``sandbox``.

``demo`` and ``sandbox`` are the only commands that import the sandbox; ``once`` and ``run`` start it
only when the settings ask for an embedded one (by the provider's dotted name in ``[sandbox]``).
"""

from __future__ import annotations

import argparse
import re
import shutil
import signal
import sys
import threading
import time
from urllib.parse import urlparse

from robot.api import BackgroundApi
from robot.app.commands.common import FAILURE_STOPS, FINAL_STATES, prepare, print_outcomes
from robot.app.embedded import (
    configured_systems,
    embedded_sandbox,
    estimating_process,
    point_at,
    secret_values,
    with_sandbox_secrets,
)
from robot.app.runtime import open_database, purge_evidence, run_all_once, run_process_pass
from robot.settings import SettingsError, load_settings


def once(args: argparse.Namespace) -> int:
    settings = prepare(load_settings())
    with embedded_sandbox(settings) as effective:
        outcomes = run_all_once(effective)
    print_outcomes(outcomes)
    return 1 if any(o.summary.stop_code in FAILURE_STOPS for o in outcomes) else 0


def run(args: argparse.Namespace) -> int:
    from robot.engine.scheduler import ScheduledJob, run_scheduled

    settings = prepare(load_settings())
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
                purge_evidence(effective)
                database = open_database(effective)
                try:
                    outcome = run_process_pass(effective, process_settings, database, stop.is_set)
                    print_outcomes([outcome])
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


def demo(args: argparse.Namespace) -> int:
    from robot.report.status import queue_counts
    from sandbox.runner import NORWEGIAN_PASSWORD_SECRET, ROBOT_PASSWORD_SECRET, Sandbox

    settings = load_settings()
    if settings.environment == "production":
        raise SettingsError("The demo runs only with environment = 'sandbox'; it never touches real systems.")
    count = args.applications if args.applications is not None else settings.sandbox.applications
    seed = args.seed if args.seed is not None else settings.sandbox.seed
    month = args.month if args.month is not None else settings.sandbox.month
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", month):
        raise SettingsError(
            f"The demo's month must be written YYYY-MM in 2000-2099, the years the e-service takes, e.g. "
            f"2024-12 (not {month!r}); give it with --month or sandbox.month in the settings."
        )
    if args.fresh and settings.paths.data_dir.exists():
        shutil.rmtree(settings.paths.data_dir)
        print(f"Deleted {settings.paths.data_dir}/ to start over.")
    settings = with_sandbox_secrets(prepare(settings))
    started = time.monotonic()
    secrets = secret_values(settings)
    estimating = estimating_process(settings)
    with (
        BackgroundApi(settings) as api,
        Sandbox(
            settings.sandbox.data_dir,
            robot_password=secrets.get(ROBOT_PASSWORD_SECRET),
            norwegian_robot_password=secrets.get(NORWEGIAN_PASSWORD_SECRET),
            estimate_url=api.estimate_url(estimating) if estimating else None,
        ) as sandbox,
    ):
        new = sandbox.seed_synthetic(seed, count, month)
        new_norwegian = sandbox.seed_norwegian(seed, count)
        print(
            f"Sandbox started with {count} synthetic Swedish applications for {month} and {count} "
            f"Norwegian ones (seed {seed}); {new} and {new_norwegian} of them new."
        )
        outcomes = run_all_once(point_at(settings, sandbox.urls))
    print_outcomes(outcomes)
    database = open_database(settings)
    all_accounted = True
    print()
    for process in settings.processes:
        counts = queue_counts(database, process.name)
        accounted = sum(counts.get(state, 0) for state in FINAL_STATES)
        total = sum(counts.values())
        all_accounted = all_accounted and accounted == total
        print(
            f"{process.name}: all applications so far: {total}; proposed {counts.get('proposed', 0)}, manual "
            f"{counts.get('manual', 0)}, quarantined {counts.get('quarantined', 0)}, failed "
            f"{counts.get('failed', 0)}, waiting {total - accounted - counts.get('failed', 0)}."
        )
    database.dispose()
    print(f"({time.monotonic() - started:.0f} s). Log: {settings.paths.log_file}")
    print(
        "Caseworker view: run `python run_robot.py sandbox` and open the case system's /handlaggare page "
        "(the login is printed there)."
    )
    return 0 if all_accounted else 1


def _port(url: str) -> int:
    port = urlparse(url).port
    return 80 if port is None else port


def sandbox(args: argparse.Namespace) -> int:
    from sandbox.runner import run_standalone

    settings = load_settings()
    ports = {system: _port(url) for system, url in configured_systems(settings).items()}
    return run_standalone(
        data_dir=settings.sandbox.data_dir,
        ports=ports,
        secrets=secret_values(settings),
        applications=args.applications if args.applications is not None else settings.sandbox.applications,
        seed=args.seed if args.seed is not None else settings.sandbox.seed,
        month=settings.sandbox.month,
        reseed=args.applications is not None,
        faults_file=args.faults,
    )
