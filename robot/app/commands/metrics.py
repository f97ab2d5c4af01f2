"""``metrics``: the Prometheus metrics, served at ``/metrics`` until Ctrl-C or SIGTERM, or printed once.

The figures are read from the database at every scrape (robot.report.metrics), so this command, a
worker (``run`` with ``[metrics] port``) and the console all serve the same.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from robot.app.runtime import open_database
from robot.report.metrics import exposition, serve_metrics
from robot.settings import load_settings

DEFAULT_PORT = 9464


def metrics(args: argparse.Namespace) -> int:
    settings = load_settings()
    database = open_database(settings)
    try:
        if args.print:
            sys.stdout.write(exposition(database, settings.processes).decode("utf-8"))
            return 0
        host = args.host or settings.metrics.host
        port = args.port if args.port is not None else settings.metrics.port or DEFAULT_PORT
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda _signum, _frame: stop.set())
        server = serve_metrics(database, settings.processes, host, port)
        print(f"Metrics: http://{host}:{server.server_port}/metrics (Ctrl-C or SIGTERM stops)", flush=True)
        try:
            stop.wait()
        finally:
            server.shutdown()
            server.server_close()
    finally:
        database.dispose()
    print("Stopped.")
    return 0
