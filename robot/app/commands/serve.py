"""``run_robot.py serve``: the rules web API and the public calculator, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse

from robot.api.connections import ConnectionLimits
from robot.api.serve import ServeOptions
from robot.api.serve import serve as serve_api
from robot.settings import load_settings

DEFAULTS = ServeOptions()


def add_arguments(parser: argparse.ArgumentParser) -> None:
    limits = DEFAULTS.limits
    parser.add_argument("--host", default=DEFAULTS.host)
    parser.add_argument("--port", type=int, default=DEFAULTS.port)
    parser.add_argument(
        "--workers", type=int, default=DEFAULTS.workers, help="worker processes (default: one per core)"
    )
    parser.add_argument(
        "--header-timeout",
        type=float,
        default=limits.header_timeout,
        help=f"seconds a request's headers may take to arrive (default {limits.header_timeout:g})",
    )
    parser.add_argument(
        "--body-timeout",
        type=float,
        default=limits.body_timeout,
        help=f"seconds a request's body may take after its headers (default {limits.body_timeout:g})",
    )
    parser.add_argument(
        "--max-connections",
        type=int,
        default=limits.max_connections,
        help=f"open connections per worker, within its file limit (default {limits.max_connections})",
    )


def serve(args: argparse.Namespace) -> int:
    load_settings()  # a settings error stops here, with its sentence, before any worker starts
    options = ServeOptions(
        host=args.host,
        port=args.port,
        workers=max(1, args.workers),
        limits=ConnectionLimits(
            header_timeout=args.header_timeout,
            body_timeout=args.body_timeout,
            max_connections=args.max_connections,
        ),
    )
    base = f"http://{args.host}:{args.port}"
    print(f"Rules API: {base}/health; calculator: {base}/kalkylator ({options.workers} workers)", flush=True)
    serve_api(options)
    return 0
