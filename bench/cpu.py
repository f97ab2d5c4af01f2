"""CPU over every process of the worker: Python, Playwright's node driver and each Chromium process.

The total is exact, not sampled: for each live process of the tree it adds the CPU the process used
itself and the CPU of the children it has reaped (Linux keeps both per process), so a renderer that
lived 50 ms is counted in its zygote's figure once it has been waited for. The bench process is made
a child subreaper, so a process whose parent dies is adopted by it and never leaves the tree.

Sampling (every ``interval``, half a second) is only for the breakdown by kind of process (renderer, GPU, browser,
node, Python): each process's own CPU when it was last seen. What no sample saw (processes that
lived between two samples, the last moments of one that ended) is shown as its own line, so the
breakdown adds up to the exact total. The sampler's own CPU is measured and taken out of Python's.

Left out: the stand-ins (their own process, excluded with its children), and the kernel's work that
is not charged to a process (interrupts, other processes' network handling).
"""

from __future__ import annotations

import ctypes
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import psutil

PR_SET_CHILD_SUBREAPER = 36
KINDS = ("renderer", "gpu-process", "utility", "zygote", "browser", "node driver", "shell", "python")


def become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux), so their CPU stays in the tree; False where not possible."""
    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def kind_of(process: psutil.Process) -> str:
    try:
        command = process.cmdline()
    except (psutil.Error, OSError):
        return "ended"
    text = " ".join(command)
    for marker in ("renderer", "gpu-process", "utility", "zygote"):
        if f"--type={marker}" in text:
            return marker
    name = command[0].rsplit("/", 1)[-1] if command else ""
    if name.startswith("chrom"):
        return "browser"
    if name == "node":
        return "node driver"
    if name in ("sh", "bash"):
        return "shell"
    return "python" if "python" in name else name or "other"


@dataclass
class CpuSample:
    at: float  # time.perf_counter()
    total: float  # exact CPU seconds of the tree so far (from the start)
    done: int  # cases done, by the caller's count


@dataclass
class CpuReport:
    seconds: float  # exact CPU seconds of the tree over the measurement, the sampler's own taken out
    by_kind: dict[str, float] = field(default_factory=dict)  # CPU seconds by kind; "not sampled" the rest
    sampler: float = 0.0  # CPU seconds the sampler itself used (not in ``seconds``)
    samples: list[CpuSample] = field(default_factory=list)

    def between(self, start: float, end: float) -> float:
        """CPU seconds of the tree between two ``perf_counter`` times (interpolated between samples)."""
        return self._at(end) - self._at(start)

    def _at(self, moment: float) -> float:
        points = self.samples
        if not points:
            return 0.0
        if moment <= points[0].at:
            return points[0].total
        for before, after in itertools.pairwise(points):
            if before.at <= moment <= after.at:
                share = (moment - before.at) / (after.at - before.at) if after.at > before.at else 0.0
                return before.total + share * (after.total - before.total)
        return points[-1].total

    def breakdown(self) -> str:
        parts = sorted(self.by_kind.items(), key=lambda item: -item[1])
        return ", ".join(
            f"{kind} {seconds / self.seconds * 100:.0f} %" for kind, seconds in parts if seconds > 0
        )


class TreeCpu:
    """Measures the CPU of this process and its descendants (less ``exclude`` and theirs) while running."""

    def __init__(
        self, exclude: set[int] | None = None, interval: float = 0.5, done: Callable[[], int] | None = None
    ) -> None:
        self.root = psutil.Process()
        self.exclude = set(exclude or ())
        self.interval = interval
        self.done = done or (lambda: 0)
        self._own: dict[tuple[int, float], tuple[str, float]] = {}  # (pid, started) -> (kind, own CPU)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._sampler_cpu = 0.0
        self._start_total = 0.0
        self._samples: list[CpuSample] = []
        self.on_sample: Callable[[], None] | None = (
            None  # more work for the sampler (its CPU is excluded too)
        )

    def _tree(self) -> list[psutil.Process]:
        """This process and its descendants, less the excluded ones and theirs (one scan of /proc)."""
        children: dict[int, list[psutil.Process]] = {}
        for process in psutil.process_iter(["ppid"]):
            children.setdefault(process.info["ppid"], []).append(process)
        found = [self.root]
        queue = [self.root.pid]
        while queue:
            for child in children.get(queue.pop(), []):
                if child.pid not in self.exclude and child.pid != self.root.pid:
                    found.append(child)
                    queue.append(child.pid)
        return found

    def _snapshot(self) -> float:
        """The tree's exact CPU so far, and each process's own CPU for the breakdown."""
        total = 0.0
        for process in self._tree():
            try:
                with process.oneshot():
                    times = process.cpu_times()
                    started = process.create_time()
                    key = (process.pid, started)
                    kind = self._own[key][0] if key in self._own else kind_of(process)
            except psutil.Error:
                continue
            total += times.user + times.system + times.children_user + times.children_system
            self._own[key] = (kind, times.user + times.system)
        return total

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            began = time.thread_time()
            if self.on_sample is not None:
                self.on_sample()
            total = self._snapshot()
            self._samples.append(CpuSample(time.perf_counter(), total - self._start_total, self.done()))
            self._sampler_cpu += time.thread_time() - began

    def start(self) -> TreeCpu:
        self._start_total = self._snapshot()
        self._baseline = {key: own for key, (_kind, own) in self._own.items()}
        self._samples.append(CpuSample(time.perf_counter(), 0.0, self.done()))
        self._thread.start()
        return self

    def stop(self) -> CpuReport:
        self._stop.set()
        self._thread.join()
        total = self._snapshot() - self._start_total
        self._samples.append(CpuSample(time.perf_counter(), total, self.done()))
        sampler = self._sampler_cpu
        for sample in self._samples:  # the sampler's CPU grew evenly enough over the run to spread it so
            sample.total -= sampler * (sample.total / total) if total else 0.0
        by_kind = dict.fromkeys(KINDS, 0.0)
        for key, (kind, own) in self._own.items():
            by_kind[kind] = by_kind.get(kind, 0.0) + own - self._baseline.get(key, 0.0)
        by_kind["python"] -= sampler
        exact = total - sampler
        by_kind["not sampled"] = max(0.0, exact - sum(by_kind.values()))
        return CpuReport(exact, by_kind, sampler, self._samples)
