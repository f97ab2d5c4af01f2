"""``run_robot.py serve``: the rules web API and the public calculator, until Ctrl-C or SIGTERM."""

from __future__ import annotations

import argparse

from robot.api import serve as serve_api
from robot.settings import load_settings


def serve(args: argparse.Namespace) -> int:
    settings = load_settings()
    print(
        f"Rules API: http://{args.host}:{args.port}/health; calculator: http://{args.host}:{args.port}/kalkylator",
        flush=True,
    )
    serve_api(settings, host=args.host, port=args.port)
    return 0
