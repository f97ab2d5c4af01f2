"""The sandbox in its own process for the robot benchmark, so the worker's CPU and memory are its own.

``python -m bench.sandbox_server DATA_DIR SEED COUNT MONTH LATENCY_MS [nagle|nodelay]`` (the robot's
password on stdin's first line; ``nagle`` serves without TCP_NODELAY, as the stand-ins did before 2026-12) seeds the stand-ins, prints their addresses as one JSON line, then answers commands on
stdin: ``requests`` prints how many requests the case system served (one JSON line), ``quit`` stops.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sandbox.faults import FaultSettings
from sandbox.runner import Sandbox


def main(argv: list[str]) -> int:
    data_dir, seed, count, month, latency = Path(argv[0]), int(argv[1]), int(argv[2]), argv[3], int(argv[4])
    nagle = argv[5:6] == ["nagle"]
    password = sys.stdin.readline().strip()
    faults = FaultSettings(latency_ms=latency)
    with Sandbox(data_dir, robot_password=password, faults=faults, nagle=nagle) as sandbox:
        sandbox.seed_synthetic(seed, count, month)
        sandbox.case_system_app.state.requests.clear()
        print(json.dumps(sandbox.urls), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "requests":
                logged = sandbox.case_system_app.state.requests.list()
                print(json.dumps({"requests": len(logged)}), flush=True)
            elif command == "quit":
                break
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
