"""``make bench-api``: the rules API under load, beside OpenFisca's web API, in one run.

Starts ``run_robot.py serve`` (the real command, ``--workers`` processes) on a free port and sends
``POST /calculate`` from 8 keep-alive clients for a bounded time (bench/api_load.py), each request a
different household (256 variations of examples/calculate/family.json: rent, costs, children and
reference differ, so no answer can be cached), every answer checked (200 and a calculated result).
It prints requests per second, the median and 99th percentile latency, the server's CPU and the
load generator's own CPU, for each repetition.

Then the same for OpenFisca's web API serving its country template (``openfisca serve``, gunicorn
with as many workers), installed from PyPI into a virtual environment of its own (``.bench/openfisca``),
with 256 households of the template's own variables (salaries, rent, a child). OpenFisca is skipped,
with the reason printed, when it cannot be installed or started.

Both run on this machine beside the load generator; the figures say what the machine's load was.
Targets (issue 22): at least 2,000 requests/s with p99 under 20 ms at 8 clients.

    python -m bench.api_bench                 # 2 workers, 8 clients, 10 s, 2 repetitions
    python -m bench.api_bench --clients 8,32 --seconds 15 --repeat 3
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import random
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from bench.api_load import LoadResult, request_bytes, run_load

PROJECT = Path(__file__).resolve().parents[1]
FAMILY = PROJECT / "examples" / "calculate" / "family.json"
OPENFISCA_VENV = PROJECT / ".bench" / "openfisca"
OPENFISCA_PACKAGES = ("openfisca-core[web-api]", "openfisca-country-template")
TARGET_PER_SECOND = 2000
TARGET_P99 = 0.020
VARIATIONS = 256


@dataclass(frozen=True)
class Server:
    name: str
    port: int
    process: subprocess.Popen[bytes]

    def cpu(self) -> float:
        """CPU seconds of the server and all its workers so far."""
        root = psutil.Process(self.process.pid)
        total = 0.0
        for process in [root, *root.children(recursive=True)]:
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            total += times.user + times.system
        return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def started(name: str, command: list[str], port: int, ready_path: str, cwd: Path) -> Iterator[Server]:
    log = open(os.devnull, "wb")  # noqa: SIM115 - the server's output is not needed, its answers are checked
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped at start (exit code {process.returncode})")
            try:
                if httpx.get(f"http://127.0.0.1:{port}{ready_path}", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer within 120 s") from None
                time.sleep(0.2)
        yield Server(name, port, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


# --- the bodies ------------------------------------------------------------------------------------
def robot_bodies(count: int = VARIATIONS) -> list[bytes]:
    """``count`` different calculate files: the example family with other rents, costs and children."""
    base = json.loads(FAMILY.read_text(encoding="utf-8"))
    rng = random.Random(20211201)
    bodies = []
    for number in range(count):
        data = copy.deepcopy(base)
        application = data["application"]
        application["reference"] = f"ES-BENCH-{number:04d}"
        application["costs"]["rent"] = rng.randrange(3000, 9500, 50)
        application["costs"]["household_electricity"] = rng.randrange(150, 700, 10)
        application["costs"]["home_insurance"] = rng.randrange(80, 300, 10)
        if rng.random() < 0.4:
            application["household_members"] = application["household_members"][:1]
        bodies.append(json.dumps(data).encode())
    return bodies


def openfisca_bodies(count: int = VARIATIONS) -> list[bytes]:
    """``count`` households in OpenFisca's country template: two adults, a child, salaries and rent."""
    rng = random.Random(20211201)
    month = "2021-12"
    bodies = []
    for _ in range(count):
        situation = {
            "persons": {
                "adult_1": {"salary": {month: rng.randrange(0, 4000, 50)}, "income_tax": {month: None},
                            "basic_income": {month: None}, "social_security_contribution": {month: None},
                            "age": {month: 38}},
                "adult_2": {"salary": {month: rng.randrange(0, 3000, 50)}, "income_tax": {month: None},
                            "basic_income": {month: None}, "age": {month: 36}},
                "child": {"age": {month: rng.randrange(1, 17)}},
            },
            "households": {
                "household": {
                    "adults": ["adult_1", "adult_2"],
                    "children": ["child"],
                    "rent": {month: rng.randrange(300, 1500, 10)},
                    "housing_allowance": {month: None},
                    "disposable_income": {month: None},
                }
            },
        }  # fmt: skip
        bodies.append(json.dumps(situation).encode())
    return bodies


