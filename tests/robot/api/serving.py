"""``run_robot.py serve`` in a subprocess on a free port, and raw-socket clients to attack it with.

The tests of the API's limits run against the real command (uvicorn, its workers, the guarded
protocol), not an in-process test client, because what they test lives in the server: how much of
a body it reads, how long it lets a client take, what happens when its files run out.
"""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[3]


@dataclass
class RunningServe:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def rss(self) -> int:
        """The resident memory of the server and its workers together (bytes)."""
        root = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [root, *root.children(recursive=True)])

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, text: str, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while text not in (logged := self.log_text()):
            assert time.monotonic() < deadline, (
                f"{text!r} never appeared in the server's log:\n{logged[-2000:]}"
            )
            time.sleep(0.05)
        return logged

    def connect(self) -> socket.socket:
        return socket.create_connection(("127.0.0.1", self.port), timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_serve(tmp_path: Path, *args: str, files: int | None = None) -> Iterator[RunningServe]:
    """The API served by ``run_robot.py serve ARGS`` (one worker unless ARGS say otherwise); ``files``
    sets the subprocess's file limit (soft and hard), as a small ``ulimit -n`` would."""
    port = free_port()
    log = tmp_path / f"serve-{port}.log"

    def limit_files() -> None:
        if files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

    command = [sys.executable, "run_robot.py", "serve", "--port", str(port)]
    if "--workers" not in args:
        command += ["--workers", "1"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*command, *args],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
            preexec_fn=limit_files,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    served = RunningServe(port, process, log)
    try:
        deadline = time.monotonic() + 180  # a busy shared machine starts Python slowly
        while True:
            assert process.poll() is None, f"serve stopped:\n{served.log_text()}"
            try:
                if httpx.get(served.url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline, f"serve did not answer within 180 s:\n{served.log_text()}"
                time.sleep(0.1)
        yield served
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def read_status(sock: socket.socket) -> int | None:
    """The status of the whole answer on ``sock``, read to its end (None if the server closed without one)."""
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            return None
        if not chunk:
            return None
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        return None
    length = next(
        (int(line[15:]) for line in head.lower().split(b"\r\n") if line.startswith(b"content-length:")), 0
    )
    while len(body) < length:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, TimeoutError):
            break
        if not chunk:
            break
        body += chunk
    return int(head[9:12])


def closed_by_server(sock: socket.socket) -> bool:
    """Whether the server has closed ``sock`` (reading gives end-of-file or a reset) - without waiting."""
    sock.setblocking(False)
    try:
        while True:
            if not sock.recv(65536):
                return True
    except BlockingIOError:
        return False
    except ConnectionError:
        return True
    finally:
        sock.setblocking(True)


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.05)


def raise_own_file_limit(wanted: int) -> None:
    """Let this test process hold ``wanted`` sockets (up to its hard limit)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(wanted, hard), hard))
