"""Run every benchmark and print one line each: ``python -m bench``."""

from __future__ import annotations

import sys
from collections.abc import Callable

from bench import rules_bench

BENCHMARKS: list[tuple[str, Callable[[], str]]] = [
    ("rules", rules_bench.run),
]


def main(argv: list[str]) -> int:
    """Run the benchmarks named in ``argv`` (all when empty)."""
    wanted = set(argv)
    for name, run in BENCHMARKS:
        if not wanted or name in wanted:
            print(run(), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