# --- the measurement ----------------------------------------------------------------------------------
def measure(
    server: Server, bodies: list[bytes], check: bytes, clients: int, seconds: float
) -> tuple[LoadResult, float]:
    requests = [request_bytes("POST", "/calculate", "127.0.0.1", body) for body in bodies]
    cpu_before = server.cpu()
    result = run_load(
        "127.0.0.1",
        server.port,
        requests,
        lambda status, body: status == 200 and check in body,
        clients=clients,
        seconds=seconds,
    )
    return result, server.cpu() - cpu_before


def report(name: str, result: LoadResult, server_cpu: float) -> str:
    span = result.seconds + result.warm_up
    return (
        f"  {name:<28} {result.summary()}; server CPU {server_cpu / span * 100:.0f} % of a core "
        f"({server_cpu / max(len(result.latencies) + result.warm_answers, 1) * 1000:.2f} ms per request), "
        f"load generator {result.client_cpu / span * 100:.0f} %"
    )


def openfisca_ready(workers: int) -> tuple[list[str] | None, str]:
    """The command serving OpenFisca's country template, or None and why it cannot."""
    python = OPENFISCA_VENV / "bin" / "python"
    if not python.exists():
        made = subprocess.run(
            [sys.executable, "-m", "venv", str(OPENFISCA_VENV)], capture_output=True, text=True
        )
        if made.returncode != 0:
            return None, f"no virtual environment could be made: {made.stderr.strip()[-300:]}"
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *OPENFISCA_PACKAGES], capture_output=True, text=True
    )
    if installed.returncode != 0:
        return None, f"pip install {' '.join(OPENFISCA_PACKAGES)} failed: {installed.stderr.strip()[-300:]}"
    serve = OPENFISCA_VENV / "bin" / "openfisca"
    return [
        str(serve),
        "serve",
        "--country-package",
        "openfisca_country_template",
        "--workers",
        str(workers),
    ], ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server worker processes")
    parser.add_argument("--clients", default="8", help="concurrent clients, comma-separated (default 8)")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured seconds per run (default 10)")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each (default 2)")
    parser.add_argument("--no-openfisca", action="store_true", help="measure the rules API only")
    args = parser.parse_args(argv)
    clients = [int(part) for part in args.clients.split(",")]
    load = os.getloadavg()
    print(
        f"API benchmark {time.strftime('%Y-%m-%d %H:%M')}: POST /calculate, {VARIATIONS} different households, "
        f"{args.workers} workers, clients {clients}, {args.seconds:g} s per run after 2 s warm-up, "
        f"{args.repeat} runs; {os.cpu_count()} cores shared with the load generator "
        f"(load average {load[0]:.2f} at start)"
    )
    print(
        f"targets: at least {TARGET_PER_SECOND:,} requests/s, p99 under {TARGET_P99 * 1000:.0f} ms at 8 clients"
    )
    port = free_port()
    command = [sys.executable, "run_robot.py", "serve", "--port", str(port), "--workers", str(args.workers)]
    best: LoadResult | None = None
    with started("rules API", command, port, "/health", PROJECT) as server:
        for count in clients:
            for run in range(1, args.repeat + 1):
                result, cpu = measure(server, robot_bodies(), b'"ok":true', count, args.seconds)
                print(report(f"rules API, run {run}", result, cpu), flush=True)
                if count == 8 and (best is None or result.per_second > best.per_second):
                    best = result
    if best is not None:
        met = best.per_second >= TARGET_PER_SECOND and best.percentile(0.99) < TARGET_P99
        print(
            f"  rules API at 8 clients, best run: {best.summary()} ({'target met' if met else 'target NOT met'})"
        )
    if args.no_openfisca:
        return 0
    openfisca, reason = openfisca_ready(args.workers)
    if openfisca is None:
        print(f"  OpenFisca skipped: {reason}")
        return 0
    port = free_port()
    try:
        with started("OpenFisca", [*openfisca, "--port", str(port)], port, "/spec", PROJECT) as server:
            for count in clients:
                for run in range(1, args.repeat + 1):
                    result, cpu = measure(server, openfisca_bodies(), b'"households"', count, args.seconds)
                    print(report(f"OpenFisca template, run {run}", result, cpu), flush=True)
    except RuntimeError as error:
        print(f"  OpenFisca skipped: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
